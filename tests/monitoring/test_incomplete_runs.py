"""An audit stopped by a trap or a budget (issue 12 item 8) on the Django side: the run says it is
incomplete, the site's budgets reach the engine, and a ``trap`` finding is shown in review but
never scored nor issued to the unit as a problem."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.assessment import services
from gongkai.assessment.review import period_findings
from gongkai.followup.services import issue_problems
from gongkai.monitoring.models import Finding
from gongkai.monitoring.store import config_for, record_run, run_to_contract
from gongkai.registry.models import Site, Unit
from tests.assessment.conftest import contract, make_period
from tests.scoring.test_schemes import BASE, bad

pytestmark = pytest.mark.django_db


def _broken(root: str) -> dict:
    return {
        "kind": "broken_link",
        "page": root,
        "target": root + "gone.html",
        "status": 404,
        "error": "http",
        "text": "旧文件",
        "element": "a",
        "home": True,
        "message": "首页链接无法打开",
    }


def _trap(root: str) -> dict:
    return {
        "kind": "trap",
        "page": root,
        "pattern": root + "cal?d=*",
        "reason": "repeat",
        "seen": 900,
        "sampled": 20,
        "skipped": 870,
        "message": "疑似爬虫陷阱",
    }


@pytest.fixture
def edu(sample_county) -> Unit:
    return Unit.objects.get(region=sample_county["偃师市"], name="教育体育局")


def test_site_budgets_reach_the_engine(edu):
    site = edu.sites.first()
    assert config_for(site, as_of=date(2026, 11, 20)).max_requests == 20_000
    Site.objects.filter(pk=site.pk).update(max_requests=500, max_minutes=5)
    site.refresh_from_db()
    config = config_for(site, as_of=date(2026, 11, 20))
    assert (config.max_requests, config.max_seconds) == (500, 300.0)


def test_run_keeps_why_it_is_incomplete(edu):
    site = edu.sites.first()
    data = contract(site.url, [_trap(site.url)]) | {"complete": False, "incomplete": ["trap", "requests"]}
    run = record_run(site, data)
    exported = run_to_contract(run)
    assert exported["complete"] is False and exported["incomplete"] == ["trap", "requests"]
    assert run_to_contract(record_run(site, contract(site.url, [])))["complete"] is True


def test_trap_is_reviewed_but_not_scored_nor_issued(sample_county, users, edu):
    site = edu.sites.get()
    period = make_period(sample_county["偃师市"], "guoban-2019", user=users["supervisor"], units=[edu])
    record_run(site, contract(site.url, [_broken(site.url)]))
    services.recompute(period, reason="测试")
    before = period.scores.get(unit=edu).total

    stop = {
        "kind": "audit_incomplete",
        "page": site.url,
        "reason": "requests",
        "pages_crawled": 30,
        "message": "检查未完成",
    }
    record_run(site, contract(site.url, [_broken(site.url), _trap(site.url), stop]))  # the newer run counts
    services.recompute(period, reason="测试")
    score = period.scores.get(unit=edu)
    assert score.total == before
    kinds = set(Finding.objects.filter(pk__in=score.finding_ids).values_list("kind", flat=True))
    assert kinds == {"broken_link"}  # the unit's problems (dashboard, e-mails, circular) leave them out

    rows = period_findings(period)
    assert sorted(r.finding.kind for r in rows) == ["audit_incomplete", "broken_link", "trap"]
    assert [r.kind_label for r in rows if r.finding.kind == "trap"] == ["疑似爬虫陷阱（检查不完整，不计分）"]
    assert [p.kind for p in issue_problems(period, user=users["supervisor"])] == ["broken_link"]


@pytest.mark.parametrize("kind", ["trap", "audit_incomplete"])
def test_no_scheme_can_score_traps_or_stops(kind):
    assert any(
        f"未知的问题类型“{kind}”" in e for e in bad(BASE.replace("kind: empty_column", f"kind: {kind}"))
    )
