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


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        formfield_callback = _formfield
        fields = ["name", "url", "site_id_code", "is_portal", "active"]


class ColumnForm(forms.ModelForm):
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


class NewMediaAccountForm(forms.ModelForm):
    class Meta:
        model = NewMediaAccount
        formfield_callback = _formfield
        fields = ["platform", "name", "account_id", "status", "url"]


class CategoryForm(forms.ModelForm):
    class Meta:
        model = UnitCategory
        fields = ["name", "order"]


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel文件（.xlsx）")
