from django.urls import path

from gongkai.circulars import views

app_name = "circulars"

urlpatterns = [
    path("", views.published_list, name="published_list"),
    path("<int:period_id>/publish/", views.publish, name="publish"),
    path("<int:period_id>/settings/", views.edit_settings, name="settings"),
    path("<int:period_id>/files/<int:index>/", views.download, name="download"),
    path("<int:period_id>/charts/<slug:name>.png", views.chart, name="chart"),
]
