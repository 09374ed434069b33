"""荆州 内容建设 (jingzhou-2021-county 4.2) and 责任主体 (4.3) scored from the new-media register:
weekly 2, fortnightly 1, any two-week gap 0, hand-scored without accounts; the register's metrics
(registers.newmedia_metrics) over the period's window, 抽查合格率 among them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from gongkai.assessment import services
from gongkai.assessment.models import Score
from gongkai.registers import metrics
from gongkai.registers.models import Post
from gongkai.registry.models import NewMediaAccount, Unit
from gongkai.tallies.newmedia import jingzhou_update_points
from tests.assessment.conftest import make_period

pytestmark = pytest.mark.django_db

START, END = date(2026, 11, 1), date(2026, 11, 30)


def unit(name: str) -> Unit:
    return Unit.objects.get(region__name="偃师市", name=name)


@pytest.fixture
def period(users, sample_county):
    units = Unit.objects.filter(region=sample_county["偃师市"], name__in=["教育体育局", "公安局", "财政局"])
    return make_period(sample_county["偃师市"], "jingzhou-2021-county", user=users["supervisor"], units=units)


def account(
    unit_name: str, name: str, every: int | None, *, filed: bool = True, body: str = "偃师市"
) -> None:
    """An account posting every ``every`` days from the period's first day (None: never)."""
    created = NewMediaAccount.objects.create(
        unit=unit(unit_name), platform="微信公众号", name=name, status="已备案" if filed else "未备案",
        certification_body=body,
    )  # fmt: skip
    if every:
        day = START
        while day <= END:
            Post.objects.create(account=created, date=day, title=f"{name}{day}")
            day += timedelta(days=every)


def node(period, unit_name: str, item_id: str) -> dict:
    trace = Score.objects.get(period=period, unit=unit(unit_name)).trace
    section = next(n for n in trace["indicators"] if n["id"] == item_id.split(".")[0])
    return next(n for n in section["children"] if n["id"] == item_id)


def test_weekly_fortnightly_and_stale_accounts_score_2_1_0(period):
    account("教育体育局", "偃师教育", 3)
    account("教育体育局", "偃师教育2", 7)
    account("公安局", "偃师公安", 12)  # no gap over 14 days, but some whole week without a post
    account("财政局", "偃师财政", 7)
    account("财政局", "偃师财政旧号", None)  # never posts: a 30-day gap sinks the unit's item
    services.recompute(period, reason="台账")
    assert node(period, "教育体育局", "4.2")["score"] == 2
    assert node(period, "公安局", "4.2")["score"] == 1
    assert node(period, "财政局", "4.2")["score"] == 0
    values = metrics.register_metrics(
        ["新媒体账号数", "新媒体两周未更新账号数", "新媒体每周更新账号数", "新媒体抽查合格率"],
        [unit("财政局").pk, unit("教育体育局").pk],
        START,
        END,
    )
    assert values[unit("财政局").pk] == {
        "新媒体账号数": Decimal(2),
        "新媒体两周未更新账号数": Decimal(1),
        "新媒体每周更新账号数": Decimal(1),
        "新媒体抽查合格率": Decimal("50.0"),
    }
    assert values[unit("教育体育局").pk]["新媒体抽查合格率"] == Decimal("100.0")


def test_the_scheme_formula_agrees_with_the_engine_rule():
    for gap, weekly in [(False, True), (False, False), (True, False), (True, True)]:
        records = [{"gap_over_14_days": gap, "weekly": weekly}, {"gap_over_14_days": False, "weekly": True}]
        stale, every_week = sum(r["gap_over_14_days"] for r in records), sum(r["weekly"] for r in records)
        formula = (stale == 0) * (1 + (every_week == len(records)))
        assert formula == jingzhou_update_points(records)


def test_a_unit_without_accounts_is_scored_by_hand(period):
    account("教育体育局", "偃师教育", 3)
    services.recompute(period, reason="台账")
    item = node(period, "公安局", "4.2")
    assert item["status"] != "scored"
    assert "台账无新媒体账号，人工评分" in item["steps"][0]["reason"]


def test_unfiled_or_uncertified_accounts_are_deducted_from_the_register(period):
    account("教育体育局", "偃师教育", 3, filed=False)
    account("教育体育局", "偃师教育2", 3, body="")
    account("教育体育局", "偃师教育3", 3)
    services.recompute(period, reason="台账")
    assert node(period, "教育体育局", "4.3")["score"] == 0  # 2 points, 1 deducted per account
    value = metrics.register_metrics(
        ["认证主体不明确或备案不及时的新媒体数"], [unit("教育体育局").pk], START, END
    )
    assert value[unit("教育体育局").pk] == {"认证主体不明确或备案不及时的新媒体数": Decimal(2)}


@pytest.fixture
def dept_period(users, sample_county):
    names = ["教育体育局", "公安局", "财政局", "审计局", "商务局"]
    units = Unit.objects.filter(region=sample_county["偃师市"], name__in=names)
    return make_period(sample_county["偃师市"], "jingzhou-2021-dept", user=users["supervisor"], units=units)


def test_the_department_scheme_scores_publishing_2_twice_weekly_1_weekly_0_otherwise(dept_period):
    """jingzhou-2021-dept 4.2 发布解读: "每周更新1次,得1分,每周更新2次以上,得2分" from the register
    over the period (November 2026: whole weeks 2–8, 9–15, 16–22, 23–29)."""
    account("教育体育局", "偃师教育", 3)  # 4 7 | 10 13 | 16 19 22 | 25 28: two days every week
    account("公安局", "偃师公安", 7)  # 8 | 15 | 22 | 29: once a week
    account("财政局", "偃师财政", 3)
    account("财政局", "偃师财政2", 12)  # 1 13 25: the week 2–8 has none, so the unit has 0
    account("审计局", "偃师审计", 7)
    for created in Post.objects.filter(account__name="偃师审计"):  # a second article the same day
        Post.objects.create(account=created.account, date=created.date, title=f"{created.title}（二）")
    services.recompute(dept_period, reason="台账")
    scores = {name: node(dept_period, name, "4.2") for name in ["教育体育局", "公安局", "财政局", "审计局"]}
    assert {name: item["score"] for name, item in scores.items()} == {
        "教育体育局": 2,
        "公安局": 1,
        "财政局": 0,
        "审计局": 1,  # two posts of one day are one update
    }
    assert node(dept_period, "商务局", "4.2")["status"] != "scored"  # no account: by hand
    assert "台账无新媒体账号，人工评分" in node(dept_period, "商务局", "4.2")["steps"][0]["reason"]
    values = metrics.register_metrics(
        ["新媒体账号数", "新媒体每周更新账号数", "新媒体每周更新2次以上账号数"],
        [unit("财政局").pk],
        START,
        END,
    )
    assert values[unit("财政局").pk] == {
        "新媒体账号数": Decimal(2),
        "新媒体每周更新账号数": Decimal(1),
        "新媒体每周更新2次以上账号数": Decimal(1),
    }
    inputs = scores["教育体育局"]["steps"][0]["inputs"]
    assert {i["name"]: (i["value"], i["source"]) for i in inputs} == {  # the trace names the register
        "新媒体账号数": (1, "register"),
        "新媒体每周更新账号数": (1, "register"),
        "新媒体每周更新2次以上账号数": (1, "register"),
    }
