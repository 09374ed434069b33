"""The messages register (网民留言 / 网上问政 / 找错): `gongkai messages import|stats` to the
contract (registers-contract §3), the all-or-nothing import, the region's limit, the pages and
their permissions, the API, the metrics a period's score reads and the circular's sentence."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial

import pytest
from django.core.management.base import CommandError

from gongkai.oversight.models import Event
from gongkai.registers.models import Message, MessageLimit
from gongkai.registry.models import Unit
from tests.registers.helpers import logged_in, run_import, run_stats
from tests.registers.workbooks import workbook as registers_workbook

pytestmark = pytest.mark.django_db

HEADER = ["编号", "单位", "渠道", "收到日期", "办结日期", "公开"]


def workbook(rows: list[list], *, header=HEADER, sheet="留言") -> bytes:
    return registers_workbook(rows, header=header, sheet=sheet)


_import = partial(run_import, "messages")
_stats = partial(run_stats, "messages")


GOOD = [
    # 2025-09-30 (Tue) then the National Day holiday: 找错's 3 working days end on Sat 10-11 (make-up day)
    ["1", "教育体育局", "找错", datetime(2025, 9, 30), datetime(2025, 10, 11), "是"],
    ["2", "教育体育局", "找错", "2025-09-30", "2025-10-13", "是"],  # late
    ["3", "教育体育局", "咨询", "2025-10-09", "", "否"],  # open, overdue at 10-31
    ["4", "教育体育局", "留言", "2025-10-31", "2025-11-03", ""],  # last day; handled after --to
    ["5", "教育体育局", "投诉", "2025-07-30", "", "是"],  # before the window, open 3 months + 1 day at 10-31
    ["6", "教育体育局", "建议", "2025-07-31", "", "是"],  # exactly 3 months at 10-31: not yet the veto
    ["7", "教育体育局", "留言", "2025-11-01", "2025-11-01", "是"],  # after the window
    [
        "1",
        "公安局",
        "留言",
        "2025-10-01",
        "2025-10-20",
        "是",
    ],  # 9 working days (10-09, 10-10, 10-11, 10-13…): on time
]


def test_import_then_stats_follow_the_contract(tmp_path, units, capsys):
    _import(tmp_path, workbook(GOOD), "--region", "偃师市")
    assert "新增留言 8 条" in capsys.readouterr().out
    assert Event.objects.filter(kind=Event.Kind.MESSAGE_IMPORT).count() == 1
    assert not Message.objects.get(unit=units["own"], number="3").public
    rows = _stats(tmp_path, "--from", "2025-10-01", "--to", "2025-10-31", "--unit", str(units["own"].pk))
    assert rows == [
        {
            "unit": "教育体育局",
            "received": 2,  # 3 and 4: the 9-30 ones are the day before the window
            "handled": 0,  # 4 is closed after --to
            "completion_rate": 0.0,
            "on_time": 0,
            "on_time_rate": 0.0,
            "overdue_open": 1,  # 3: 咨询 of 10-09, due 10-16
            "unanswered_over_3_months": 1,  # 5 (received at any date), not 6 (exactly 3 months)
        }
    ]
    rows = _stats(tmp_path, "--from", "2025-09-30", "--to", "2025-10-31", "--unit", str(units["own"].pk))
    assert rows == [
        {
            "unit": "教育体育局",
            "received": 4,  # 1, 2, 3, 4
            "handled": 2,  # 4 is closed after --to
            "completion_rate": 0.5,
            "on_time": 1,
            "on_time_rate": 0.25,
            "overdue_open": 1,  # 3
            "unanswered_over_3_months": 1,  # 5, not 6
        }
    ]
    region = {
        r["unit"]: r
        for r in _stats(tmp_path, "--from", "2025-09-30", "--to", "2025-10-31", "--region", "偃师市")
    }
    assert len(region) == Unit.objects.filter(region__name="偃师市").count()
    assert region["公安局"]["on_time_rate"] == 1.0
    assert region["商城街道"]["completion_rate"] is None and region["商城街道"]["received"] == 0
    # the region's own limit for 留言/投诉/建议: 公安局's 9 working days pass a limit of 8
    MessageLimit.objects.create(region=units["own"].region, days=8)
    region = {
        r["unit"]: r
        for r in _stats(tmp_path, "--from", "2025-09-30", "--to", "2025-10-31", "--region", "偃师市")
    }
    assert region["公安局"]["on_time"] == 0 and region["公安局"]["handled"] == 1
    _import(tmp_path, workbook(GOOD), "--region", "偃师市")
    assert "新增留言 0 条，更新 8 条" in capsys.readouterr().out
    assert Message.objects.count() == 8


def test_a_bad_file_names_every_problem_in_chinese_and_stores_nothing(tmp_path, units):
    rows = [
        ["", "教育体育局", "留言", "2025-04-01", "", "是"],
        ["2", "不存在的局", "留言", "2025-04-01", "", "是"],
        ["3", "教育体育局", "信访", "2025-13-01", "", "可能"],
        ["4", "教育体育局", "咨询", "2025-04-05", "2025-04-01", "是"],
        ["4", "教育体育局", "", "2025-04-02", "", "是"],
        ["6", "教育体育局", "找错", "2025-04-02", "2025-04-03", "是"],  # good: still not stored
    ]
    with pytest.raises(CommandError) as raised:
        _import(tmp_path, workbook(rows), "--region", "偃师市")
    text = str(raised.value)
    for expected in (
        "第2行",
        "「编号」不能为空",
        "没有登记名为“不存在的局”的单位",
        "渠道“信访”无效",
        "“2025-13-01”不是日期",
        "而不是「可能」",
        "办结日期（2025-04-01）早于收到日期（2025-04-05）",
        "渠道不能为空",
        "与第5行重复",
    ):
        assert expected in text, expected
    assert Message.objects.count() == 0
    with pytest.raises(CommandError, match="缺少「公开」列"):
        _import(tmp_path, workbook([], header=HEADER[:-1]))
    with pytest.raises(CommandError, match="缺少「留言」表"):
        _import(tmp_path, workbook([], sheet="Sheet1"))


MARCH_3 = date(2025, 3, 3)


def _message(units, unit="own", number="1", channel="留言", received=MARCH_3, **values) -> Message:
    return Message.objects.create(
        unit=units[unit], number=number, channel=channel, received=received, **values
    )


def test_the_unit_registers_and_closes_its_messages_with_days_left(users, units, monkeypatch):
    from gongkai.registers import deadlines

    admin = logged_in(users["unit_admin"])
    answer = admin.post(
        "/messages/new/",
        {
            "unit": units["own"].pk,
            "number": "W-1",
            "channel": "找错",
            "title": "首页链接错误",
            "received": "2025-09-30",
            "public": "on",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    saved = Message.objects.get(number="W-1")
    assert saved.source == "登记" and saved.created_by == users["unit_admin"]
    refused = admin.post(
        "/messages/new/",
        {"unit": units["other"].pk, "number": "X", "channel": "留言", "received": "2025-09-30"},
    )
    assert refused.status_code == 200 and not Message.objects.filter(number="X").exists()  # not its unit
    monkeypatch.setattr(deadlines, "today", lambda: date(2025, 10, 10))  # the page's "today"
    page = admin.get("/messages/").content.decode()
    assert "2025-10-11（3 个工作日）" in page and "剩 1 个工作日" in page
    monkeypatch.setattr(deadlines, "today", lambda: date(2025, 10, 14))
    assert "已逾期 2 个工作日" in admin.get("/messages/").content.decode()
    early = admin.post(f"/messages/{saved.pk}/close/", {"handled": "2025-09-01"}, follow=True)
    assert "不能早于收到日期" in early.content.decode()
    admin.post(f"/messages/{saved.pk}/close/", {"handled": "2025-10-13", "reply": "已更正"})
    saved.refresh_from_db()
    assert saved.handled == date(2025, 10, 13) and saved.reply == "已更正"
    assert "逾期办结" in admin.get("/messages/").content.decode()
    assert Event.objects.filter(kind=Event.Kind.MESSAGE).count() == 2
    other = _message(units, "other", "P-1")
    assert admin.post(f"/messages/{other.pk}/close/", {"handled": "2025-03-04"}).status_code == 404
    assert admin.get(f"/messages/{other.pk}/edit/").status_code == 404
    assert "P-1" not in admin.get("/messages/").content.decode()
    assert admin.get("/messages/import/").status_code == 403


def test_readers_read_and_do_not_keep(users, units):
    item = _message(units)
    for name in ("leader", "assessor"):
        reader = logged_in(users[name])
        assert reader.get("/messages/").status_code == 200
        assert reader.post(f"/messages/{item.pk}/close/", {"handled": "2025-03-04"}).status_code == 403
        assert reader.get(f"/messages/{item.pk}/edit/").status_code == 403
        assert reader.get("/messages/new/").status_code == 403
        assert reader.get("/messages/import/").status_code == 403
        assert reader.get(f"/messages/stats/?region={units['own'].region_id}").status_code == 200
    item.refresh_from_db()
    assert item.handled is None
    assert logged_in(users["shangnan_supervisor"]).get(f"/messages/{item.pk}/edit/").status_code == 404


def test_the_supervisor_imports_and_sees_the_stats(users, units):
    office = logged_in(users["supervisor"])
    upload = _upload(workbook(GOOD))
    answer = office.post("/messages/import/", {"file": upload}, follow=True)
    assert "新增留言 8 条" in answer.content.decode()
    stats = office.get(
        f"/messages/stats/?unit={units['own'].pk}&from=2025-09-30&to=2025-10-31"
    ).content.decode()
    assert "网上问政 4 件，办结 2 件，办结率 50%" in stats and "超3个月未答复 1 条" in stats
    bad = office.post(
        "/messages/import/",
        {"file": _upload(workbook([["1", "教育体育局", "信访", "2025-01-01", "", "是"]]))},
    )
    assert "渠道“信访”无效" in bad.content.decode() and Message.objects.count() == 8
    exported = office.get("/messages/export.xlsx")
    assert exported.status_code == 200
    Message.objects.all().delete()
    from gongkai.registers.messages_excel import import_workbook

    assert import_workbook(exported.content, scope=units["own"].region).created == 8  # export imports back


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("messages.xlsx", data)


def test_the_api_lists_messages_and_the_stats_within_scope(users, units):
    _message(units, number="1", channel="咨询", received=date(2025, 4, 1), handled=date(2025, 4, 9))
    _message(units, "other", "1", received=date(2025, 4, 2))
    admin = logged_in(users["unit_admin"])
    listed = admin.get("/api/messages?from=2025-04-01&to=2025-04-30").json()
    assert [(m["number"], m["due"], m["on_time"]) for m in listed] == [("1", "2025-04-09", True)]
    assert admin.get(f"/api/messages?unit={units['other'].pk}").status_code == 403
    stats = admin.get(f"/api/messages/stats?from=2025-04-01&to=2025-04-30&unit={units['own'].pk}").json()
    assert stats == [
        {
            "unit": "教育体育局",
            "received": 1,
            "handled": 1,
            "completion_rate": 1.0,
            "on_time": 1,
            "on_time_rate": 1.0,
            "overdue_open": 0,
            "unanswered_over_3_months": 0,
        }
    ]
    region = units["own"].region_id
    assert admin.get(f"/api/messages/stats?from=2025-04-01&to=2025-04-30&region={region}").status_code == 403
    office = logged_in(users["supervisor"]).get(
        f"/api/messages/stats?from=2025-04-01&to=2025-04-30&region={region}"
    )
    assert office.status_code == 200 and sum(r["received"] for r in office.json()) == 2


def test_messages_due_soon_or_overdue_are_mailed(users, units, settings):
    from django.core import mail

    from gongkai.followup import services as followup
    from gongkai.registers import messages_reminders

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users["unit_admin"].email = "edu@example.cn"
    users["unit_admin"].save()
    _message(units, number="SOON", channel="咨询", received=date(2025, 3, 3), title="社保咨询")  # due 03-10
    _message(units, number="LATE", channel="找错", received=date(2025, 2, 24))  # due 02-27
    _message(units, number="LATER", received=date(2025, 3, 5))  # 15 working days
    _message(units, number="DONE", channel="找错", received=date(2025, 2, 24), handled=date(2025, 2, 25))
    lines = messages_reminders.due_soon(date(2025, 3, 6))
    assert list(lines.values()) == [
        [
            "找错 LATE（收到 2025-02-24）：办理期限 2025-02-27，已逾期 5 个工作日",
            "咨询 SOON“社保咨询”（收到 2025-03-03）：办理期限 2025-03-10，剩 2 个工作日",
        ]
    ]
    result = followup.send_reminders(date(2025, 3, 6))
    assert [unit.name for unit, _, _ in result.sent] == ["教育体育局"]
    assert "2 条网民留言" in mail.outbox[0].subject and "LATE" in mail.outbox[0].body


def test_the_circular_says_how_many_messages_and_the_completion_rate(sample_county, users):
    from gongkai.circulars.build import circular_for
    from tests.assessment.conftest import make_period

    region = sample_county["商南县"]
    period = make_period(region, "shangnan-quarterly", user=users["shangnan_supervisor"], name="2026年11月")
    assert not any("网上问政" in p for p in circular_for(period).intro)
    unit = period.memberships.first().unit
    for n in range(3):
        Message.objects.create(
            unit=unit, number=str(n), received=date(2026, 11, 2), handled=date(2026, 11, 3) if n else None
        )
    Message.objects.create(unit=unit, number="old", received=date(2026, 10, 2), handled=date(2026, 10, 3))
    intro = circular_for(period).intro
    assert "2026年11月，网上问政3件，办结率66.7%。" in intro


def test_the_demo_register_has_every_kind_of_message(sample_county):
    from gongkai.registers import messages_demo
    from gongkai.registers import messages_services as services

    as_of = date(2026, 11, 16)
    for name in ("偃师市", "商南县"):
        region = sample_county[name]
        count = messages_demo.fill(region, as_of)
        assert count == Message.objects.filter(unit__region=region).count() > 20
        assert messages_demo.fill(region, as_of) == 0
    marks = services.clocks(Message.objects.select_related("unit__region"), as_of)
    assert any(c.on_time for c in marks.values()) and any(c.on_time is False for c in marks.values())
    assert any(c.overdue for c in marks.values()) and any(c.unanswered_over_3_months for c in marks.values())
    assert set(Message.objects.values_list("channel", flat=True)) == {"留言", "咨询", "投诉", "建议", "找错"}
