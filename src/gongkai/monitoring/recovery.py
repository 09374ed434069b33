"""After a crash: find the audit jobs whose worker is gone, and queue them again.

On start-up (``gongkai serve`` and ``gongkai demo`` for in-process jobs, Celery's
``worker_ready`` for workers) gongkai/after_audit.py's ``recover_interrupted_jobs`` marks every
unfinished job whose worker process no longer exists 已中断 (:func:`mark_lost_jobs`) and releases
their periods. A supervisor resumes the interrupted jobs (``resume_period`` there: the button on
the progress page, or ``gongkai resume``); each is queued again (:func:`requeue`) and continues
from its checkpoint, so pages already fetched are not fetched again.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from gongkai.monitoring.models import AuditJob
from gongkai.monitoring.tasks import UNFINISHED
from gongkai.monitoring.workers import is_gone

logger = logging.getLogger(__name__)

INTERRUPTED_TEXT = "检查进程已停止（服务被关闭或重启），检查未完成；可点击“继续检查”从已抓取的页面继续"


def mark_lost_jobs() -> list[AuditJob]:
    """Mark the unfinished jobs of dead workers 已中断; returns them. Celery jobs still waiting
    in the broker (no worker yet) are left alone."""
    now = timezone.now()
    lost = [
        job
        for job in AuditJob.objects.filter(status__in=UNFINISHED).exclude(worker="")
        if is_gone(job.worker, job.heartbeat_at, now)
    ]
    marked = []
    for job in lost:
        moved = AuditJob.objects.filter(pk=job.pk, status=job.status, worker=job.worker).update(
            status=AuditJob.Status.INTERRUPTED, error=INTERRUPTED_TEXT, finished_at=now
        )
        if moved:
            marked.append(job)
            logger.warning(
                "检查任务 %s（%s）的进程 %s 已不存在，标记为已中断", job.pk, job.site_id, job.worker
            )
    return marked


def requeue(job: AuditJob, owner: str) -> bool:
    """Move an interrupted job back to 排队中 for ``owner``; False if it is not interrupted."""
    moved = AuditJob.objects.filter(pk=job.pk, status=AuditJob.Status.INTERRUPTED).update(
        status=AuditJob.Status.QUEUED, error="", finished_at=None, worker=owner, heartbeat_at=None
    )
    if moved:
        job.refresh_from_db()
    return bool(moved)
