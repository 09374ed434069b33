"""One audit per host at a time across workers (issue 17 item 5): the Redis lock of a host is
held by one caller, expires on its own, and is released only by its holder; a background audit of
a site whose host is busy waits (alive, heartbeat kept) and runs once the host is free; and
``gongkai audit --all --background --wait`` audits every active site through the jobs, and
says in Chinese which site it could not audit."""

from __future__ import annotations

import time
import uuid

import pytest
import redis
from django.core.management import CommandError, call_command

from gongkai import jobs
from gongkai.after_audit import queue_audits
from gongkai.monitoring.host_lock import LOCK_TTL, HostLock, host_of
from gongkai.monitoring.models import AuditJob, AuditRun
from gongkai.registry.models import Site
from tests.jobs.conftest import CHECK_DATE, REDIS_URL


def test_host_of():
    assert host_of("http://WWW.Yanshi.gov.cn:8080/a/") == "www.yanshi.gov.cn"
    assert host_of("https://127.0.0.2/") == "127.0.0.2"


def test_redis_lock_is_held_once_and_released_by_its_holder(settings):
    settings.REDIS_URL = REDIS_URL
    host = f"test-{uuid.uuid4().hex[:8]}.gov.cn"
    first, second = HostLock(host), HostLock(host)
    try:
        assert first.acquire() and not second.acquire()
        assert first.holder() == first.token
        ttl = redis.Redis.from_url(REDIS_URL).ttl(first.key)
        assert 0 < ttl <= LOCK_TTL  # a dead worker's host frees itself
        second.release()  # not its lock: nothing happens
        assert first.holder() == first.token
        first.renew()
        first.release()
        assert first.holder() is None
        assert second.acquire() and second.holder() == second.token
    finally:
        second.release()
        first.release()
    assert HostLock(host).holder() is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_waits_while_its_host_is_busy(settings, audit_period):
    settings.REDIS_URL = ""
    site = Site.objects.get(url__endswith="/a/")
    busy = HostLock(host_of(site.url))  # another worker auditing this host
    assert busy.acquire()
    try:
        [job] = queue_audits([site], as_of=CHECK_DATE)
        deadline = time.monotonic() + 30
        while AuditJob.objects.get(pk=job.pk).status != AuditJob.Status.RUNNING:
            assert time.monotonic() < deadline, "任务 30 秒内未被领取"
            time.sleep(0.2)
        time.sleep(1.5)
        waiting = AuditJob.objects.get(pk=job.pk)
        assert waiting.status == AuditJob.Status.RUNNING and waiting.pages_done == 0
        assert not AuditRun.objects.filter(site=site).exists()
    finally:
        busy.release()
    assert jobs.wait_idle(timeout=60), "主机空闲后 60 秒内检查未结束"
    job.refresh_from_db()
    assert job.status == AuditJob.Status.DONE and job.run.pages_crawled >= 2
    assert busy.holder() is None  # the job gave the host back


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_all_in_background(settings, audit_period, capsys):
    settings.REDIS_URL = ""
    Site.objects.exclude(url__contains="127.0.0.1").update(active=False)
    active = set(Site.objects.filter(active=True).values_list("pk", flat=True))
    call_command("audit", "--all", "--background", "--wait", "--as-of", CHECK_DATE.isoformat())
    out = capsys.readouterr().out
    assert f"已排队 {len(active)} 个网站的检查" in out and f"{len(active)} 个网站完成" in out
    done = AuditJob.objects.filter(site_id__in=active, period=None)
    assert {job.site_id for job in done if job.status == AuditJob.Status.DONE} == active
    assert {run.site_id for run in AuditRun.objects.filter(as_of=CHECK_DATE)} == active


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_all_in_background_fails_loudly_for_an_unreachable_site(settings, audit_period):
    settings.REDIS_URL = ""
    Site.objects.exclude(url__endswith="/a/").update(active=False)
    down = Site.objects.create(
        unit=Site.objects.get(url__endswith="/a/").unit, name="停用的网站", url="http://127.0.0.1:9/"
    )
    with pytest.raises(CommandError, match=r"1 个网站的检查未完成：http://127.0.0.1:9/（失败"):
        call_command("audit", "--all", "--background", "--wait", "--as-of", CHECK_DATE.isoformat())
    assert AuditJob.objects.get(site=down).status == AuditJob.Status.FAILED
    assert AuditJob.objects.get(site__url__endswith="/a/").status == AuditJob.Status.DONE
