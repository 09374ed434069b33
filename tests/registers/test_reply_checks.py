"""The reply-document checklist on the application page: who may tick, what is stored and shown,
and the audit-log event."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.oversight.models import Event
from gongkai.registers.models import ReplyCheck, State
from tests.registers.helpers import logged_in

pytestmark = pytest.mark.django_db

TICKS = {
    "heading": "on",
    "number": "on",
    "signature": "on",
    "dated": "on",
    "result": "on",
    "basis": "on",
    "remedy": "on",
}  # no 印章 (seal)


@pytest.fixture
def replied_app(make_app):
    return make_app(state=State.REPLIED, replied=date(2025, 3, 20), result="（一）予以公开")


def test_an_assessor_ticks_the_elements_and_the_page_shows_them(users, replied_app):
    client = logged_in(users["assessor"])
    page = client.get(f"/applications/{replied_app.pk}/").content.decode()
    assert "答复书要素尚未核查" in page and "保存核查结果" in page
    saved = client.post(
        f"/applications/{replied_app.pk}/reply-check/", {**TICKS, "note": "印章模糊不清"}, follow=True
    )
    page = saved.content.decode()
    assert "已保存答复书要素核查：答复书缺少：印章" in page
    assert page.count("✓ 有") == 7 and page.count("✗ 缺") == 1 and "不适用" in page  # gov mailbox
    check = ReplyCheck.objects.get(application=replied_app)
    assert check.checked_by == users["assessor"] and not check.complete and check.note == "印章模糊不清"
    event = Event.objects.get(kind=Event.Kind.REPLY_CHECK)
    assert event.user == users["assessor"] and event.region == replied_app.unit.region
    assert "答复书要素尚未核查 → 答复书缺少：印章" in event.message and "gov 邮箱不适用" in event.message
    # an e-mail reply must come from a gov mailbox: ticked now, so complete
    client.post(
        f"/applications/{replied_app.pk}/reply-check/",
        {**TICKS, "seal": "on", "by_email": "on", "gov_mailbox": "on"},
    )
    check.refresh_from_db()
    assert check.complete and check.by_email
    assert Event.objects.filter(kind=Event.Kind.REPLY_CHECK).count() == 2
    assert replied_app.steps.filter(action="答复书核查").count() == 2


def test_a_gov_mailbox_tick_without_an_e_mail_reply_is_not_stored(users, replied_app):
    logged_in(users["supervisor"]).post(f"/applications/{replied_app.pk}/reply-check/", {"gov_mailbox": "on"})
    check = ReplyCheck.objects.get(application=replied_app)
    assert not check.gov_mailbox and "gov 邮箱" not in check.missing()


def test_the_unit_admin_and_a_leader_may_not_tick(users, replied_app):
    for name in ("unit_admin", "leader"):
        client = logged_in(users[name])
        assert "保存核查结果" not in client.get(f"/applications/{replied_app.pk}/").content.decode()
        refused = client.post(f"/applications/{replied_app.pk}/reply-check/", TICKS)
        assert refused.status_code == 403
    # another county's supervisor does not even see the application
    other = logged_in(users["shangnan_supervisor"]).post(
        f"/applications/{replied_app.pk}/reply-check/", TICKS
    )
    assert other.status_code == 404
    assert not ReplyCheck.objects.exists() and not Event.objects.filter(kind=Event.Kind.REPLY_CHECK).exists()


def test_an_application_not_replied_yet_cannot_be_checked(users, make_app):
    app = make_app(number="open")
    client = logged_in(users["assessor"])
    assert "答复书要素核查" not in client.get(f"/applications/{app.pk}/").content.decode()
    refused = client.post(f"/applications/{app.pk}/reply-check/", TICKS, follow=True)
    assert "答复后才能核查答复书要素" in refused.content.decode()
    assert not ReplyCheck.objects.exists()


def test_the_admin_shows_the_checklist_read_only(replied_app):
    from django.contrib.auth.models import User

    ReplyCheck.objects.create(application=replied_app, heading=True, note="已核查")
    admin = User.objects.create_superuser("root", password=None)
    page = logged_in(admin).get(f"/admin/registers/application/{replied_app.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "答复书要素核查" in text and "已核查" in text
    assert 'name="reply_check-0-heading"' not in text  # read-only: no input to change it
