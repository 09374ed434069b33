"""Audit evidence in the browser (issue 18): on the review page the thumbnail of a finding's
screenshot really loads (the image is served to the signed-in supervisor and decodes), opens the
whole image, and the page as fetched downloads as text; another unit's administrator is refused
the image and the unit's own administrator sees it on the portal."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.assessment.conftest import contract, make_period
from tests.browser.conftest import make_user, shot, sign_in
from tests.evidence_files import PAGE_HTML, SIZE, keep_evidence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OWN, OTHER = "教育体育局", "公安局"


@pytest.fixture
def reviewed(live_server, settings, tmp_path):
    from gongkai.followup import services
    from gongkai.monitoring.store import record_run
    from gongkai.registry.models import Unit
    from gongkai.registry.sample import load_sample_county

    settings.DATA_DIR = tmp_path / "data"
    yanshi = load_sample_county()["偃师市"]
    own = Unit.objects.get(region=yanshi, name=OWN)
    other = Unit.objects.get(region=yanshi, name=OTHER)
    supervisor = make_user("jianguan", "supervisor", region=yanshi)
    site = own.sites.first()
    finding = {
        "kind": "typo",
        "page": f"{site.url}a0.html",
        "page_hash": "h-a0",
        "text": "中华人民共合国",
        "suggestion": "中华人民共和国",
        "severity": "serious",
        "context": "…中华人民共合国…",
        "message": "严重表述错误：国名写错",
    }
    run = record_run(site, contract(site.url, [finding]))
    evidence = keep_evidence(run, list(run.findings.all()))
    period = make_period(yanshi, "guoban-2019", user=supervisor, units=[own, other])
    services.issue_problems(period, user=supervisor)
    return {"period": period, "finding": run.findings.get(), "evidence": evidence, "own": own, "other": other}


def _loaded(image) -> int:
    """The decoded width of an <img> once it has finished loading (0: broken)."""
    image.evaluate("img => img.complete || new Promise(done => { img.onload = img.onerror = done; })")
    return image.evaluate("img => img.naturalWidth")


def test_the_review_thumbnail_loads_and_links_the_evidence(page, live_server, reviewed):
    finding = reviewed["finding"]
    sign_in(page, live_server, "jianguan")
    page.goto(f"{live_server.url}/followup/periods/{reviewed['period'].pk}/review/")
    row = page.locator(f"#finding-{finding.pk}")
    thumb = row.locator("img.evidence-thumb")
    expect(thumb).to_be_visible()
    assert _loaded(thumb) == SIZE[0]
    box = thumb.bounding_box()
    assert box is not None and box["width"] == 160 and box["height"] == 100  # a thumbnail, not the page
    expect(row).to_contain_text(reviewed["evidence"]["sha256"])
    expect(row).to_contain_text("抓取时间 2026-11-20 10:30:05")
    shot(page, "40-review-evidence")

    # the page as fetched is a download of plain text, never shown as HTML
    with page.expect_download() as download:
        row.get_by_role("link", name="网页原文").click()
    saved = download.value.path()
    assert open(saved, encoding="utf-8").read() == PAGE_HTML
    assert download.value.suggested_filename.endswith(".html.txt")

    # the thumbnail opens the whole image in a new tab
    with page.context.expect_page() as opened:
        thumb.click()
    image_page = opened.value
    image_page.wait_for_load_state()
    assert image_page.url.endswith(f"/followup/findings/{finding.pk}/evidence/screenshot/")
    assert _loaded(image_page.locator("img")) == SIZE[0]


def test_unit_administrators_see_their_own_evidence_only(page, live_server, reviewed):
    finding = reviewed["finding"]
    make_user("gongan", "unit_admin", unit=reviewed["other"])
    sign_in(page, live_server, "gongan")
    response = page.goto(f"{live_server.url}/followup/findings/{finding.pk}/evidence/screenshot/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="无权访问")).to_be_visible()

    page.context.clear_cookies()
    make_user("jiaoyu", "unit_admin", unit=reviewed["own"])
    sign_in(page, live_server, "jiaoyu")
    page.goto(f"{live_server.url}/followup/portal/")
    thumb = page.locator("#open-problems img.evidence-thumb")
    expect(thumb).to_have_count(1)
    assert _loaded(thumb) == SIZE[0]
