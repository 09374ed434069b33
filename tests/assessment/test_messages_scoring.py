"""Periods scored from the messages register: 荆州 deducts 2 per overdue 找错 message (纠错留言过期次数),
the national 2019 rules veto 互动回应差 for a message unanswered over 3 months (超3个月未答复留言数),
both counted from the register for the period's dates, not typed in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gongkai.assessment import services
from gongkai.assessment.models import Score
from gongkai.registers.metrics import register_metrics
from gongkai.registers.models import Message
from gongkai.registry.models import Unit
from tests.assessment.conftest import make_period

pytestmark = pytest.mark.django_db


def unit(name: str) -> Unit:
    return Unit.objects.get(region__name="偃师市", name=name)


def message(name: str, number: str, channel: str, received: date, handled: date | None = None) -> Message:
    return Message.objects.create(
        unit=unit(name), number=number, channel=channel, received=received, handled=handled
    )


def _period(users, sample_county, scheme: str):
    units = Unit.objects.filter(region=sample_county["偃师市"], name__in=["教育体育局", "公安局"])
    return make_period(sample_county["偃师市"], scheme, user=users["supervisor"], units=units)


def _scores(period) -> dict[str, Score]:
    return {s.unit.name: s for s in Score.objects.filter(period=period).select_related("unit")}


def test_jingzhou_deducts_2_per_overdue_correction_of_the_period(users, sample_county):
    period = _period(users, sample_county, "jingzhou-2021-dept")  # 2026-11-01 .. 2026-11-30
    services.recompute(period, reason="无留言")
    before = {name: s.total for name, s in _scores(period).items()}
    message("教育体育局", "1", "找错", date(2026, 11, 2), date(2026, 11, 5))  # 3rd working day: on time
    message("教育体育局", "2", "找错", date(2026, 11, 2), date(2026, 11, 6))  # 4th: late
    message("教育体育局", "3", "找错", date(2026, 11, 24))  # open, due 11-27: overdue at 11-30
    message("教育体育局", "4", "找错", date(2026, 10, 8))  # before the period: not counted here
    message("公安局", "1", "咨询", date(2026, 11, 2), date(2026, 11, 20))  # not a correction
    services.recompute(period, reason="按台账计算")
    after = _scores(period)
    assert after["教育体育局"].total == before["教育体育局"] - 4
    assert after["公安局"].total == before["公安局"]
    values = register_metrics(
        ["纠错留言过期次数", "网民留言数", "网民留言办结率"],
        [unit("教育体育局").pk, unit("公安局").pk],
        period.start,
        period.end,
    )
    assert values[unit("教育体育局").pk] == {
        "纠错留言过期次数": Decimal(2),
        "网民留言数": Decimal(3),
        "网民留言办结率": Decimal("66.67"),
    }
    assert values[unit("公安局").pk]["纠错留言过期次数"] == 0


def test_guoban_2019_vetoes_a_message_unanswered_over_3_months(users, sample_county):
    period = _period(users, sample_county, "guoban-2019")
    message("教育体育局", "1", "留言", date(2026, 8, 29))  # 3 months + 1 day at 11-30: veto
    message("公安局", "1", "留言", date(2026, 8, 30))  # exactly 3 months at 11-30: not yet
    message("公安局", "2", "咨询", date(2026, 5, 6), date(2026, 11, 30))  # answered by the end
    services.recompute(period, reason="按台账计算")
    scores = _scores(period)
    assert scores["教育体育局"].vetoed and "互动回应差" in " ".join(scores["教育体育局"].veto_reasons)
    assert "互动回应差" not in " ".join(scores["公安局"].veto_reasons)
    values = register_metrics(
        ["超3个月未答复留言数"], [unit("教育体育局").pk, unit("公安局").pk], period.start, period.end
    )
    assert values == {
        unit("教育体育局").pk: {"超3个月未答复留言数": 1},
        unit("公安局").pk: {"超3个月未答复留言数": 0},
    }


def test_without_messages_the_register_provides_nothing(users, sample_county):
    period = _period(users, sample_county, "guoban-2019")
    ids = [unit("教育体育局").pk]
    assert register_metrics(["超3个月未答复留言数", "纠错留言过期次数"], ids, period.start, period.end) == {}
    message("教育体育局", "1", "留言", date(2026, 12, 1))  # after the window: still nothing
    assert register_metrics(["超3个月未答复留言数"], ids, period.start, period.end) == {}
