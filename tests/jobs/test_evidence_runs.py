"""Evidence kept by the audits of registered sites (issue 18 item 1): ``gongkai audit`` and the
background jobs write, by default, the pages with a finding as fetched, their SHA-256 and a
screenshot into a folder of the run under the data directory; ``--no-evidence`` and
``GONGKAI_EVIDENCE=0`` (settings.EVIDENCE, off for the rest of the suite) keep none.

The site is the jobs' loopback site (tests/jobs/conftest.py): its home page /a/ links to a page
that is gone, so the run has a broken link on the home page."""

from __future__ import annotations

import hashlib
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from gongkai import after_audit, jobs
from gongkai.monitoring.evidence_files import evidence_file, run_folder
from gongkai.monitoring.models import AuditJob, AuditRun
from gongkai.registry.models import Site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def evidence_on(settings, tmp_path):
    settings.REDIS_URL = ""
    settings.DATA_DIR = tmp_path
    settings.EVIDENCE = True


def _broken_link_evidence(run: AuditRun) -> dict:
    finding = run.findings.get(kind="broken_link")
    assert finding.page.endswith("/a/")
    return finding.data["evidence"]


def _assert_real_evidence(run: AuditRun) -> None:
    evidence = _broken_link_evidence(run)
    html = evidence_file(run, evidence["html"])
    assert html is not None and b"/a/gone.html" in html.read_bytes()
    assert hashlib.sha256(html.read_bytes()).hexdigest() == evidence["sha256"]
    assert evidence["fetched_at"].endswith("+00:00")
    headers = evidence_file(run, evidence["headers"]).read_text(encoding="utf-8")
    assert headers.startswith("HTTP 200") and "Content-Type: text/html" in headers
    shot = evidence_file(run, evidence["screenshot"])
    image = Image.open(shot).convert("L")
    assert image.width == 1280
    low, high = image.getextrema()
    assert high - low > 100, "截图是空白的"


def test_the_audit_command_keeps_evidence_by_default(audit_period):
    site = Site.objects.get(url__endswith="/a/")
    out = StringIO()
    call_command("audit", site=[site.pk], as_of=audit_period.check_date, rate=0, stdout=out)
    run = AuditRun.objects.filter(site=site).latest("id")
    assert run.evidence_dir.startswith(f"evidence/{site.pk}/")
    assert run_folder(run).is_dir()
    _assert_real_evidence(run)
    assert "证据：3 个页面，截图 3 张" in out.getvalue()


def test_no_evidence_keeps_none(audit_period, settings, tmp_path):
    site = Site.objects.get(url__endswith="/a/")
    call_command(
        "audit", site=[site.pk], as_of=audit_period.check_date, rate=0, no_evidence=True, stdout=StringIO()
    )
    settings.EVIDENCE = False  # GONGKAI_EVIDENCE=0: the same without the flag
    call_command("audit", site=[site.pk], as_of=audit_period.check_date, rate=0, stdout=StringIO())
    for run in AuditRun.objects.filter(site=site):
        assert run.evidence_dir == ""
        assert "evidence" not in run.findings.get(kind="broken_link").data
    assert not (Path(tmp_path) / "evidence").exists()


def test_a_background_job_keeps_its_evidence_in_the_jobs_folder(audit_period, users):
    after_audit.start_period_audits(audit_period, user=users["supervisor"])
    assert jobs.wait_idle(timeout=90), "后台检查 90 秒内未结束"
    site = Site.objects.get(url__endswith="/a/")
    job = AuditJob.objects.get(site=site, period=audit_period)
    assert job.status == AuditJob.Status.DONE
    assert job.run.evidence_dir == f"evidence/{site.pk}/job-{job.pk}"
    _assert_real_evidence(job.run)


def test_an_unreachable_site_keeps_both_tries_and_the_pages_serve_them(audit_period, users, settings):
    """From a real audit to the review page and the API: the home page of a site that does not
    open is tried twice (tests/audit/test_recapture.py), both screenshots are served."""
    from django.test import Client

    from gongkai.api.tokens import create_token
    from tests.audit.testsite import free_port

    unit = Site.objects.get(url__endswith="/a/").unit
    dead = Site.objects.create(unit=unit, name="停机网站", url=f"http://127.0.0.1:{free_port()}/")
    call_command("audit", site=[dead.pk], as_of=audit_period.check_date, rate=0, stdout=StringIO())
    run = AuditRun.objects.get(site=dead)
    finding = run.findings.get(kind="site")
    assert finding.data["check"] == "unreachable" and len(finding.data["attempts"]) == 2
    evidence = finding.data["evidence"]
    assert evidence["screenshot"].endswith(".attempt-1.png")
    assert evidence["recapture"]["screenshot"].endswith(".attempt-2.png")

    client = Client()
    client.force_login(users["unit_admin"])  # 教育体育局's administrator: the site is theirs
    for kind in ("screenshot", "recapture-screenshot"):
        response = client.get(f"/followup/findings/{finding.pk}/evidence/{kind}/")
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert Image.open(io.BytesIO(b"".join(response.streaming_content))).width == 1280
    record = client.get(f"/followup/findings/{finding.pk}/evidence/recapture-headers/")
    assert "Attempt: 2" in b"".join(record.streaming_content).decode("utf-8")
    other = Client()
    other.force_login(users["other_admin"])  # 公安局: another unit's evidence is refused
    assert other.get(f"/followup/findings/{finding.pk}/evidence/recapture-screenshot/").status_code == 403

    _token, key = create_token(users["supervisor"], "测试")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    listed = api.get(f"/api/periods/{audit_period.pk}/findings").json()
    (out,) = [f for f in listed if f["id"] == finding.pk]
    shot = api.get(out["evidence"]["recapture"]["screenshot"])
    assert shot.status_code == 200 and shot["Content-Type"] == "image/png"
    assert out["evidence"]["recapture"]["screenshot"].endswith(f"/{finding.pk}/evidence/recapture-screenshot")
    assert out["evidence"]["recapture"]["fetched_at"] == evidence["recapture"]["fetched_at"]
