"""Registry edits that change scores: a unit administrator switching off its own (vetoed) site
waits for the supervisor, the old value holding; approval applies it and the audit log says so;
the next recomputation names the change in the trace and in the score log, instead of only
"手动重新计算". Every other edit, on the pages or in the admin, is recorded with old → new."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.assessment import services
from gongkai.assessment.models import ScoreChange
from gongkai.oversight.models import Event
from gongkai.registry.models import RegistryChange, Site
from tests.followup.conftest import setup  # noqa: F401  (a fixture: a guoban-2019 period, 教育体育局 vetoed)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _site_form(site: Site, **changes) -> dict:
    data = {"name": site.name, "url": site.url, "site_id_code": site.site_id_code, "active": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_unit_admin_switching_off_its_site_waits_for_approval_and_shows_in_the_trace(setup, users):  # noqa: F811
    period, edu, site = setup["period"], setup["edu"], setup["edu_site"]
    before = period.scores.get(unit=edu)
    assert before.vetoed and before.total == 0

    admin = _client(users["unit_admin"])
    response = admin.post(f"/site/{site.pk}/edit/", _site_form(site, active=None), follow=True)
    assert "已提交监管人员审批" in response.content.decode()
    site.refresh_from_db()
    assert site.active  # the old value holds
    (change,) = RegistryChange.objects.filter(status=RegistryChange.Status.PENDING)
    assert (change.unit, change.field, change.old, change.new) == (edu, "active", "是", "否")
    assert change.requested_by == users["unit_admin"] and change.scoring
    assert "启用：是 → 否" in admin.get(f"/units/{edu.pk}/").content.decode()  # the unit sees it waiting
    assert admin.get("/registry/changes/").status_code == 403
    assert admin.post(f"/registry/changes/{change.pk}/approve/").status_code == 403

    services.recompute(period, user=users["supervisor"], reason="手动重新计算")
    assert period.scores.get(unit=edu).total == 0  # nothing changed while pending

    boss = _client(users["supervisor"])
    page = boss.get("/registry/changes/").content.decode()
    assert "启用：是 → 否" in page and "unit_admin" in page
    other_region = _client(users["shangnan_supervisor"])
    assert "启用：是 → 否" not in other_region.get("/registry/changes/").content.decode()
    assert other_region.post(f"/registry/changes/{change.pk}/approve/").status_code == 404
    boss.post(f"/registry/changes/{change.pk}/approve/")
    site.refresh_from_db()
    change.refresh_from_db()
    assert not site.active
    assert change.status == RegistryChange.Status.APPROVED and change.decided_by == users["supervisor"]
    logged = list(Event.objects.filter(kind=Event.Kind.REGISTRY).values_list("message", "user__username"))
    assert any(m.startswith("提交待审批") and "启用：是 → 否" in m and u == "unit_admin" for m, u in logged)
    assert any(m.startswith("批准") and "启用：是 → 否" in m and u == "supervisor" for m, u in logged)
    assert "启用：是 → 否" in boss.get("/audit-log/").content.decode()

    services.recompute(period, user=users["supervisor"], reason="手动重新计算")
    after = period.scores.get(unit=edu)
    assert not after.vetoed and after.total > 0  # no audited site left: no veto
    (entry,) = after.trace["registry_changes"]
    assert (
        "启用：是 → 否" in entry["change"]
        and entry["by"] == "unit_admin"
        and entry["approved_by"] == "supervisor"
    )
    logged_total = ScoreChange.objects.filter(unit=edu, what=ScoreChange.TOTAL).latest("at", "id")
    assert (
        logged_total.reason.startswith("手动重新计算；登记信息变更：")
        and "启用：是 → 否" in logged_total.reason
    )
    page = boss.get(f"/assessment/{period.pk}/units/{edu.pk}/").content.decode()
    assert "上次计算以来的登记信息变更" in page and "启用：是 → 否" in page

    logged = ScoreChange.objects.filter(unit=edu, what=ScoreChange.TOTAL).count()
    services.recompute(period, user=users["supervisor"], reason="手动重新计算")
    again = period.scores.get(unit=edu)
    assert again.trace["registry_changes"] == [entry]  # still explains the unchanged total
    assert ScoreChange.objects.filter(unit=edu, what=ScoreChange.TOTAL).count() == logged


@pytest.mark.django_db
def test_unit_admin_deleting_its_site_waits_and_a_rejection_keeps_it(setup, users):  # noqa: F811
    site = setup["edu_site"]
    _client(users["unit_admin"]).post(f"/site/{site.pk}/delete/")
    assert Site.objects.filter(pk=site.pk).exists()
    (change,) = RegistryChange.objects.filter(status=RegistryChange.Status.PENDING)
    assert change.new == "（已删除）"
    _client(users["supervisor"]).post(f"/registry/changes/{change.pk}/reject/", {"note": "网站仍在运行"})
    change.refresh_from_db()
    assert change.status == RegistryChange.Status.REJECTED and change.decision_note == "网站仍在运行"
    assert Site.objects.filter(pk=site.pk).exists()


@pytest.mark.django_db
def test_other_edits_apply_at_once_and_are_recorded_on_pages_and_in_the_admin(setup, users):  # noqa: F811
    site = setup["edu_site"]
    _client(users["unit_admin"]).post(f"/site/{site.pk}/edit/", _site_form(site, name="教育体育局门户"))
    site.refresh_from_db()
    assert site.name == "教育体育局门户"  # not a scoring field: applied
    (renamed,) = RegistryChange.objects.filter(field="name")
    assert renamed.status == RegistryChange.Status.APPLIED and renamed.old != renamed.new == "教育体育局门户"

    boss = _client(users["supervisor"])
    new_url = site.url + "new/"
    form = _site_form(site, url=new_url)
    response = boss.post(f"/admin/registry/site/{site.pk}/change/", {**form, "unit": site.unit_id})
    assert response.status_code == 302, response.content.decode()[:2000]
    site.refresh_from_db()
    assert site.url == new_url  # a supervisor's change applies at once
    (moved,) = RegistryChange.objects.filter(field="url")
    assert moved.status == RegistryChange.Status.APPLIED and moved.via == "后台" and moved.new == new_url
    event = Event.objects.filter(kind=Event.Kind.REGISTRY, user=users["supervisor"]).latest("at", "id")
    assert "后台" in event.message and f"→ {new_url}" in event.message


@pytest.mark.django_db
def test_an_excel_import_is_in_the_audit_log(setup, users):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.accounts import access
    from gongkai.registry.excel import export_workbook

    data = export_workbook(access.visible_units(users["supervisor"]))
    upload = SimpleUploadedFile("登记表.xlsx", data)
    response = _client(users["supervisor"]).post("/registry/import/", {"file": upload})
    assert response.status_code == 302
    event = Event.objects.get(kind=Event.Kind.REGISTRY)
    assert event.message.startswith("Excel导入《登记表.xlsx》") and event.user == users["supervisor"]
