from django.urls import path

from gongkai.registers import newmedia_views as views

app_name = "newmedia"
urlpatterns = [
    path("", views.accounts, name="accounts"),
    path("<int:pk>/posts/", views.posts, name="posts"),
    path("import/", views.import_view, name="import"),
    path("crawl/", views.crawl_view, name="crawl"),
]
