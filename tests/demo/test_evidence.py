"""Evidence on the real-style demo sites (issue 18, done when): the most problem-ridden unit's
site audited with evidence on, every finding on a page read as HTML has its screenshot, page,
SHA-256 and fetch time; the hashes match the stored bytes and the screenshots are real renders.
The unreachable demo site keeps both of its tries."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from PIL import Image

from gongkai.audit import AuditConfig, audit
from gongkai.demo.manifest import CountyManifest
from gongkai.demo.server import RunningCounty
from tests.demo.conftest import AS_OF

FIELDS = ("screenshot", "html", "sha256", "fetched_at")


def _audit(url: str, folder: Path) -> dict:
    config = AuditConfig(
        start=url,
        as_of=AS_OF,
        rate=0,
        concurrency=8,
        retries=0,
        recheck_delay=0.05,
        veto_recheck_delay=0.05,
        evidence_dir=str(folder),
    )
    return asyncio.run(audit(config)).to_record()


def test_every_page_finding_of_a_bad_demo_site_has_its_evidence(
    served: RunningCounty, manifest: CountyManifest, tmp_path: Path
) -> None:
    reachable = [u for u in manifest.units if not u.unreachable]
    unit = max(reachable, key=lambda u: len(u.planted_kinds()))
    result = _audit(served.urls[unit.name], tmp_path)
    html_pages = {
        page
        for page in result["pages"]
        if not page.lower().endswith((".pdf", ".doc", ".docx", ".xls", ".xlsx"))
    }
    on_pages = [f for f in result["findings"] if f["page"] in html_pages]
    assert len({f["kind"] for f in on_pages}) >= 5, "the bad site should show many kinds of problems"
    shots = set()
    for finding in on_pages:
        evidence = finding["evidence"]
        assert evidence is not None, finding
        assert all(evidence[name] for name in FIELDS), finding
        body = (tmp_path / evidence["html"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == evidence["sha256"]
        shots.add(evidence["screenshot"])
    for shot in shots:
        image = Image.open(tmp_path / shot).convert("L")
        low, high = image.getextrema()
        assert image.width == 1280 and high - low > 100, shot


def test_the_unreachable_demo_site_keeps_both_tries(
    served: RunningCounty, manifest: CountyManifest, tmp_path: Path
) -> None:
    unit = next(u for u in manifest.units if u.unreachable)
    result = _audit(served.urls[unit.name], tmp_path)
    (finding,) = [f for f in result["findings"] if f.get("check") == "unreachable"]
    assert [a["status"] for a in finding["attempts"]] == [503, 503]
    for capture in (finding["evidence"], finding["evidence"]["recapture"]):
        assert all(capture[name] for name in FIELDS)  # the 503 page the server sent is the html
        body = (tmp_path / capture["html"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == capture["sha256"]
        assert Image.open(tmp_path / capture["screenshot"]).width == 1280
