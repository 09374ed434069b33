"""A period's audits as the assessment sees them: the move to 检查中 when they start, the move to
评审中 with a recomputation when the last one is done, and the live progress table.

The jobs themselves are monitoring's (monitoring/tasks.py crawls one, monitoring/recovery.py
finds lost ones); gongkai/after_audit.py runs them and calls these helpers.

The period's move from 检查中 to 评审中 is a conditional UPDATE, so exactly one finishing job
(or recovery) recomputes the scores.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.assessment import services
from gongkai.assessment.models import Period
from gongkai.audit.engine import INCOMPLETE_TEXT
from gongkai.monitoring.models import AuditJob
from gongkai.monitoring.tasks import STALE_AFTER, UNFINISHED
from gongkai.oversight import events

logger = logging.getLogger(__name__)


def check_can_start(period: Period) -> None:
    """Refuse (AssessmentError, Chinese) to start audits of a published period or while earlier
    jobs of the period are unfinished; jobs queued longer than STALE_AFTER are failed first."""
    services.check_not_frozen(period)
    AuditJob.objects.filter(
        period=period, status__in=UNFINISHED, queued_at__lt=timezone.now() - STALE_AFTER
    ).update(
        status=AuditJob.Status.FAILED,
        error="长时间未完成，视为中断（服务可能曾重启），已重新检查",
        finished_at=timezone.now(),
    )
    if period.audit_jobs.filter(status__in=UNFINISHED).exists():
        raise services.AssessmentError(f"考评期“{period.name}”的检查尚未结束，请等待完成后再重新检查。")


def mark_checking(period: Period, *, user: AbstractBaseUser | None, what: str) -> None:
    """The period is 检查中 and the audit log says ``what`` (inside the caller's transaction)."""
    Period.objects.filter(pk=period.pk).update(status=Period.Status.CHECKING)
    period.status = Period.Status.CHECKING
    events.record(
        events.Event.Kind.AUDITS_STARTED, f"考评期“{period.name}”{what}", user=user, region=period.region
    )


def finish_period_if_done(period: Period) -> bool:
    """When no job of the period is unfinished: move it from 检查中 to 评审中 and recompute. Only
    the caller whose conditional update wins does it; returns whether this caller did."""
    if period.audit_jobs.filter(status__in=UNFINISHED).exists():
        return False
    moved = Period.objects.filter(pk=period.pk, status=Period.Status.CHECKING).update(
        status=Period.Status.REVIEWING
    )
    if not moved:
        return False
    period.refresh_from_db()
    done = period.audit_jobs.filter(status=AuditJob.Status.DONE).count()
    failed = period.audit_jobs.filter(status=AuditJob.Status.FAILED).count()
    interrupted = period.audit_jobs.filter(status=AuditJob.Status.INTERRUPTED).count()
    try:
        services.recompute(period, reason="检查完成")
    except services.AssessmentError as exc:
        logger.warning("考评期 %s 检查完成后无法重新计算：%s", period.pk, exc)
    events.record(
        events.Event.Kind.AUDITS_FINISHED,
        f"考评期“{period.name}”检查完成：成功 {done} 个网站，失败 {failed} 个"
        + (f"，中断 {interrupted} 个（可继续检查）" if interrupted else "")
        + "；已重新计算得分",
        region=period.region,
    )
    return True


def periods_in_review(unit_id: int, as_of: Any) -> QuerySet[Period]:
    """The periods in 评审中 over the unit whose check date is on or after ``as_of``: those whose
    scores a run of the unit's site with that ``as_of`` can change (see monitoring.store.latest_runs_of)."""
    return Period.objects.filter(
        status=Period.Status.REVIEWING, units=unit_id, check_date__gte=as_of
    ).distinct()


def period_progress(period: Period) -> list[dict[str, Any]]:
    """The rows of the live progress table: the latest job of each site of the period."""
    latest: dict[int, AuditJob] = {}
    for job in period.audit_jobs.select_related("site__unit", "run").order_by("id"):
        latest[job.site_id] = job
    rows = []
    for job in latest.values():
        rows.append(
            {
                "job": job,
                "unit": job.site.unit,
                "site": job.site,
                "findings": job.run.findings.count() if job.run_id else None,
                # why the run stopped early (budget, trap, stop): the supervisor should know
                "incomplete": "；".join(
                    INCOMPLETE_TEXT[c] for c in job.run.incomplete if c in INCOMPLETE_TEXT
                )
                if job.run_id
                else "",
            }
        )
    return rows
