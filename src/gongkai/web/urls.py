from django.contrib.auth import views as auth_views
from django.urls import path, register_converter

from gongkai.accounts.views import OwnPasswordChangeView
from gongkai.oversight.signin import RateLimitedLoginView
from gongkai.registry import views as registry
from gongkai.web import views


class KindConverter:
    """The kinds of child record the generic edit/delete views handle."""

    regex = "site|person|account|column"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UnitChildConverter(KindConverter):
    regex = "site|person|account"


class DecisionConverter(KindConverter):
    regex = "approve|reject"


register_converter(KindConverter, "kind")
register_converter(DecisionConverter, "decision")
register_converter(UnitChildConverter, "unitchild")

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", RateLimitedLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", OwnPasswordChangeView.as_view(), name="password_change"),
    path("units/", registry.unit_list, name="unit_list"),
    path("units/new/", registry.unit_edit, name="unit_new"),
    path("units/<int:unit_id>/", registry.unit_detail, name="unit_detail"),
    path("units/<int:unit_id>/edit/", registry.unit_edit, name="unit_edit"),
    path("units/<int:unit_id>/delete/", registry.unit_delete, name="unit_delete"),
    path("units/<int:parent_id>/<unitchild:kind>/new/", registry.child_edit, name="child_new"),
    path("sites/<int:parent_id>/columns/new/", registry.child_edit, {"kind": "column"}, name="column_new"),
    path("<kind:kind>/<int:pk>/edit/", registry.child_edit, name="child_edit"),
    path("<kind:kind>/<int:pk>/delete/", registry.child_delete, name="child_delete"),
    path("categories/", registry.categories, name="categories"),
    path("registry/template.xlsx", registry.registry_template, name="registry_template"),
    path("registry/export.xlsx", registry.registry_export, name="registry_export"),
    path("registry/import/", registry.registry_import, name="registry_import"),
    path("registry/changes/", registry.registry_changes, name="registry_changes"),
    path("registry/changes/<int:pk>/<decision:decision>/", registry.decide_change, name="decide_change"),
]
