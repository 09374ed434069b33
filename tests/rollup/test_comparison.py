"""同比 or 环比 in the roll-up (assessment.comparison): the period compared with, and the period
form's year rule."""

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
    from gongkai.assessment.comparison import ComparisonError, comparable_period

    q2 = quarters["q2_2021"]
    assert comparable_period(q2) == quarters["q1_2021"]
    assert comparable_period(q2, "环比") == quarters["q1_2021"]
    assert comparable_period(q2, "同比") == quarters["q2_2020"]
    assert comparable_period(quarters["q1_2021"], "同比") is None
    assert comparable_period(quarters["q2_2020"]) is None
    with pytest.raises(ComparisonError, match="可选：环比、同比"):
        comparable_period(q2, "上年")


def test_the_period_form_sets_the_year_rule(sample_county, users):
    from django.test import Client

    from gongkai.assessment.models import Period

    client = Client()
    client.force_login(users["supervisor"])
    fields = {
        "kind": "月度", "scheme": "yanshi-monthly", "region": sample_county["偃师市"].pk,
        "check_date": "2026-12-20", "start": "2026-12-01", "end": "2026-12-31", "ranking": "dense",
        "status": "草稿",
    }  # fmt: skip
    response = client.post("/assessment/new/", {**fields, "name": "十二月", "year_rule": "late_zero"})
    assert response.status_code == 302, response.content.decode()
    assert Period.objects.get(name="十二月").year_rule == "late_zero"
    # a form posted without it (an older page) keeps the default
    assert client.post("/assessment/new/", {**fields, "name": "默认"}).status_code == 302
    assert Period.objects.get(name="默认").year_rule == "mean"
    bad = client.post("/assessment/new/", {**fields, "name": "坏", "year_rule": "median"})
    assert bad.status_code == 200 and "year_rule" in bad.context["form"].errors
    form = client.get("/assessment/new/").content.decode()
    assert "年度得分规则" in form and "偃师" in form
