"""The live progress page and its htmx partial: who may see them, who may start audits, and what
the table shows while jobs run and after."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai import jobs
from gongkai.monitoring.models import AuditJob
from gongkai.registry.models import Site

ROLES = ["anonymous", "supervisor", "assessor", "leader", "unit_admin", "other_admin", "shangnan_supervisor"]
VIEW = {"anonymous": 302, "supervisor": 200, "assessor": 200, "leader": 200}
START = {"anonymous": 302, "supervisor": 302}


def _client(users, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_progress_page_matrix(audit_period, users, role):
    client = _client(users, role)
    for url in (f"/audits/period/{audit_period.pk}/", f"/audits/period/{audit_period.pk}/rows/"):
        assert client.get(url).status_code == VIEW.get(role, 403), url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_start_matrix(audit_period, users, role, django_capture_on_commit_callbacks, settings):
    settings.REDIS_URL = ""
    # the callbacks that would submit the jobs are captured, not run: only the permission matters
    with django_capture_on_commit_callbacks(execute=False):
        response = _client(users, role).post(f"/audits/period/{audit_period.pk}/start/")
    assert response.status_code == START.get(role, 403)
    assert AuditJob.objects.filter(period=audit_period).count() == (2 if role == "supervisor" else 0)


@pytest.mark.django_db
def test_rows_show_status_pages_and_poll_only_while_running(audit_period, users):
    site = Site.objects.get(url__endswith="/a/")
    job = AuditJob.objects.create(
        period=audit_period, site=site, as_of=audit_period.check_date, status="检查中", pages_done=7
    )
    client = _client(users, "leader")
    html = client.get(f"/audits/period/{audit_period.pk}/rows/").content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert "教育体育局" in html and 'data-status="检查中"' in html and ">7<" in html
    AuditJob.objects.filter(pk=job.pk).update(status="已完成")
    html = client.get(f"/audits/period/{audit_period.pk}/rows/").content.decode()
    assert "every 2s" not in html and "全部结束" in html
    page = client.get(f"/audits/period/{audit_period.pk}/").content.decode()
    assert "开始检查" not in page and "重新检查" not in page  # leaders cannot start audits
    page = _client(users, "supervisor").get(f"/audits/period/{audit_period.pk}/").content.decode()
    assert "重新检查全部网站" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_supervisor_starts_from_the_page_and_sees_the_findings(audit_period, users, settings):
    settings.REDIS_URL = ""
    client = _client(users, "supervisor")
    assert "检查进度" in client.get(f"/assessment/{audit_period.pk}/").content.decode()
    response = client.post(f"/audits/period/{audit_period.pk}/start/", follow=True)
    assert "已启动 2 个网站的检查" in response.content.decode()
    assert jobs.wait_idle(timeout=60)
    html = client.get(f"/audits/period/{audit_period.pk}/rows/").content.decode()
    assert html.count('data-status="已完成"') == 2
    a_job = AuditJob.objects.get(period=audit_period, site__url__endswith="/a/")
    assert a_job.run.findings.count() >= 1
    assert f'<td class="num">{a_job.run.findings.count()}</td>' in html


@pytest.mark.django_db
def test_rows_say_when_a_run_stopped_early(audit_period, users):
    from gongkai.monitoring.models import AuditRun

    site = Site.objects.get(url__endswith="/a/")
    run = AuditRun.objects.create(
        site=site, start=site.url, as_of=audit_period.check_date, incomplete=["requests", "trap"]
    )
    AuditJob.objects.create(
        period=audit_period, site=site, as_of=audit_period.check_date, status="已完成", run=run
    )
    html = _client(users, "supervisor").get(f"/audits/period/{audit_period.pk}/rows/").content.decode()
    assert "检查未完成：已达到请求次数上限；发现疑似爬虫陷阱，相关地址只做了抽查" in html
