"""A 荆州 period scored from the disclosure-applications register: full points, 0 for one late
reply or an incomplete reply document, the manual fallback without replies, a manual entry that
overrides the register, typed values against the register, and the trace text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gongkai.assessment import services
from gongkai.assessment.models import Score
from gongkai.assessment.trace import trace_view
from gongkai.registers.models import Application, ReplyCheck, State
from gongkai.registry.models import Unit
from tests.assessment.conftest import make_period

pytestmark = pytest.mark.django_db

ITEM = "1.2"  # jingzhou-2021-dept: 日常工作 / 依申请公开 (5 points)
ALL_TICKED = dict(
    heading=True, number=True, signature=True, dated=True, seal=True, result=True, basis=True, remedy=True
)


@pytest.fixture
def period(users, sample_county):
    units = Unit.objects.filter(region=sample_county["偃师市"], name__in=["教育体育局", "公安局"])
    return make_period(sample_county["偃师市"], "jingzhou-2021-dept", user=users["supervisor"], units=units)


def unit(name: str) -> Unit:
    return Unit.objects.get(region__name="偃师市", name=name)


def reply(number: str, received: date, replied: date, *, checked: bool = True, name: str = "教育体育局"):
    app = Application.objects.create(
        unit=unit(name),
        number=number,
        applicant_type="自然人",
        received=received,
        state=State.REPLIED,
        replied=replied,
        result="（一）予以公开",
    )
    if checked:
        ReplyCheck.objects.create(application=app, **ALL_TICKED)
    return app


def item(period, name: str) -> dict:
    trace = Score.objects.get(period=period, unit=unit(name)).trace
    return next(node for node in trace["indicators"][0]["children"] if node["id"] == ITEM)


def recompute(period) -> None:
    services.recompute(period, reason="台账更新后重新计算")


def test_every_reply_on_time_and_complete_gets_full_points(period):
    reply("A-1", date(2026, 11, 2), date(2026, 11, 10))
    reply("A-2", date(2026, 10, 26), date(2026, 11, 20))
    reply("old", date(2026, 9, 1), date(2026, 10, 30))  # late, but replied before the period
    recompute(period)
    node = item(period, "教育体育局")
    assert node["score"] == 5 and node["status"] == "scored"
    step = node["steps"][0]
    assert step["reason"] == (
        "按公式 5 * (依申请公开按时答复数 == 依申请公开答复数 and 依申请公开答复规范数 == 依申请公开答复数) 计算"
        "（依申请公开按时答复数 = 2，依申请公开答复数 = 2，依申请公开答复规范数 = 2）得 5 分"
    )
    assert {q["source"] for q in step["inputs"]} == {"register"}
    shown = trace_view(Score.objects.get(period=period, unit=unit("教育体育局")).trace, {})
    row = next(r for r in shown["indicators"] if r["id"] == ITEM)
    assert {i["source"] for i in row["steps"][0]["inputs"]} == {"台账"}


def test_one_late_reply_or_one_incomplete_document_gives_zero(period):
    reply("A-1", date(2026, 11, 2), date(2026, 11, 10))
    reply("late", date(2026, 9, 1), date(2026, 11, 3))  # due 2026-09-29
    recompute(period)
    node = item(period, "教育体育局")
    assert node["score"] == 0
    assert "依申请公开按时答复数 = 1" in node["steps"][0]["reason"]
    Application.objects.filter(number="late").delete()
    unchecked = reply("B-1", date(2026, 11, 2), date(2026, 11, 12), checked=False)
    recompute(period)
    assert item(period, "教育体育局")["score"] == 0  # B-1's document not checked yet
    ReplyCheck.objects.create(application=unchecked, **{**ALL_TICKED, "remedy": False})
    recompute(period)
    assert item(period, "教育体育局")["score"] == 0  # no 救济渠道
    ReplyCheck.objects.filter(application=unchecked).update(remedy=True)
    recompute(period)
    assert item(period, "教育体育局")["score"] == 5


def test_no_reply_in_the_period_falls_back_to_a_manual_entry(period, users):
    recompute(period)
    node = item(period, "公安局")  # no application at all
    assert node["status"] == "pending" and node["score"] == 0
    assert [s["reason"] for s in node["steps"]] == [
        "台账无数据，人工评分（条件 依申请公开答复数 == 0；依申请公开答复数 = 0）",
        "人工评分项，尚未评分，暂按 0 分计",
    ]
    score = Score.objects.get(period=period, unit=unit("公安局"))
    assert ITEM in score.trace["pending"]
    assert any("台账无此单位的数据，也未录入" in n for n in score.trace["notes"])
    services.save_manual_entry(
        period,
        unit("公安局"),
        ITEM,
        points=Decimal(3),
        applicable=True,
        reason="查阅纸质办件 2 件，1 件缺救济渠道",
        user=users["assessor"],
    )
    node = item(period, "公安局")
    assert node["score"] == 3 and node["status"] == "scored"
    assert node["steps"][-1]["reason"] == "人工评分 3 分（扣 2 分）：查阅纸质办件 2 件，1 件缺救济渠道"


def test_a_manual_entry_overrides_the_register_with_its_reason(period, users):
    reply("A-1", date(2026, 11, 2), date(2026, 11, 10))
    services.save_manual_entry(
        period,
        unit("教育体育局"),
        ITEM,
        points=Decimal(4),
        applicable=True,
        reason="抽查答复书扫描件，落款日期与登记不符",
        user=users["assessor"],
    )
    node = item(period, "教育体育局")
    assert node["score"] == 4
    assert node["steps"][0]["amount"] is None and "得 5 分" in node["steps"][0]["reason"]
    assert node["steps"][-1]["reason"] == (
        "人工评分 4 分（扣 1 分），取代按公式计算的 5 分：抽查答复书扫描件，落款日期与登记不符"
    )


def test_the_register_wins_over_a_typed_value_which_counts_only_without_a_register(period, users):
    reply("A-1", date(2026, 11, 2), date(2026, 11, 10))
    typed = {
        "依申请公开答复数": Decimal(3),
        "依申请公开按时答复数": Decimal(3),
        "依申请公开答复规范数": Decimal(3),
    }
    services.set_metrics(
        period,
        {unit("教育体育局").pk: typed, unit("公安局").pk: typed},
        user=users["assessor"],
        reason="按单位报送的办件情况录入",
    )
    own = Score.objects.get(period=period, unit=unit("教育体育局")).trace
    assert item(period, "教育体育局")["score"] == 5
    assert "“依申请公开答复数”取自台账（1），未采用录入的值 3" in own["notes"]
    other = Score.objects.get(period=period, unit=unit("公安局")).trace
    assert item(period, "公安局")["score"] == 5
    assert other["notes"][0] == (
        "台账无此单位的数据，使用录入的值：“依申请公开答复数” = 3、“依申请公开按时答复数” = 3、“依申请公开答复规范数” = 3"
    )
    assert {q["source"] for q in item(period, "公安局")["steps"][0]["inputs"]} == {"metric"}
