"""Our own failures (a firewall answer: ``blocked``; a crash in one of our checks:
``page_error``) go to the supervisor's review, never to a unit's score, the circular's problem
lists, the rectification notice or the issued problems, unless the supervisor makes one the
unit's problem ("认定为单位问题"), which the audit log records."""

from __future__ import annotations

import pytest
from docx import Document

from gongkai.assessment import review
from gongkai.assessment import services as assessment
from gongkai.circulars.build import circular_for
from gongkai.followup import services
from gongkai.followup.models import Problem
from gongkai.monitoring.models import Finding
from gongkai.monitoring.store import record_run
from gongkai.oversight.models import Event
from gongkai.reports.notice import render_notices
from gongkai.review.models import Decision
from tests.followup.conftest import contract, edu_findings

pytestmark = pytest.mark.django_db


def own_failures(root: str) -> list[dict]:
    return [
        {
            "kind": "blocked",
            "page": root,
            "page_hash": "h-index",
            "target": f"{root}guarded/",
            "status": 403,
            "error": "blocked",
            "text": "受保护栏目",
            "element": "a",
            "home": True,
            "message": "链接“受保护栏目”被防火墙拦截，无法检查",
        },
        {
            "kind": "page_error",
            "page": f"{root}a1.html",
            "where": "page_text",
            "error": "ValueError",
            "message": "该页面检查时出错(page_text):ValueError,已跳过,请人工查看。",
        },
    ]


@pytest.fixture
def failing(setup):
    """The education unit's latest run also holds a blocked and a page_error finding."""
    site = setup["edu_site"]
    run = record_run(site, contract(site.url, edu_findings(site.url) + own_failures(site.url)))
    period = setup["period"]
    assessment.recompute(period, reason="新的检查结果")
    return {
        **setup,
        "run": run,
        "blocked": run.findings.get(kind="blocked"),
        "error": run.findings.get(kind="page_error"),
    }


def _kinds(ids: list[int]) -> set[str]:
    return set(Finding.objects.filter(pk__in=ids).values_list("kind", flat=True))


def _notice_text(circular, tmp_path) -> str:
    paths = render_notices(circular, tmp_path)
    return "\n".join(p.text for path in paths.values() for p in Document(str(path)).paragraphs) + "\n".join(
        cell.text
        for path in paths.values()
        for t in Document(str(path)).tables
        for r in t.rows
        for cell in r.cells
    )


def test_own_failures_reach_review_but_no_unit(failing, users, tmp_path):
    period, edu = failing["period"], failing["edu"]
    rows = {r.finding.kind: r for r in review.period_findings(period, edu.pk)}
    assert {"blocked", "page_error"} <= set(rows) and not rows["blocked"].units_problem
    score = period.scores.get(unit=edu)
    assert _kinds(score.finding_ids) == {"typo", "broken_link", "empty_column"}

    circular = circular_for(period)
    assert "监测受阻（被拦截无法检查）" not in [k.kind for k in circular.problems]
    assert "页面检查出错" not in [k.kind for k in circular.problems]
    problems = [p.problem for p in circular.unit_problems]
    assert problems and not [p for p in problems if "防火墙" in p or "检查时出错" in p]
    notice = _notice_text(circular, tmp_path)
    assert "旧文件" in notice and "防火墙" not in notice and "检查时出错" not in notice

    issued = services.issue_problems(period, user=users["supervisor"])
    assert {p.kind for p in issued} == {"typo", "broken_link", "empty_column", "missing_meta"}


def test_supervisor_converts_one_into_the_units_problem(failing, users, tmp_path):
    period, edu, blocked = failing["period"], failing["edu"], failing["blocked"]
    with pytest.raises(review.ReviewError, match="理由"):
        review.review_finding(period, blocked, Decision.CONVERT, reason=" ", user=users["supervisor"])
    with pytest.raises(review.ReviewError, match="本来就是单位的问题"):
        typo = failing["run"].findings.get(kind="typo")
        review.review_finding(period, typo, Decision.CONVERT, reason="x", user=users["supervisor"])

    row = review.review_finding(
        period, blocked, Decision.CONVERT, reason="单位自设访问限制，公众无法打开", user=users["supervisor"]
    )
    assert row.state == review.CONVERTED and row.units_problem
    event = Event.objects.get(kind=Event.Kind.REVIEW_CONVERT)
    assert event.user == users["supervisor"] and event.region == period.region
    assert "单位自设访问限制" in event.message and edu.name in event.message

    score = period.scores.get(unit=edu)
    assert _kinds(score.finding_ids) == {"typo", "broken_link", "empty_column", "blocked"}
    circular = circular_for(period)
    assert [p for p in circular.unit_problems if "防火墙" in p.problem]
    assert "防火墙" in _notice_text(circular, tmp_path)
    issued = services.issue_problems(period, user=users["supervisor"])
    assert "blocked" in {p.kind for p in issued}
    assert not Problem.objects.filter(period=period, kind="page_error").exists()

    # confirming it afterwards takes the conversion back: our own failure again
    review.review_finding(period, blocked, Decision.CONFIRM, user=users["supervisor"])
    assert "blocked" not in _kinds(period.scores.get(unit=edu).finding_ids)


def test_review_page_offers_the_conversion_only_for_our_own_failures(failing, users, client):
    period, blocked = failing["period"], failing["blocked"]
    client.force_login(users["supervisor"])
    body = client.get(f"/followup/periods/{period.pk}/review/?unit={failing['edu'].pk}").content.decode()
    assert body.count('"decision": "convert"') == 2  # the blocked and the page_error row, not the typo
    assert "检查程序自身的问题，不计入单位" in body
    response = client.post(
        f"/followup/periods/{period.pk}/findings/{blocked.pk}/review/",
        {"decision": "convert"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_PROMPT="%E5%8D%95%E4%BD%8D%E8%87%AA%E8%AE%BE%E9%99%90%E5%88%B6",
        HTTP_HX_PROMPT_URI_AUTOENCODED="true",
    )
    row = response.content.decode()
    assert response.status_code == 200 and "<strong>认定为单位问题</strong>" in row
    assert '"decision": "convert"' not in row
    assert "单位自设限制" in Event.objects.get(kind=Event.Kind.REVIEW_CONVERT).message
