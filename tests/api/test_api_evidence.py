"""The evidence behind findings through the API: the URLs in every finding, the files behind
them with the token's permissions, the same headers as the pages, and a Chinese 404 once the
evidence has been deleted."""

from __future__ import annotations

import io
import shutil

import pytest
from django.test import Client

from gongkai.monitoring.evidence_files import run_folder
from gongkai.monitoring.models import Finding
from tests.evidence_files import FETCHED_AT, PAGE_HTML, keep_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    own = Finding.objects.get(run__site_id=world["own_site"])
    evidence = keep_evidence(own.run, [own])
    return {**world, "finding": own, "evidence": evidence}


def _get(token: str | None, url: str):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get(url, headers=headers)


def test_findings_carry_the_urls_of_their_evidence(kept, tokens):
    finding = kept["finding"]
    base = f"/api/findings/{finding.pk}/evidence"
    site = _get(tokens["unit_admin"], f"/api/sites/{kept['own_site']}/findings").json()
    [row] = site["findings"]
    assert row["evidence"] == {
        "screenshot": f"{base}/screenshot",
        "html": f"{base}/html",
        "headers": f"{base}/headers",
        "sha256": kept["evidence"]["sha256"],
        "fetched_at": FETCHED_AT,
        "recapture": None,  # a second capture only before a single-item veto
    }
    rows = _get(tokens["leader"], f"/api/periods/{kept['draft']}/findings").json()
    by_unit = {r["unit_id"]: r for r in rows}
    assert by_unit[kept["own"]]["evidence"]["screenshot"] == f"{base}/screenshot"
    assert by_unit[kept["other"]]["evidence"] is None  # that run kept no evidence


def test_the_files_behind_the_urls(kept, tokens):
    from PIL import Image

    finding = kept["finding"]
    base = f"/api/findings/{finding.pk}/evidence"
    shot = _get(tokens["unit_admin"], f"{base}/screenshot")
    assert shot.status_code == 200 and shot["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(shot.streaming_content))).format == "PNG"
    page = _get(tokens["assessor"], f"{base}/html")
    assert page.status_code == 200 and page["Content-Type"] == "text/plain; charset=utf-8"
    assert page["Content-Disposition"].startswith("attachment;")
    assert b"".join(page.streaming_content) == PAGE_HTML.encode()
    for response in (shot, page):
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_permissions_are_the_pages_permissions(kept, tokens):
    url = f"/api/findings/{kept['finding'].pk}/evidence/screenshot"
    assert _get(None, url).status_code == 401
    for name in ("other_admin", "shangnan_supervisor"):
        response = _get(tokens[name], url)
        assert response.status_code == 403 and "无权查看该检查发现的证据" in response.json()["detail"]
    for name in ("supervisor", "leader", "unit_admin"):
        assert _get(tokens[name], url).status_code == 200, name
    assert _get(tokens["unit_admin"], f"/api/findings/{kept['finding'].pk}/evidence/box").status_code == 404


def test_deleted_evidence_is_a_chinese_404(kept, tokens):
    shutil.rmtree(run_folder(kept["finding"].run))
    response = _get(tokens["unit_admin"], f"/api/findings/{kept['finding'].pk}/evidence/html")
    assert response.status_code == 404
    assert response.json() == {"detail": "证据已按保存期限删除"}
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
