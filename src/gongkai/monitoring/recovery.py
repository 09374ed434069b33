"""After a crash: find the audit jobs whose worker is gone, and resume them where they stopped.

On start-up (``gongkai serve`` and ``gongkai demo`` for in-process jobs, Celery's
``worker_ready`` for workers) :func:`recover_interrupted_jobs` marks every unfinished job whose
worker process no longer exists 已中断; a period none of whose jobs is still unfinished then
leaves 检查中 (so it is no longer locked) and is recomputed with the runs it has. A supervisor
resumes the interrupted jobs (:func:`resume_period`: the button on the progress page, or
``gongkai resume``); each continues from its checkpoint, so pages already fetched are not
fetched again.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from gongkai import jobs
from gongkai.assessment import services
from gongkai.assessment.models import Period
from gongkai.monitoring import tasks
from gongkai.monitoring.models import AuditJob
from gongkai.monitoring.workers import identity, is_gone

logger = logging.getLogger(__name__)

INTERRUPTED_TEXT = "检查进程已停止（服务被关闭或重启），检查未完成；可点击“继续检查”从已抓取的页面继续"


def recover_interrupted_jobs() -> list[AuditJob]:
    """Mark the unfinished jobs of dead workers 已中断 and release their periods; returns them.
    Celery jobs still waiting in the broker (no worker yet) are left alone."""
    now = timezone.now()
    lost = [
        job
        for job in AuditJob.objects.filter(status__in=tasks.UNFINISHED).exclude(worker="")
        if is_gone(job.worker, job.heartbeat_at, now)
    ]
    marked = []
    for job in lost:
        moved = AuditJob.objects.filter(pk=job.pk, status=job.status, worker=job.worker).update(
            status=AuditJob.Status.INTERRUPTED, error=INTERRUPTED_TEXT, finished_at=now
        )
        if moved:
            marked.append(job)
            logger.warning("检查任务 %s（%s）的进程 %s 已不存在，标记为已中断", job.pk, job.site_id, job.worker)
    for period_id in {job.period_id for job in marked if job.period_id is not None}:
        tasks.finish_period_if_done(Period.objects.get(pk=period_id))
    return marked


def resume_period(period: Period, *, user: AbstractBaseUser | None) -> list[AuditJob]:
    """Queue the period's interrupted jobs again (each continues from its checkpoint) and set the
    period back to 检查中. Refused (AssessmentError, Chinese) for a published period or when no
    job is interrupted."""
    services.check_not_frozen(period)
    latest = {job.site_id: job for job in period.audit_jobs.order_by("id")}  # a later audit supersedes
    interrupted = [job for job in latest.values() if job.status == AuditJob.Status.INTERRUPTED]
    if not interrupted:
        raise services.AssessmentError(f"考评期“{period.name}”没有已中断的检查。")
    owner = "" if jobs.uses_celery() else identity()
    with transaction.atomic():
        resumed = [job for job in interrupted if _requeue(job, owner)]
        tasks.launch(period, resumed, user=user, what=f"继续已中断的检查：{len(resumed)} 个网站（从已抓取的页面继续）")
    return resumed


def resume_job(job: AuditJob, *, user: AbstractBaseUser | None) -> AuditJob:
    """Resume one interrupted job that belongs to no period (AssessmentError if it is not interrupted)."""
    if job.period_id is not None:
        resume_period(job.period, user=user)
        job.refresh_from_db()
        return job
    if not _requeue(job, "" if jobs.uses_celery() else identity()):
        raise services.AssessmentError("该检查任务不是“已中断”状态，无法继续。")
    transaction.on_commit(lambda: jobs.submit(tasks.run_audit_job, job.pk))
    return job


def _requeue(job: AuditJob, owner: str) -> bool:
    moved = AuditJob.objects.filter(pk=job.pk, status=AuditJob.Status.INTERRUPTED).update(
        status=AuditJob.Status.QUEUED, error="", finished_at=None, worker=owner, heartbeat_at=None
    )
    if moved:
        job.refresh_from_db()
    return bool(moved)
