"""Background audits of a period's sites: queue one AuditJob per site, crawl it with live progress,
store the run, and recompute the period's scores when its last job is done.

``run_audit_job`` is a Celery task (``celery -A gongkai.celery worker``) and, without Redis, runs in
the web process's thread pool (gongkai.jobs): the same body either way.

Claiming follows Healthchecks: ``UPDATE ... SET status='检查中' WHERE id=… AND status='排队中'``
moves exactly one caller on, so a job delivered twice never runs twice; the period's move from
检查中 to 评审中 works the same way, so exactly one finishing job recomputes the scores.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import timedelta
from pathlib import Path
from typing import Any

from celery import shared_task
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from gongkai import jobs
from gongkai.assessment import services
from gongkai.assessment.models import Period
from gongkai.audit.engine import INCOMPLETE_TEXT, audit
from gongkai.followup.services import verify_after_run
from gongkai.monitoring.models import AuditJob
from gongkai.monitoring.store import config_for, record_run
from gongkai.monitoring.workers import HEARTBEAT_INTERVAL, identity
from gongkai.oversight import events
from gongkai.registry.models import Site

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL = 1.0  # seconds between two writes of a job's page count
UNFINISHED = (AuditJob.Status.QUEUED, AuditJob.Status.RUNNING)
# A job unfinished this long after it was queued was lost (an in-process pool dies with its web
# process; a Celery message can be purged): 5000 pages at the polite 4 per second take ~21 minutes.
STALE_AFTER = timedelta(hours=2)


def start_period_audits(period: Period, *, user: AbstractBaseUser | None) -> list[AuditJob]:
    """Queue one audit job per active site of the period's units and set the period to 检查中.

    Refused (AssessmentError, Chinese message) for a published period, while earlier jobs of the
    period are still unfinished, or when no unit has an active site."""
    services.check_not_frozen(period)
    from gongkai.monitoring.recovery import recover_interrupted_jobs  # (recovery imports this module)

    recover_interrupted_jobs()  # jobs of dead workers no longer lock the period
    AuditJob.objects.filter(
        period=period, status__in=UNFINISHED, queued_at__lt=timezone.now() - STALE_AFTER
    ).update(
        status=AuditJob.Status.FAILED,
        error="长时间未完成，视为中断（服务可能曾重启），已重新检查",
        finished_at=timezone.now(),
    )
    if period.audit_jobs.filter(status__in=UNFINISHED).exists():
        raise services.AssessmentError(f"考评期“{period.name}”的检查尚未结束，请等待完成后再重新检查。")
    sites = list(
        Site.objects.filter(active=True, unit__in=period.units.all())
        .select_related("unit")
        .order_by("unit__order", "unit__name", "id")
    )
    if not sites:
        raise services.AssessmentError(f"考评期“{period.name}”的考评对象没有启用的网站，无法检查。")
    # in-process, the jobs die with this process until a worker claims them: it owns them
    owner = "" if jobs.uses_celery() else identity()
    with transaction.atomic():
        created = [
            AuditJob.objects.create(period=period, site=site, as_of=period.check_date, created_by=user, worker=owner)
            for site in sites
        ]
        launch(period, created, user=user,
               what=f"启动检查：{len(sites)} 个网站，检查基准日 {period.check_date:%Y-%m-%d}")
    return created


def launch(period: Period, queued: list[AuditJob], *, user: AbstractBaseUser | None, what: str) -> None:
    """Inside the caller's transaction: the period is 检查中, the audit log says ``what``, and the
    jobs are submitted once the transaction commits (a worker must see their rows)."""
    Period.objects.filter(pk=period.pk).update(status=Period.Status.CHECKING)
    period.status = Period.Status.CHECKING
    events.record(events.Event.Kind.AUDITS_STARTED, f"考评期“{period.name}”{what}", user=user, region=period.region)
    ids = [job.pk for job in queued]
    transaction.on_commit(lambda: [jobs.submit(run_audit_job, job_id) for job_id in ids])


@shared_task(name="gongkai.run_audit_job", ignore_result=True, acks_late=True)
def run_audit_job(job_id: int) -> None:
    """Claim the job, crawl its site, store the run; the last job of a period recomputes it."""
    now = timezone.now()
    claimed = AuditJob.objects.filter(pk=job_id, status=AuditJob.Status.QUEUED).update(
        status=AuditJob.Status.RUNNING, started_at=now, worker=identity(), heartbeat_at=now
    )
    if not claimed:
        logger.info("检查任务 %s 已被其他进程领取或不存在，跳过", job_id)
        return
    job = AuditJob.objects.select_related("site", "period").get(pk=job_id)
    try:
        result = _crawl(job)
        if AuditJob.objects.filter(pk=job_id, status=AuditJob.Status.RUNNING, worker=identity()).exists():
            run = record_run(job.site, result, options={"as_of": job.as_of.isoformat(), "job": job.pk})
        else:  # declared interrupted meanwhile (a recovery that could not see us): resumed elsewhere
            logger.warning("检查任务 %s 已被标记为中断，本次结果不保存", job_id)
            return
        verify_after_run(run)  # problems the unit reported fixed: verified or reopened
        AuditJob.objects.filter(pk=job_id).update(
            status=AuditJob.Status.FAILED if run.error else AuditJob.Status.DONE,
            pages_done=run.pages_crawled,
            run=run,
            error=run.error,
            finished_at=timezone.now(),
        )
        checkpoint_path(job.pk).unlink(missing_ok=True)
    except Exception as exc:  # a bug must not leave the job 检查中 forever
        logger.exception("检查任务 %s 出错", job_id)
        AuditJob.objects.filter(pk=job_id).update(
            status=AuditJob.Status.FAILED, error=f"检查程序出错：{exc}", finished_at=timezone.now()
        )
        checkpoint_path(job_id).unlink(missing_ok=True)
    if job.period_id is not None:
        finish_period_if_done(job.period)


def checkpoint_path(job_id: int) -> Path:
    """The file the crawl of job ``job_id`` writes its state to as it goes (resumed from it)."""
    return Path(settings.DATA_DIR) / "checkpoints" / f"audit-job-{job_id}.jsonl"


def _crawl(job: AuditJob) -> dict[str, Any]:
    """Run the engine on the job's site, its state written to the job's checkpoint (so a resumed
    job continues from it). The engine calls ``progress`` on its event loop, where the ORM must
    not be used, so the crawl runs in a helper thread and this thread writes the latest page
    count at most once every PROGRESS_INTERVAL and a heartbeat every HEARTBEAT_INTERVAL."""
    latest = [0]

    def progress(pages: int, waiting: int) -> None:
        latest[0] = pages

    config = config_for(job.site, as_of=job.as_of, checkpoint=str(checkpoint_path(job.pk)))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="gongkai-crawl") as pool:
        future = pool.submit(asyncio.run, audit(config, progress=progress))
        written, last_write, last_beat = 0, time.monotonic(), time.monotonic()
        while True:
            try:
                return future.result(timeout=PROGRESS_INTERVAL).to_record()
            except FutureTimeout:
                pass
            changes: dict[str, Any] = {}
            if latest[0] != written and time.monotonic() - last_write >= PROGRESS_INTERVAL:
                written, last_write = latest[0], time.monotonic()
                changes["pages_done"] = written
            if time.monotonic() - last_beat >= HEARTBEAT_INTERVAL:
                last_beat = time.monotonic()
                changes["heartbeat_at"] = timezone.now()
            if changes:
                AuditJob.objects.filter(pk=job.pk).update(**changes)


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
                "incomplete": "；".join(INCOMPLETE_TEXT[c] for c in job.run.incomplete if c in INCOMPLETE_TEXT)
                if job.run_id
                else "",
            }
        )
    return rows
