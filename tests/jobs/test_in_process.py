"""Background audits in-process (no REDIS_URL): the web process's thread pool crawls real loopback
sites, stores the runs, and the last job recomputes the period."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from gongkai import after_audit as tasks
from gongkai import jobs
from gongkai.assessment.models import Period, Score
from gongkai.assessment.services import AssessmentError
from gongkai.monitoring.models import AuditJob, AuditRun, Finding
from gongkai.oversight.models import Event
from gongkai.registry.models import Site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def in_process(settings):
    settings.REDIS_URL = ""


def test_period_audits_run_in_threads_and_recompute_the_period(audit_period, users):
    created = tasks.start_period_audits(audit_period, user=users["supervisor"])
    assert len(created) == 2
    assert Period.objects.get(pk=audit_period.pk).status == Period.Status.CHECKING
    assert Event.objects.filter(kind=Event.Kind.AUDITS_STARTED, user=users["supervisor"]).count() == 1

    assert jobs.wait_idle(timeout=60), "后台检查 60 秒内未结束"
    done = list(AuditJob.objects.filter(period=audit_period).select_related("run", "site"))
    assert [j.status for j in done] == [AuditJob.Status.DONE] * 2
    for job in done:
        assert job.run is not None and job.run.site_id == job.site_id
        assert job.pages_done == job.run.pages_crawled >= 2
        assert job.run.as_of == audit_period.check_date
        assert job.started_at <= job.finished_at
    broken = Finding.objects.filter(run__site__url__endswith="/a/", kind="broken_link")
    assert [f.data["target"].rsplit("/", 1)[-1] for f in broken] == ["gone.html"]
    assert not Finding.objects.filter(run__site__url__endswith="/b/", kind="broken_link").exists()

    period = Period.objects.get(pk=audit_period.pk)
    assert period.status == Period.Status.REVIEWING
    scores = Score.objects.filter(period=period)
    assert scores.count() == 2
    # the recomputation saw the stored findings: 教育体育局's score references the broken link
    own = scores.get(unit__name="教育体育局")
    assert set(own.finding_ids) >= set(broken.values_list("pk", flat=True))
    assert Event.objects.filter(kind=Event.Kind.AUDITS_FINISHED).count() == 1


def test_a_job_delivered_twice_runs_once(audit_period, users):
    site = Site.objects.get(url__endswith="/b/")
    job = AuditJob.objects.create(period=None, site=site, as_of=audit_period.check_date)
    threads = [threading.Thread(target=tasks.run_audit_job, args=(job.pk,)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    job.refresh_from_db()
    assert job.status == AuditJob.Status.DONE
    assert AuditRun.objects.filter(site=site).count() == 1
    tasks.run_audit_job(job.pk)  # a late redelivery of a finished job
    assert AuditRun.objects.filter(site=site).count() == 1


def test_an_unreachable_site_fails_its_job_but_the_period_still_finishes(audit_period, users):
    Site.objects.filter(url__endswith="/b/").update(url="http://127.0.0.1:9/")
    tasks.start_period_audits(audit_period, user=users["supervisor"])
    assert jobs.wait_idle(timeout=60)
    failed = AuditJob.objects.get(period=audit_period, site__url="http://127.0.0.1:9/")
    assert failed.status == AuditJob.Status.FAILED and failed.error
    assert failed.run is not None and failed.run.status == AuditRun.Status.FAILED
    assert Period.objects.get(pk=audit_period.pk).status == Period.Status.REVIEWING


def test_start_is_refused_while_running_when_published_and_without_sites(audit_period, users):
    site = Site.objects.get(url__endswith="/a/")
    AuditJob.objects.create(period=audit_period, site=site, as_of=audit_period.check_date)
    with pytest.raises(AssessmentError, match="尚未结束"):
        tasks.start_period_audits(audit_period, user=users["supervisor"])
    AuditJob.objects.all().delete()

    Site.objects.filter(unit__in=audit_period.units.all()).update(active=False)
    with pytest.raises(AssessmentError, match="没有启用的网站"):
        tasks.start_period_audits(audit_period, user=users["supervisor"])

    Period.objects.filter(pk=audit_period.pk).update(status=Period.Status.PUBLISHED)
    audit_period.refresh_from_db()
    with pytest.raises(AssessmentError, match="已发布"):
        tasks.start_period_audits(audit_period, user=users["supervisor"])
    assert not AuditJob.objects.exists()


def test_page_count_grows_while_the_crawl_runs(audit_period, site_server):
    site = Site.objects.get(url__endswith="/b/")
    site.url = site_server + "/c/"
    site.save()
    job = AuditJob.objects.create(site=site, as_of=audit_period.check_date)
    jobs.submit(tasks.run_audit_job, job.pk)
    seen = []
    while not jobs.wait_idle(timeout=0.1):
        seen.append(AuditJob.objects.values_list("status", "pages_done").get(pk=job.pk))
    job.refresh_from_db()
    assert job.status == AuditJob.Status.DONE and job.pages_done == job.run.pages_crawled == 13
    during = [pages for status, pages in seen if status == AuditJob.Status.RUNNING]
    assert any(0 < pages < 13 for pages in during), seen  # live progress, not only the final count
    changes = sum(1 for a, b in zip(during, during[1:], strict=False) if a != b)
    # one write per second at most: a ~3 s crawl cannot show more than a handful of changes
    assert changes <= 4, seen


def test_jobs_lost_long_ago_do_not_block_a_new_start(audit_period, users):
    site = Site.objects.get(url__endswith="/a/")
    lost = AuditJob.objects.create(period=audit_period, site=site, as_of=audit_period.check_date)
    AuditJob.objects.filter(pk=lost.pk).update(queued_at=timezone.now() - timedelta(hours=3))
    created = tasks.start_period_audits(audit_period, user=users["supervisor"])
    assert len(created) == 2
    lost.refresh_from_db()
    assert lost.status == AuditJob.Status.FAILED and "中断" in lost.error
    assert jobs.wait_idle(timeout=60)
    assert Period.objects.get(pk=audit_period.pk).status == Period.Status.REVIEWING
