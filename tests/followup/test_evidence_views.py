"""Serving a finding's evidence (issue 18): who may see it, how each file is served, what is said
when the file is gone, and that neither the URL nor a stored path can reach another file.

`unit_admin` runs 教育体育局 (edu), `other_admin` 公安局 (police); staff are scoped to 偃师市 and
`shangnan_supervisor` to another county (tests/conftest.py)."""

from __future__ import annotations

import io
import shutil

import pytest
from django.test import Client

from gongkai.monitoring.evidence_files import run_folder
from tests.evidence_files import PAGE_HTML, keep_evidence

POLICY = "default-src 'none'; sandbox"


@pytest.fixture
def evidence(setup, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    edu_finding = setup["edu_run"].findings.get(kind="typo")
    police_finding = setup["police_run"].findings.get()
    keep_evidence(setup["edu_run"], [edu_finding])
    keep_evidence(setup["police_run"], [police_finding], screenshot=False)
    return {**setup, "edu_finding": edu_finding, "police_finding": police_finding}


def _client(users, name: str | None) -> Client:
    client = Client()
    if name:
        client.force_login(users[name])
    return client


def _url(finding, kind: str) -> str:
    return f"/followup/findings/{finding.pk}/evidence/{kind}/"


def _secured(response) -> None:
    assert response["Content-Security-Policy"] == POLICY
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("unit_admin", 200),
        ("supervisor", 200),
        ("assessor", 200),
        ("leader", 200),
        ("other_admin", 403),
        ("shangnan_supervisor", 403),
    ],
)
def test_who_may_see_a_units_screenshot(evidence, users, user, status):
    response = _client(users, user).get(_url(evidence["edu_finding"], "screenshot"))
    assert response.status_code == status
    if status == 403:
        assert "无权查看该检查发现的证据" in response.content.decode()
        assert b"\x89PNG" not in response.content


def test_anonymous_users_are_sent_to_the_login_page(evidence, users):
    response = _client(users, None).get(_url(evidence["edu_finding"], "html"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_screenshot_is_an_inline_png(evidence, users):
    from PIL import Image

    response = _client(users, "unit_admin").get(_url(evidence["edu_finding"], "screenshot"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    _secured(response)
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.format == "PNG" and image.size == (640, 1600)


@pytest.mark.parametrize(("kind", "start"), [("html", PAGE_HTML.encode()), ("headers", b"HTTP 200\n")])
def test_page_and_headers_are_plain_text_downloads(evidence, users, kind, start):
    response = _client(users, "other_admin").get(_url(evidence["police_finding"], kind))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    _secured(response)
    assert b"".join(response.streaming_content).startswith(start)


def test_deleted_evidence_says_so_in_chinese(evidence, users):
    shutil.rmtree(run_folder(evidence["edu_run"]))
    response = _client(users, "unit_admin").get(_url(evidence["edu_finding"], "screenshot"))
    assert response.status_code == 404
    assert "证据已按保存期限删除" in response.content.decode()
    _secured(response)


def test_evidence_never_kept_is_a_404(evidence, users):
    client = _client(users, "other_admin")
    response = client.get(_url(evidence["police_finding"], "screenshot"))  # kept without a screenshot
    assert response.status_code == 404 and "没有保存这项证据" in response.content.decode()
    broken_link = evidence["edu_run"].findings.get(kind="broken_link")  # no evidence at all
    assert _client(users, "unit_admin").get(_url(broken_link, "html")).status_code == 404


def test_the_url_cannot_name_a_file(evidence, users):
    client = _client(users, "unit_admin")
    finding = evidence["edu_finding"]
    for url in (
        _url(finding, "box"),
        _url(finding, "sha256"),
        _url(finding, "..%2F..%2Fsettings.py"),
        f"/followup/findings/{finding.pk}/evidence/../../../etc/passwd/",
        f"/followup/findings/{finding.pk}/evidence/pages%2Fk1.png/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"\x89PNG" not in response.content


def test_a_stored_path_cannot_leave_the_runs_folder(evidence, users, settings):
    secret = settings.DATA_DIR / "secret.txt"
    secret.write_text("不应被读取", encoding="utf-8")
    finding = evidence["edu_finding"]
    for path in ("../../../secret.txt", str(secret), "pages/../../../../secret.txt"):
        finding.data = {**finding.data, "evidence": {**finding.data["evidence"], "html": path}}
        finding.save(update_fields=["data"])
        response = _client(users, "unit_admin").get(_url(finding, "html"))
        assert response.status_code == 404, path
        assert "不应被读取" not in response.content.decode()


def test_problem_page_and_review_row_link_the_evidence(evidence, users):
    from gongkai.followup import services
    from gongkai.followup.models import Problem

    finding = evidence["edu_finding"]
    period = evidence["period"]
    review = _client(users, "supervisor").get(f"/followup/periods/{period.pk}/review/").content.decode()
    assert f'src="{_url(finding, "screenshot")}"' in review
    assert f'href="{_url(finding, "html")}">网页原文' in review
    assert f'href="{_url(finding, "headers")}">应答头' in review
    assert finding.data["evidence"]["sha256"] in review
    assert "2026-11-20 10:30:05" in review  # the fetch time in Beijing time
    other = evidence["edu_run"].findings.get(kind="broken_link")
    assert f"/followup/findings/{other.pk}/evidence/" not in review  # nothing without evidence

    services.issue_problems(period, user=users["supervisor"])
    problem = Problem.objects.get(finding=finding)
    page = _client(users, "unit_admin").get(f"/followup/problems/{problem.pk}/").content.decode()
    assert f'src="{_url(finding, "screenshot")}"' in page
    portal = _client(users, "unit_admin").get("/followup/portal/").content.decode()
    assert f'src="{_url(finding, "screenshot")}"' in portal
    no_evidence = Problem.objects.get(finding=other)
    page = _client(users, "unit_admin").get(f"/followup/problems/{no_evidence.pk}/").content.decode()
    assert "/evidence/" not in page and "网页原文" not in page


def test_pages_say_when_the_evidence_was_deleted(evidence, users):
    finding, period = evidence["edu_finding"], evidence["period"]
    shutil.rmtree(run_folder(evidence["edu_run"]))
    client = _client(users, "supervisor")
    review = client.get(f"/followup/periods/{period.pk}/review/").content.decode()
    assert "证据已按保存期限删除" in review
    assert f"/followup/findings/{finding.pk}/evidence/" not in review  # no broken thumbnail or links
    assert finding.data["evidence"]["sha256"] in review  # the hash stays on record


def test_the_review_page_loads_the_runs_once(evidence, users):
    """Checking the files needs each finding's run: one query for the page, not one per finding."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(users, "supervisor")
    url = f"/followup/periods/{evidence['period'].pk}/review/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    keep_evidence(evidence["edu_run"], list(evidence["edu_run"].findings.all()))  # 2 more findings
    page = client.get(url).content.decode()
    assert page.count('class="evidence-thumb"') == 3
    assert queries() == before
