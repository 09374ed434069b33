"""What happens after an audit run, in one place: record the run → verify the fixes units
reported → compare the annual reports it read with the register → fill the messages register → recompute the affected
periods → log. :func:`after_audit` is that sequence; the
background job (:func:`run_audit_job`), the ``gongkai audit`` command and start-up recovery all
go through it (recovery through its last step, :func:`assessment.progress.finish_period_if_done`).

This module sits above the apps: it may import monitoring, registers, assessment and followup; none of them
imports it. It also starts, resumes and recovers a period's audit jobs, since those submit
:func:`run_audit_job`.

``run_audit_job`` is a Celery task (``celery -A gongkai.celery worker``) and, without Redis, runs
in the web process's thread pool (gongkai.jobs): the same body either way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from celery import shared_task
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from gongkai import jobs
from gongkai.assessment import progress, services
from gongkai.assessment.models import Period
from gongkai.followup.models import Problem
from gongkai.followup.services import verify_after_run
from gongkai.monitoring import recovery, tasks
from gongkai.monitoring.models import AuditJob, AuditRun
from gongkai.monitoring.store import record_run
from gongkai.monitoring.workers import identity
from gongkai.registers.annual_mismatch import record_mismatches
from gongkai.registers.messages_audit import fill_from_run
from gongkai.registry.models import Site

logger = logging.getLogger(__name__)


@dataclass
class AfterAudit:
    """What :func:`after_audit` did: the stored run, the problems it verified or reopened, and
    the periods it recomputed."""

    run: AuditRun
    verified: list[Problem] = field(default_factory=list)
    recomputed: list[Period] = field(default_factory=list)


def after_audit(
    site: Site,
    result: dict[str, Any],
    *,
    options: dict[str, Any],
    job: AuditJob | None = None,
    evidence_dir: str = "",
) -> AfterAudit:
    """Store ``result`` (an engine record) as a run of ``site`` with the cells where its annual
    reports differ from the unit's register (``annual_report_mismatch``), fill the unit's messages
    register with the messages its message lists showed (registers.messages_audit), verify the problems
    the unit reported fixed against it, and recompute the affected periods, each logged.

    With a period ``job``: the job is marked done or failed, and the job's period is recomputed
    (and leaves 检查中) when this was its last unfinished job. Without one (``gongkai audit``):
    the periods in 评审中 over the site's unit whose check date the run can count for.
    ``evidence_dir``: the folder the audit wrote its evidence to (kept with the run)."""
    with transaction.atomic():
        run = record_run(site, result, options=options, evidence_dir=evidence_dir)
        record_mismatches(run)  # findings of the run like the engine's, before anything reads them
        fill_from_run(run)  # messages its message lists showed, missing from the unit's register
    verified = verify_after_run(run)  # problems the unit reported fixed: verified or reopened
    if job is not None:
        tasks.finish_job(job, run)
        periods = [job.period] if job.period_id is not None else []
        recomputed = [period for period in periods if progress.finish_period_if_done(period)]
    else:
        recomputed = [
            period for period in progress.periods_in_review(site.unit_id, run.as_of) if _recompute(period)
        ]
    return AfterAudit(run=run, verified=verified, recomputed=recomputed)


def _recompute(period: Period) -> bool:
    try:
        services.recompute(period, reason="命令行检查后重新计算")
    except services.AssessmentError as exc:
        logger.warning("考评期 %s 检查后无法重新计算：%s", period.pk, exc)
        return False
    return True


@shared_task(name="gongkai.run_audit_job", ignore_result=True, acks_late=True)
def run_audit_job(job_id: int) -> None:
    """Claim the job, crawl its site, and go through :func:`after_audit`."""
    job = tasks.claim(job_id)
    if job is None:
        return
    try:
        result = tasks.crawl(job)
        if not tasks.still_ours(job):
            logger.warning("检查任务 %s 已被标记为中断，本次结果不保存", job_id)
            return
        after_audit(
            job.site,
            result,
            options={"as_of": job.as_of.isoformat(), "job": job.pk},
            job=job,
            evidence_dir=tasks.evidence_folder(job),
        )
        return
    except Exception as exc:  # a bug must not leave the job 检查中 forever
        logger.exception("检查任务 %s 出错", job_id)
        tasks.fail_job(job_id, exc)
    if job.period_id is not None:
        progress.finish_period_if_done(job.period)


def _owner() -> str:
    # in-process, the jobs die with this process until a worker claims them: it owns them
    return "" if jobs.uses_celery() else identity()


def start_period_audits(period: Period, *, user: AbstractBaseUser | None) -> list[AuditJob]:
    """Queue one audit job per active site of the period's units and set the period to 检查中.

    Refused (AssessmentError, Chinese message) for a published period, while earlier jobs of the
    period are still unfinished, or when no unit has an active site."""
    services.check_not_frozen(period)
    recover_interrupted_jobs()  # jobs of dead workers no longer lock the period
    progress.check_can_start(period)
    sites = list(
        Site.objects.filter(active=True, unit__in=period.units.all())
        .select_related("unit")
        .order_by("unit__order", "unit__name", "id")
    )
    if not sites:
        raise services.AssessmentError(f"考评期“{period.name}”的考评对象没有启用的网站，无法检查。")
    owner = _owner()
    with transaction.atomic():
        created = [
            AuditJob.objects.create(
                period=period, site=site, as_of=period.check_date, created_by=user, worker=owner
            )
            for site in sites
        ]
        _launch(
            period,
            created,
            user=user,
            what=f"启动检查：{len(sites)} 个网站，检查基准日 {period.check_date:%Y-%m-%d}",
        )
    return created


def _launch(period: Period, queued: list[AuditJob], *, user: AbstractBaseUser | None, what: str) -> None:
    """Inside the caller's transaction: the period is 检查中, the audit log says ``what``, and the
    jobs are submitted once the transaction commits (a worker must see their rows)."""
    progress.mark_checking(period, user=user, what=what)
    ids = [job.pk for job in queued]
    transaction.on_commit(lambda: [jobs.submit(run_audit_job, job_id) for job_id in ids])


def recover_interrupted_jobs() -> list[AuditJob]:
    """Mark the unfinished jobs of dead workers 已中断 and release their periods (a period none
    of whose jobs is still unfinished leaves 检查中 and is recomputed with the runs it has)."""
    marked = recovery.mark_lost_jobs()
    for period_id in {job.period_id for job in marked if job.period_id is not None}:
        progress.finish_period_if_done(Period.objects.get(pk=period_id))
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
    owner = _owner()
    with transaction.atomic():
        resumed = [job for job in interrupted if recovery.requeue(job, owner)]
        _launch(
            period, resumed, user=user, what=f"继续已中断的检查：{len(resumed)} 个网站（从已抓取的页面继续）"
        )
    return resumed


def resume_job(job: AuditJob, *, user: AbstractBaseUser | None) -> AuditJob:
    """Resume one interrupted job that belongs to no period (AssessmentError if it is not interrupted)."""
    if job.period_id is not None:
        resume_period(job.period, user=user)
        job.refresh_from_db()
        return job
    if not recovery.requeue(job, _owner()):
        raise services.AssessmentError("该检查任务不是“已中断”状态，无法继续。")
    transaction.on_commit(lambda: jobs.submit(run_audit_job, job.pk))
    return job


def queue_audits(sites: list[Site], *, as_of: Any, user: AbstractBaseUser | None = None) -> list[AuditJob]:
    """Queue one audit job (of no period) per site: ``gongkai audit --background``. The jobs run
    on the Celery workers (or the in-process pool), one host at a time (monitoring.host_lock),
    and each goes through :func:`after_audit` like the command's own audits."""
    owner = _owner()
    with transaction.atomic():
        created = [
            AuditJob.objects.create(site=site, as_of=as_of, created_by=user, worker=owner) for site in sites
        ]
        ids = [job.pk for job in created]
        transaction.on_commit(lambda: [jobs.submit(run_audit_job, job_id) for job_id in ids])
    return created
