"""Background audits on Celery: a real Redis (127.0.0.1:6379) and a real worker process
(`celery -A gongkai.celery worker --pool solo -c 1`) pointed at the test database, auditing sites
served on loopback by this process."""

from __future__ import annotations

import time

import pytest

from gongkai import after_audit as tasks
from gongkai.assessment.models import Period, Score
from gongkai.monitoring.models import AuditJob, AuditRun


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_runs_the_period_audits(audit_period, users, worker):
    process, log = worker
    created = tasks.start_period_audits(audit_period, user=users["supervisor"])
    ids = [job.pk for job in created]
    # the jobs wait in Redis until the worker takes them
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        statuses = list(AuditJob.objects.filter(pk__in=ids).values_list("status", flat=True))
        if all(s in ("已完成", "失败") for s in statuses):
            break
        assert process.poll() is None, "Celery 工作进程意外退出：\n" + log.read_text(errors="replace")
        time.sleep(0.5)
    else:
        pytest.fail("90 秒内检查未完成。工作进程日志：\n" + log.read_text(errors="replace"))

    jobs = list(AuditJob.objects.filter(pk__in=ids).select_related("run", "site"))
    assert [j.status for j in jobs] == ["已完成", "已完成"], [j.error for j in jobs]
    for job in jobs:
        assert job.run is not None and job.run.status == AuditRun.Status.DONE
        assert job.run.site_id == job.site_id and job.pages_done == job.run.pages_crawled >= 2
        assert job.run.options["job"] == job.pk
    assert jobs[0].run.findings.filter(kind="broken_link").count() == 1
    # the worker, not this process, ran them
    assert "gongkai.run_audit_job" in log.read_text(errors="replace")
    period = Period.objects.get(pk=audit_period.pk)
    assert period.status == Period.Status.REVIEWING
    assert Score.objects.filter(period=period).count() == 2
