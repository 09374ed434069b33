from django.contrib import admin
from django.urls import include, path

from gongkai.api.views import api

handler400 = "gongkai.web.views.bad_request"

admin.site.site_header = "gongkai 后台管理"
admin.site.site_title = "gongkai 后台管理"
admin.site.index_title = "登记信息管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("assessment/", include("gongkai.assessment.urls")),
    path("followup/", include("gongkai.followup.urls")),
    path("circulars/", include("gongkai.circulars.urls")),
    path("applications/", include("gongkai.registers.urls")),
    path("submissions/", include("gongkai.registers.urls_submissions")),
    path("newmedia/", include("gongkai.registers.urls_newmedia")),
    path("messages/", include("gongkai.registers.urls_messages")),
    path("", include("gongkai.web.oversight_urls")),
    path("", include("gongkai.web.urls")),
]
