"""One after-audit sequence (issue 13 item 4): the ``gongkai audit`` command and a period's
background job both go through gongkai.after_audit.after_audit, so a run of the same site has
the same effects either way: the run is stored, a problem reported fixed but still there is
reopened, and the period in review is recomputed with the new run's findings."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai import after_audit, jobs
from gongkai.assessment.models import Period, Score
from gongkai.followup.models import Problem
from gongkai.monitoring.models import AuditRun, Finding
from gongkai.registry.models import Site
from gongkai.review.dismissals import finding_identity

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def in_process(settings):
    settings.REDIS_URL = ""


def _report_fixed(period: Period, site: Site) -> Problem:
    """The broken link of the site's latest run, issued as a problem the unit says it fixed."""
    finding = Finding.objects.filter(run__site=site, kind="broken_link").latest("id")
    ident, key, _page_hash = finding_identity(finding)
    problem, _ = Problem.objects.update_or_create(
        period=period,
        site=site,
        key=key,
        defaults={
            "unit": site.unit,
            "finding": finding,
            "kind": finding.kind,
            "page": finding.page,
            "ident": ident,
            "message": finding.message,
            "deadline": date(2026, 12, 31),
            "status": Problem.Status.FIXED,
            "fixed_after_run_id": finding.run_id,
        },
    )
    return problem


def _effects(period: Period, site: Site, problem: Problem) -> dict:
    """What the last run of the site changed: its findings, the problem, the unit's score."""
    run = AuditRun.objects.filter(site=site).latest("id")
    problem.refresh_from_db()
    score = Score.objects.get(period=period, unit=site.unit)
    return {
        "kinds": sorted(run.findings.values_list("kind", flat=True)),
        "problem": (problem.status, problem.verified_by_run_id == run.pk),
        "scored_on_run": set(run.findings.filter(kind="broken_link").values_list("pk", flat=True))
        <= set(score.finding_ids),
        "period": Period.objects.get(pk=period.pk).status,
    }


def test_the_audit_command_and_the_background_job_have_the_same_effects(audit_period, users):
    after_audit.start_period_audits(audit_period, user=users["supervisor"])
    assert jobs.wait_idle(timeout=60), "后台检查 60 秒内未结束"
    assert Period.objects.get(pk=audit_period.pk).status == Period.Status.REVIEWING
    site = Site.objects.get(url__endswith="/a/")

    # the command: one run of the site on the period's check date
    problem = _report_fixed(audit_period, site)
    out = StringIO()
    call_command("audit", site=[site.pk], as_of=audit_period.check_date, stdout=out)
    by_command = _effects(audit_period, site, problem)
    assert "核验整改问题 1 个" in out.getvalue()
    assert f"已重新计算考评期“{audit_period.name}”的得分" in out.getvalue()

    # the background job: the period audited again
    problem = _report_fixed(audit_period, site)
    after_audit.start_period_audits(audit_period, user=users["supervisor"])
    assert jobs.wait_idle(timeout=60), "后台检查 60 秒内未结束"
    by_job = _effects(audit_period, site, problem)

    assert by_command == by_job
    assert by_job["problem"] == (Problem.Status.REOPENED, True)  # still there: reopened by this run
    assert by_job["scored_on_run"]  # the score was recomputed with this run's findings
    assert by_job["period"] == Period.Status.REVIEWING
    assert "broken_link" in by_job["kinds"]
