"""Crash recovery (issue 12 item 11): a real audit job runs in another process against a loopback
site and is killed with SIGKILL half-way; start-up recovery marks it 已中断 and releases the
period; resuming continues from the checkpoint without fetching the same pages again, and finds
what an uninterrupted audit finds."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import timezone

from gongkai import after_audit as recovery
from gongkai import after_audit as tasks
from gongkai import jobs
from gongkai.assessment.models import Period
from gongkai.assessment.services import AssessmentError
from gongkai.audit.checkpoint import recorded_targets
from gongkai.audit.engine import audit
from gongkai.monitoring.models import AuditJob
from gongkai.monitoring.store import config_for
from gongkai.monitoring.tasks import UNFINISHED, checkpoint_path
from gongkai.monitoring.workers import HEARTBEAT_STALE, identity, is_gone
from gongkai.registry.models import Site
from tests.jobs.conftest import _database_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARTICLES = 30
_FOOT = "<div>主办单位：偃师市教育体育局</div>"


def _page(path: str) -> tuple[int, str]:
    if path == "/":
        links = "".join(f'<a href="/art/{i}.html">通知{i}</a>' for i in range(ARTICLES))
        return 200, f"<html><head><title>教育体育局</title></head><body>{links}{_FOOT}</body></html>"
    if path.startswith("/art/") and path.endswith(".html"):
        n = int(path[5:-5])
        gone = f'<a href="/gone/{n}.pdf">附件</a>' if n % 6 == 0 else ""
        return 200, (
            f"<html><head><title>通知{n}</title></head><body><p>关于第{n}项工作的通知，联系电话"
            f"0379-6{n:06d}</p>{gone}{_FOOT}</body></html>"
        )
    return 404, "<html><body>未找到</body></html>"


class LoggedSite:
    """The site above on loopback, each answer 50 ms late; logs every request's path."""

    def __init__(self) -> None:
        self.log: list[str] = []
        log = self.log

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                log.append(self.path)
                time.sleep(0.05)
                status, body = _page(self.path)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command == "GET":
                    self.wfile.write(data)

            do_HEAD = do_GET

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def pages(self) -> list[str]:
        return [p for p in self.log if p != "/robots.txt"]


@pytest.fixture
def logged_site() -> Iterator[LoggedSite]:
    site = LoggedSite()
    yield site
    site.httpd.shutdown()
    site.httpd.server_close()


@pytest.fixture
def one_site_period(audit_period, logged_site, settings):
    """The period of tests/jobs/conftest.py with one active site: 教育体育局's, on the logged site."""
    settings.REDIS_URL = ""
    sites = Site.objects.filter(unit__in=audit_period.units.all(), active=True)
    sites.exclude(unit__name="教育体育局").update(active=False)
    sites.filter(unit__name="教育体育局").update(url=logged_site.url + "/")
    return audit_period


def _findings(records: list[dict]) -> list[tuple]:
    return sorted(
        (f["kind"], f["page"], f["message"], sorted((k, str(v)) for k, v in f.items())) for f in records
    )


def test_killed_audit_is_interrupted_then_resumed_from_its_checkpoint(
    one_site_period, users, logged_site, monkeypatch, tmp_path
):
    period = one_site_period
    queued: list[int] = []
    monkeypatch.setattr(jobs, "submit", lambda task, *args: queued.append(args[0]))  # run it elsewhere
    (job,) = tasks.start_period_audits(period, user=users["supervisor"])
    monkeypatch.undo()
    assert queued == [job.pk]

    # another process runs the job (as a web server's pool or a worker would) and is killed mid-crawl
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings", "DATABASE_URL": _database_url()}
    code = f"from gongkai import after_audit; after_audit.run_audit_job({job.pk})"
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        runner = subprocess.Popen(
            [sys.executable, "-m", "gongkai", "shell", "-c", code],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while sum(p.startswith("/art/") for p in logged_site.pages()) < 8:
        assert runner.poll() is None, log.read_text(errors="replace")
        assert time.monotonic() < deadline, "60 秒内未开始抓取：\n" + log.read_text(errors="replace")
        time.sleep(0.05)
    os.kill(runner.pid, signal.SIGKILL)
    runner.wait(10)
    before_kill = list(logged_site.pages())
    assert len(before_kill) < ARTICLES  # killed half-way

    # what a kill leaves: the job 检查中 (forever, before this fix) and the period locked in 检查中
    job.refresh_from_db()
    assert job.status == AuditJob.Status.RUNNING and job.worker.split("|")[1] == str(runner.pid)
    assert Period.objects.get(pk=period.pk).status == Period.Status.CHECKING

    # start-up recovery: 已中断, the period released
    assert [j.pk for j in recovery.recover_interrupted_jobs()] == [job.pk]
    job.refresh_from_db()
    assert job.status == AuditJob.Status.INTERRUPTED and "继续检查" in job.error
    period.refresh_from_db()
    assert period.status == Period.Status.REVIEWING
    assert not period.audit_jobs.filter(status__in=UNFINISHED).exists()
    assert recovery.recover_interrupted_jobs() == []  # nothing more to find

    done = recorded_targets(checkpoint_path(job.pk))
    assert len(done) >= 8
    logged_site.log.clear()
    resumed = recovery.resume_period(period, user=users["supervisor"])
    assert [j.pk for j in resumed] == [job.pk]
    assert jobs.wait_idle(timeout=120), "继续检查 120 秒内未结束"

    job.refresh_from_db()
    assert job.status == AuditJob.Status.DONE, job.error
    after_resume = logged_site.pages()
    assert {logged_site.url + p for p in after_resume} & done == set(), "已抓取的页面被重复抓取"
    assert not checkpoint_path(job.pk).exists()  # done: the checkpoint is removed
    assert Period.objects.get(pk=period.pk).status == Period.Status.REVIEWING

    # the same findings as an audit that was never interrupted
    site = Site.objects.get(pk=job.site_id)
    logged_site.log.clear()
    # the reference audit without the polite rate (4 requests a second): the same findings, ~9 s
    # sooner; and without the site's page state, which the resumed audit left: with it, a target
    # that audit found gone would be asked once instead of three times (HEAD, GET, re-check)
    reference = config_for(site, as_of=job.as_of, rate=0, page_state=None)
    whole = asyncio.run(audit(reference)).to_record()
    assert len(after_resume) == len(logged_site.pages()) - len(done)  # only the rest was fetched
    stored = [f.to_contract() for f in job.run.findings.all()]
    assert len(stored) > ARTICLES // 6
    assert _findings(stored) == _findings(whole["findings"])
    assert job.run.pages == whole["pages"] and job.run.pages_crawled == whole["pages_crawled"] == ARTICLES + 1


def test_a_live_worker_is_not_gone_and_a_dead_one_is():
    now = timezone.now()
    assert not is_gone(identity(), None, now)
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    host, _, start = identity().split("|")
    assert is_gone(f"{host}|{child.pid}|{start}", now, now)  # no such process any more
    assert is_gone(f"{host}|{os.getpid()}|0", now, now)  # our pid, another process's start: reused
    tick = start.split(":")[1]
    assert is_gone(f"{host}|{os.getpid()}|0000beef:{tick}", now, now)  # our pid and tick before a reboot
    assert not is_gone("elsewhere|1|1", now, now)  # another host, fresh heartbeat
    assert is_gone("elsewhere|1|1", now - HEARTBEAT_STALE - timedelta(seconds=1), now)


def _interrupted_job(period, settings) -> AuditJob:
    """A job of ``period`` whose worker (a finished child process) is gone, recovered at start-up."""
    settings.REDIS_URL = ""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    host, _, start = identity().split("|")
    site = Site.objects.filter(unit__in=period.units.all(), active=True).first()
    job = AuditJob.objects.create(
        period=period,
        site=site,
        as_of=period.check_date,
        status="检查中",
        worker=f"{host}|{child.pid}|{start}",
        heartbeat_at=timezone.now(),
    )
    Period.objects.filter(pk=period.pk).update(status=Period.Status.CHECKING)
    assert recovery.recover_interrupted_jobs() == [job]
    return job


def test_progress_page_shows_interrupted_jobs_and_resumes_them(
    audit_period, users, settings, django_capture_on_commit_callbacks
):
    from django.test import Client

    job = _interrupted_job(audit_period, settings)
    leader, supervisor = Client(), Client()
    leader.force_login(users["leader"])
    supervisor.force_login(users["supervisor"])
    url = f"/audits/period/{audit_period.pk}/"
    page = supervisor.get(url).content.decode()
    assert "已中断 1 个" in page and "继续已中断的检查（1 个网站）" in page
    assert "继续已中断的检查" not in leader.get(url).content.decode()
    assert leader.post(url + "resume/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor.post(url + "resume/", follow=True)
    assert "已继续 1 个网站的检查" in response.content.decode()
    assert jobs.wait_idle(timeout=60)
    job.refresh_from_db()
    assert job.status == AuditJob.Status.DONE and job.run is not None
    with django_capture_on_commit_callbacks(execute=True):
        again = supervisor.post(url + "resume/", follow=True)
    assert "没有已中断的检查" in again.content.decode()


def test_resume_command(audit_period, settings, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    job = _interrupted_job(audit_period, settings)
    call_command("resume")
    assert "当前已中断的检查任务共 1 个" in capsys.readouterr().out
    call_command("resume", period=audit_period.pk, wait=True)
    assert "已继续检查 1 个网站" in capsys.readouterr().out
    job.refresh_from_db()
    assert job.status == AuditJob.Status.DONE
    with pytest.raises(CommandError, match="没有已中断的检查"):
        call_command("resume", period=audit_period.pk)


def test_an_interrupted_job_superseded_by_a_new_audit_is_not_resumed(audit_period, settings):
    old = _interrupted_job(audit_period, settings)
    AuditJob.objects.create(
        period=audit_period, site=old.site, as_of=audit_period.check_date, status="已完成"
    )
    with pytest.raises(AssessmentError, match="没有已中断的检查"):
        recovery.resume_period(audit_period, user=None)
    old.refresh_from_db()
    assert old.status == AuditJob.Status.INTERRUPTED


def _wait_for(condition, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{seconds} 秒内{what}：\n" + log.read_text(errors="replace")
        time.sleep(0.2)


@pytest.fixture
def lost_job(audit_period, settings) -> AuditJob:
    """A job 检查中 whose worker process is gone, as a killed server leaves it."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    host, _, start = identity().split("|")
    site = Site.objects.filter(unit__in=audit_period.units.all(), active=True).first()
    Period.objects.filter(pk=audit_period.pk).update(status=Period.Status.CHECKING)
    return AuditJob.objects.create(
        period=audit_period,
        site=site,
        as_of=audit_period.check_date,
        status="检查中",
        worker=f"{host}|{child.pid}|{start}",
        heartbeat_at=timezone.now(),
    )


def test_serve_marks_the_jobs_of_a_killed_server_interrupted(lost_job, tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings", "DATABASE_URL": _database_url()}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gongkai", "serve", "--port", str(port), "--no-migrate", "--no-reminders"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(
            lambda: AuditJob.objects.get(pk=lost_job.pk).status == AuditJob.Status.INTERRUPTED,
            60,
            "gongkai serve 未标记中断的检查",
            log,
        )
        _wait_for(lambda: "中断的检查任务" in log.read_text(errors="replace"), 10, "未提示", log)
    finally:
        server.terminate()
        server.wait(20)
    assert Period.objects.get(pk=lost_job.period_id).status == Period.Status.REVIEWING


def test_a_starting_celery_worker_marks_them_interrupted(lost_job, worker):
    process, log = worker
    _wait_for(
        lambda: AuditJob.objects.get(pk=lost_job.pk).status == AuditJob.Status.INTERRUPTED,
        60,
        "Celery 工作进程未标记中断的检查",
        log,
    )
    assert process.poll() is None


def test_a_dead_workers_jobs_do_not_lock_the_period_for_a_new_audit(lost_job, users, settings, monkeypatch):
    settings.REDIS_URL = ""
    period = Period.objects.get(pk=lost_job.period_id)
    monkeypatch.setattr(jobs, "submit", lambda task, *args: None)  # only the refusal matters, not the crawl
    created = tasks.start_period_audits(period, user=users["supervisor"])
    assert created and AuditJob.objects.get(pk=lost_job.pk).status == AuditJob.Status.INTERRUPTED
