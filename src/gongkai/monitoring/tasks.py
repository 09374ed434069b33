"""One audit job's own steps: claim it, crawl its site with live progress and a checkpoint, and
mark it done or failed. What happens around them (storing the run, verifying fixes, recomputing
the period) is gongkai/after_audit.py, whose ``run_audit_job`` task calls these.

Claiming follows Healthchecks: ``UPDATE ... SET status='检查中' WHERE id=… AND status='排队中'``
moves exactly one caller on, so a job delivered twice never runs twice.
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

from django.conf import settings
from django.utils import timezone

from gongkai.audit.engine import audit
from gongkai.monitoring.evidence_files import audit_folder, evidence_options, job_folder
from gongkai.monitoring.host_lock import HostLock, host_of
from gongkai.monitoring.models import AuditJob, AuditRun
from gongkai.monitoring.store import config_for
from gongkai.monitoring.workers import HEARTBEAT_INTERVAL, identity

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL = 1.0  # seconds between two writes of a job's page count
HOST_WAIT_INTERVAL = 1.0  # seconds between two tries for a host another worker is auditing
UNFINISHED = (AuditJob.Status.QUEUED, AuditJob.Status.RUNNING)
# A job unfinished this long after it was queued was lost (an in-process pool dies with its web
# process; a Celery message can be purged): 5000 pages at the polite 4 per second take ~21 minutes.
STALE_AFTER = timedelta(hours=2)


def claim(job_id: int) -> AuditJob | None:
    """Move the job from 排队中 to 检查中 for this process; None when another caller was first
    (or the job is gone). A job delivered twice is claimed once."""
    now = timezone.now()
    claimed = AuditJob.objects.filter(pk=job_id, status=AuditJob.Status.QUEUED).update(
        status=AuditJob.Status.RUNNING, started_at=now, worker=identity(), heartbeat_at=now
    )
    if not claimed:
        logger.info("检查任务 %s 已被其他进程领取或不存在，跳过", job_id)
        return None
    return AuditJob.objects.select_related("site", "period").get(pk=job_id)


def still_ours(job: AuditJob) -> bool:
    """False when the job was declared interrupted meanwhile (a recovery that could not see us):
    it is resumed elsewhere, so this crawl's result must not be stored."""
    return AuditJob.objects.filter(pk=job.pk, status=AuditJob.Status.RUNNING, worker=identity()).exists()


def finish_job(job: AuditJob, run: AuditRun) -> None:
    """The job is done (or failed, when its run could not audit the site) with ``run``."""
    AuditJob.objects.filter(pk=job.pk).update(
        status=AuditJob.Status.FAILED if run.error else AuditJob.Status.DONE,
        pages_done=run.pages_crawled,
        run=run,
        error=run.error,
        finished_at=timezone.now(),
    )
    checkpoint_path(job.pk).unlink(missing_ok=True)


def fail_job(job_id: int, exc: Exception) -> None:
    """A bug must not leave the job 检查中 forever. A job already done stays done (the bug came
    after its run was stored, e.g. in the period's recomputation)."""
    AuditJob.objects.filter(pk=job_id).exclude(status=AuditJob.Status.DONE).update(
        status=AuditJob.Status.FAILED, error=f"检查程序出错：{exc}", finished_at=timezone.now()
    )
    checkpoint_path(job_id).unlink(missing_ok=True)


def checkpoint_path(job_id: int) -> Path:
    """The file the crawl of job ``job_id`` writes its state to as it goes (resumed from it)."""
    return Path(settings.DATA_DIR) / "checkpoints" / f"audit-job-{job_id}.jsonl"


def evidence_folder(job: AuditJob) -> str:
    """Where the job's audit keeps its evidence ("" when evidence is off): one folder per job,
    so a resumed job writes into the folder its first attempt had."""
    return audit_folder(job_folder(job.site_id, job.pk))


def crawl(job: AuditJob) -> dict[str, Any]:
    """Run the engine on the job's site once no other worker audits its host (host_lock), its
    state written to the job's checkpoint (so a resumed job continues from it)."""
    lock = HostLock(host_of(job.site.url))
    last_beat = time.monotonic()
    while not lock.acquire():
        if time.monotonic() - last_beat >= HEARTBEAT_INTERVAL:  # waiting is alive too
            last_beat = time.monotonic()
            AuditJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
        time.sleep(HOST_WAIT_INTERVAL)
    try:
        return _crawl_holding(job, lock)
    finally:
        lock.release()


def _crawl_holding(job: AuditJob, lock: HostLock) -> dict[str, Any]:
    """The engine calls ``progress`` on its event loop, where the ORM must not be used, so the
    crawl runs in a helper thread and this thread writes the latest page count at most once
    every PROGRESS_INTERVAL and a heartbeat (renewing the host lock) every HEARTBEAT_INTERVAL."""
    latest = [0]

    def progress(pages: int, waiting: int) -> None:
        latest[0] = pages

    config = config_for(
        job.site,
        as_of=job.as_of,
        checkpoint=str(checkpoint_path(job.pk)),
        **evidence_options(evidence_folder(job)),
    )
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
                lock.renew()
            if changes:
                AuditJob.objects.filter(pk=job.pk).update(**changes)
