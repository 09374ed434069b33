"""Background audits on Celery: a real Redis (127.0.0.1:6379) and a real worker process
(`celery -A gongkai.celery worker --pool solo -c 1`) pointed at the test database, auditing sites
served on loopback by this process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from gongkai.assessment.models import Period, Score
from gongkai.monitoring import tasks
from gongkai.monitoring.models import AuditJob, AuditRun

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied of this test's keys after


def _database_url() -> str:
    """The URL of the test database this process uses, for the worker."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = Path(db["NAME"])
        assert name.is_file(), "Celery 测试需要文件形式的 SQLite 测试数据库（见 tests/jobs/conftest.py）"
        return f"sqlite:///{name}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    """A Celery worker process on a queue of its own; stopped and its Redis keys removed after."""
    queue = f"gongkai-test-{uuid.uuid4().hex[:12]}"
    settings.REDIS_URL = REDIS_URL
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "GONGKAI_DATA_DIR": str(tmp_path / "worker-data"),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "GONGKAI_CELERY_QUEUE": queue,
    }
    log = tmp_path / "worker.log"
    celery = Path(sys.executable).with_name("celery")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(celery),
                "-A",
                "gongkai.celery",
                "worker",
                "--pool",
                "solo",
                "-c",
                "1",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    yield process, log
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)


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
