from django.urls import path

from gongkai.registers import messages_views as views

app_name = "messages"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.edit, name="new"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/close/", views.close, name="close"),
    path("export.xlsx", views.export, name="export"),
    path("import/", views.import_view, name="import"),
    path("stats/", views.stats_page, name="stats"),
    path("stats.xlsx", views.stats_xlsx, name="stats_xlsx"),
]
