from __future__ import annotations

from django import forms
from django.db import models

from gongkai.accounts import access
from gongkai.registry.models import Column, NewMediaAccount, Person, Site, Unit, UnitCategory


def _formfield(field: models.Field, **kwargs) -> forms.Field | None:
    """Addresses typed without a scheme get http://: many county sites still have no HTTPS."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "http")
    return field.formfield(**kwargs)


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["region", "category", "name", "order", "active", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = access.visible_regions(user)


class UniqueInParentForm(forms.ModelForm):
    """A child record's form without its parent field (the view sets the unit or site): Django
    skips the unique constraints that name a field the form leaves out, so a duplicate would only
    fail in the database. ``unique_in_parent`` = (parent field, fields that must be unique within
    the parent, Chinese message); the error goes on the last of the fields."""

    unique_in_parent: tuple[str, tuple[str, ...], str]

    def clean(self) -> dict:
        data = super().clean()
        parent, fields, message = self.unique_in_parent
        values = {name: data.get(name) for name in fields}
        parent_id = getattr(self.instance, f"{parent}_id")
        if parent_id and all(v not in (None, "") for v in values.values()):
            others = type(self.instance)._default_manager.filter(**{f"{parent}_id": parent_id}, **values)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error(fields[-1], message)
        return data


class SiteForm(UniqueInParentForm):
    unique_in_parent = ("unit", ("url",), "本单位已登记这个网址的网站。")

    class Meta:
        model = Site
        formfield_callback = _formfield
        fields = ["name", "url", "site_id_code", "is_portal", "active"]


class ColumnForm(UniqueInParentForm):
    unique_in_parent = ("site", ("url",), "本网站已登记这个网址的栏目。")

    class Meta:
        model = Column
        formfield_callback = _formfield
        fields = ["name", "url", "column_type", "window_days"]
        help_texts = {
            "window_days": "留空则按栏目类型取默认周期：动态/要闻14天，通知公告/政策文件6个月，其他1年。"
        }


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["role", "name", "title", "mobile", "landline", "qq", "email"]


class NewMediaAccountForm(UniqueInParentForm):
    unique_in_parent = ("unit", ("platform", "name"), "本单位在该平台已登记同名账号。")

    class Meta:
        model = NewMediaAccount
        formfield_callback = _formfield
        fields = [
            "platform",
            "name",
            "account_id",
            "status",
            "certification_body",
            "opened_on",
            "closed_on",
            "url",
        ]
        widgets = {
            "opened_on": forms.DateInput(attrs={"type": "date"}),
            "closed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict:
        data = super().clean()
        name = data.get("name")
        if name and self.instance.unit_id and "name" not in self.errors:
            self.instance.name = name
            if self.instance.same_name_in_region().exists():
                self.add_error("name", "本地区已登记同名的政务新媒体账号（账号名称在地区内不能重复）。")
        return data


class CategoryForm(forms.ModelForm):
    class Meta:
        model = UnitCategory
        fields = ["name", "order", "government"]


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel文件（.xlsx）")
