"""同比 or 环比 (Period.comparison): the period compared with, in the circular's change sentence and
its previous-period figures; 环比 stays the default."""

from __future__ import annotations

from datetime import date

import pytest

from tests.circulars.conftest import quarter_period
from tests.rollup.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarters(sample_county, users):
    """商南 2020 Q2 (adoptions ×2), 2021 Q1 (×3) published, 2021 Q2 (×1, the seed) a draft."""
    region, user = sample_county["商南县"], users["shangnan_supervisor"]
    made = {}
    for key, name, start, scale in (
        ("q2_2020", "2020年第二季度信息报送", date(2020, 4, 1), 2),
        ("q1_2021", "2021年第一季度信息报送", date(2021, 1, 1), 3),
        ("q2_2021", "2021年第二季度信息报送", date(2021, 4, 1), 1),
    ):
        check = date(start.year, start.month + 3, 10)
        made[key] = quarter_period(region, user, name=name, start=start, check=check, scale=scale)
    publish(made["q2_2020"])
    publish(made["q1_2021"])
    return made


def test_环比_is_the_previous_period_and_同比_the_same_one_last_year(quarters):
    from gongkai.assessment.comparison import comparable_period, earlier_periods
    from gongkai.assessment.models import Period

    q2 = quarters["q2_2021"]
    assert q2.comparison == Period.Comparison.PREVIOUS
    assert comparable_period(q2) == quarters["q1_2021"]
    assert earlier_periods(q2, 5) == [quarters["q1_2021"], quarters["q2_2020"]]
    q2.comparison = Period.Comparison.SAME_LAST_YEAR
    q2.save()
    assert comparable_period(q2) == quarters["q2_2020"]
    assert earlier_periods(q2, 5) == [quarters["q2_2020"]]
    assert comparable_period(quarters["q2_2020"]) is None


def test_the_circular_says_which_comparison(quarters):
    from gongkai.assessment.models import Period
    from gongkai.circulars.build import circular_for

    q2 = quarters["q2_2021"]
    circular = circular_for(q2)
    assert circular.previous[-1].relation == "环比" and "与上期（2021年第一季度）相比" in circular.intro[0]
    Period.objects.filter(pk=q2.pk).update(comparison=Period.Comparison.SAME_LAST_YEAR)
    q2.refresh_from_db()
    circular = circular_for(q2)
    assert [p.label for p in circular.previous] == ["2020年第二季度"]
    assert circular.previous[-1].relation == "同比"
    assert "与去年同期（2020年第二季度）相比" in circular.intro[0]


def test_the_period_form_sets_the_comparison_and_the_year_rule(sample_county, users):
    from django.test import Client

    from gongkai.assessment.models import Period

    client = Client()
    client.force_login(users["supervisor"])
    fields = {
        "kind": "月度", "scheme": "yanshi-monthly", "region": sample_county["偃师市"].pk,
        "check_date": "2026-12-20", "start": "2026-12-01", "end": "2026-12-31", "ranking": "dense",
        "status": "草稿",
    }  # fmt: skip
    response = client.post(
        "/assessment/new/", {**fields, "name": "十二月", "comparison": "同比", "year_rule": "late_zero"}
    )
    assert response.status_code == 302, response.content.decode()
    made = Period.objects.get(name="十二月")
    assert (made.comparison, made.year_rule) == ("同比", "late_zero")
    # a form posted without them (an older page) keeps the defaults
    assert client.post("/assessment/new/", {**fields, "name": "默认"}).status_code == 302
    made = Period.objects.get(name="默认")
    assert (made.comparison, made.year_rule) == ("环比", "mean")
    bad = client.post("/assessment/new/", {**fields, "name": "坏", "comparison": "去年"})
    assert bad.status_code == 200 and "comparison" in bad.context["form"].errors
    form = client.get("/assessment/new/").content.decode()
    assert "同比（与去年同期相比）" in form and "偃师" in form
