"""New-media accounts to the registry's standard: the contract's platforms (今日头条 → 头条号 and
移动客户端 → 其他 by the data migration), the account form's name unique within the region, and
the closing date not before the opening date."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client

from gongkai.registry.forms import NewMediaAccountForm
from gongkai.registry.models import NewMediaAccount, Unit

pytestmark = pytest.mark.django_db

migration = importlib.import_module("gongkai.registry.migrations.0006_newmedia_standard")


def test_the_data_migration_renames_old_platforms(sample_county):
    unit = Unit.objects.get(region=sample_county["偃师市"], name="教育体育局")
    for platform, name in (("今日头条", "头条"), ("移动客户端", "客户端"), ("微博", "微博号")):
        NewMediaAccount.objects.create(unit=unit, platform=platform, name=name)
    migration.forwards(apps, None)
    assert dict(NewMediaAccount.objects.values_list("name", "platform")) == {
        "头条": "头条号",
        "客户端": "其他",
        "微博号": "微博",
    }
    assert set(NewMediaAccount.Platform.values) == {"微信公众号", "微博", "抖音", "头条号", "快手", "其他"}


def _form(unit: Unit, **data) -> NewMediaAccountForm:
    values = {"platform": "微信公众号", "name": "偃师发布", "status": "已备案", "account_id": "", "url": ""}
    return NewMediaAccountForm({**values, **data}, instance=NewMediaAccount(unit=unit))


def test_the_form_refuses_a_name_already_used_in_the_region(sample_county):
    yanshi = sample_county["偃师市"]
    education = Unit.objects.get(region=yanshi, name="教育体育局")
    police = Unit.objects.get(region=yanshi, name="公安局")
    NewMediaAccount.objects.create(unit=police, platform="抖音", name="偃师发布")
    form = _form(education)
    assert not form.is_valid() and "账号名称在地区内不能重复" in form.errors["name"][0]
    assert _form(education, name="偃师教育").is_valid()
    shangnan = Unit.objects.filter(region=sample_county["商南县"]).first()
    assert _form(shangnan).is_valid()  # another region may use the name


def test_the_form_refuses_closing_before_opening(sample_county):
    unit = Unit.objects.filter(region=sample_county["偃师市"]).first()
    form = _form(unit, opened_on="2024-05-01", closed_on="2024-04-01")
    assert not form.is_valid() and "关停日期不能早于开通日期" in form.errors["closed_on"][0]


def test_the_unit_page_edits_an_account_with_the_new_fields(users):
    unit = Unit.objects.get(region__name="偃师市", name="教育体育局")
    client = Client()
    client.force_login(users["unit_admin"])
    response = client.post(
        f"/units/{unit.pk}/account/new/",
        {
            "platform": "头条号",
            "name": "偃师教育头条",
            "status": "已备案",
            "certification_body": "偃师市教育体育局",
            "opened_on": "2022-03-01",
            "url": "https://www.toutiao.com/c/ysjy",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account = NewMediaAccount.objects.get(name="偃师教育头条")
    assert account.certification_body == "偃师市教育体育局" and str(account.opened_on) == "2022-03-01"
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert "偃师教育头条" in page and "2022-03-01" in page
