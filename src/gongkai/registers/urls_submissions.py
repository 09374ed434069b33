from django.urls import path

from gongkai.registers import submissions_views as views

app_name = "submissions"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.edit, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("export.xlsx", views.export, name="export"),
    path("import/", views.import_view, name="import"),
    path("stats/", views.stats_page, name="stats"),
    path("stats.xlsx", views.stats_xlsx, name="stats_xlsx"),
]
