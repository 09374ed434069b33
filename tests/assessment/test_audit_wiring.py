"""The audit reaches the platform's scores (issue 16.2, 16.3): a stored run's column records give
seed 003's weekly misses from the scheme's start date, and its site facts (policy files and
interpretations read) let 荆州's 文件完整性 / 解读关联 be scored from the findings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.assessment import services
from gongkai.assessment.models import Score
from gongkai.monitoring.store import record_run
from gongkai.registry.models import Unit
from tests.assessment.conftest import contract, make_period

pytestmark = pytest.mark.django_db

WEEKS = [  # missed by the unit's 动态 column: one in Q1, two from the second quarter on
    {"week": "2026-W08", "start": "2026-02-16", "end": "2026-02-22"},
    {"week": "2026-W20", "start": "2026-05-11", "end": "2026-05-17"},
    {"week": "2026-W40", "start": "2026-09-28", "end": "2026-10-04"},
]


def _news_column(root: str) -> dict:
    return {
        "url": f"{root}gzdt/",
        "name": "工作动态",
        "type": "动态",
        "newest": "2026-11-18",
        "items": 80,
        "window_days": 14,
        "status": "ok",
        "weekly": {
            "start": "2026-01-01",
            "end": "2026-11-20",
            "weeks": 46,
            "excluded": [],
            "misses": len(WEEKS),
            "missed_weeks": WEEKS,
            "complete": True,
        },
    }


def _units(sample_county):
    yanshi = sample_county["偃师市"]
    return Unit.objects.get(region=yanshi, name="教育体育局"), Unit.objects.get(region=yanshi, name="公安局")


def test_weekly_misses_from_the_stored_run(sample_county, users):
    edu, police = _units(sample_county)
    site = edu.sites.get()
    record_run(site, contract(site.url, []) | {"columns": [_news_column(site.url)]})
    period = make_period(
        sample_county["偃师市"], "junan-content", user=users["supervisor"], units=[edu, police]
    )
    typed = {"信息公开": Decimal(100), "动态信息": Decimal(20), "每周更新未达标次数": Decimal(9)}
    services.set_metrics(period, {edu.pk: typed, police.pk: typed}, user=users["supervisor"], reason="录入")
    services.recompute(period, user=users["supervisor"], reason="测试")
    edu_score, police_score = (
        Score.objects.get(period=period, unit=edu),
        Score.objects.get(period=period, unit=police),
    )
    assert edu_score.total == Decimal("-0.4")  # 2 weeks from 1 April, not the typed 9
    (step,) = edu_score.trace["penalties"]
    assert step["inputs"][0]["source"] == "audit"
    assert [w["start"] for w in step["inputs"][0]["findings"]] == ["2026-05-11", "2026-09-28"]
    assert any("取自网站检查" in n and "未采用录入的值 9" in n for n in edu_score.trace["notes"])
    assert police_score.total == Decimal("-1.8")  # no run: the typed number


def test_jingzhou_items_from_the_stored_run(sample_county, users):
    edu, police = _units(sample_county)
    site = edu.sites.get()
    findings = [
        {
            "kind": "policy_metadata",
            "page": f"{site.url}zcwj/1.html",
            "missing": ["文件类型"],
            "message": "缺少文件类型",
        },
        {
            "kind": "interpretation_unlinked",
            "page": f"{site.url}zcjd/1.html",
            "target": None,
            "message": "未关联",
        },
    ]
    record_run(
        site,
        contract(site.url, findings)
        | {"site": {"policy_files": 5, "interpretations": 1}, "columns": [_news_column(site.url)]},
    )
    period = make_period(
        sample_county["偃师市"], "jingzhou-2021-dept", user=users["supervisor"], units=[edu, police]
    )
    services.recompute(period, user=users["supervisor"], reason="测试")
    trace = Score.objects.get(period=period, unit=edu).trace
    items = {}

    def walk(node):
        items[node["id"]] = node
        for child in node["children"]:
            walk(child)

    for top in trace["indicators"]:
        walk(top)
    assert (items["2.4.2"]["score"], items["2.4.2"]["status"]) == (0, "scored")  # a file lacks 文件类型
    assert (items["2.5.3"]["score"], items["2.5.3"]["status"]) == (0, "scored")  # an unlinked interpretation
    assert (items["3.2"]["score"], items["3.2"]["status"]) == (3, "scored")  # 工作动态 fresh
    police_trace = Score.objects.get(period=period, unit=police).trace
    assert set(police_trace["pending"]) >= {"2.4.2", "2.5.3", "3.2", "3.9"}  # no audit: by hand


def test_the_circular_table_prints_the_weekly_misses_that_were_scored(sample_county, users):
    """The attachment table's 每周更新未达标次数 is the count the score used (the audit's 2 from
    1 April), not the typed 9; a unit without a run keeps its typed number."""
    from gongkai.circulars.build import circular_for

    edu, police = _units(sample_county)
    site = edu.sites.get()
    record_run(site, contract(site.url, []) | {"columns": [_news_column(site.url)]})
    period = make_period(
        sample_county["偃师市"], "junan-content", user=users["supervisor"], units=[edu, police]
    )
    typed = {"信息公开": Decimal(100), "动态信息": Decimal(20), "每周更新未达标次数": Decimal(9)}
    services.set_metrics(period, {edu.pk: typed, police.pk: typed}, user=users["supervisor"], reason="录入")
    services.recompute(period, user=users["supervisor"], reason="测试")
    (table,) = circular_for(period, draft=True).tables
    column = table.column_index("每周更新未达标次数")
    printed = {row[table.column_index(table.name_column)]: row[column] for row in table.rows}
    assert printed == {"教育体育局": 2, "公安局": 9}
