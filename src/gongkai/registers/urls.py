from django.urls import path, register_converter

from gongkai.registers import views
from gongkai.registers.states import MOVES


class MoveConverter:
    regex = "|".join(MOVES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MoveConverter, "move")

app_name = "registers"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.edit, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/<move:action>/", views.move, name="move"),
    path("<int:pk>/reply-check/", views.check_reply, name="check_reply"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("export.xlsx", views.export, name="export"),
    path("import/", views.import_view, name="import"),
    path("annual/", views.annual_page, name="annual"),
    path("annual.xlsx", views.annual_xlsx, name="annual_xlsx"),
]
