"""Evidence behind every finding (issue 18 items 1–2): `gongkai check URL --evidence DIR` on a
loopback site, rendered by Debian's chromium; and nothing extra when evidence is off."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from gongkai.audit.checks import LinkCheck
from gongkai.audit.cli import check_main
from gongkai.audit.engine import audit
from gongkai.audit.evidence import masked_pattern
from gongkai.audit.fetch import Fetcher
from tests.audit.conftest import fast_config
from tests.audit.evidencesite import MOBILE, MOBILE_MASKED, TYPO, EvidenceSite, pages

FAST = ["--concurrency", "4", "--rate", "0", "--timeout", "5", "--as-of", "2025-12-01"]
FIELDS = ("screenshot", "html", "sha256", "fetched_at")


@pytest.fixture(scope="module")
def evidence_site() -> Iterator[EvidenceSite]:
    server = EvidenceSite().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def checked(evidence_site: EvidenceSite, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """One `gongkai check --evidence` run (the browser starts once for the module)."""
    folder = tmp_path_factory.mktemp("evidence")
    out = folder / "out.json"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = check_main(
            [evidence_site.url(), "--json", str(out), "--evidence", str(folder / "ev"), *FAST]
        )
    assert status == 0
    assert "证据:4 个页面,截图 4 张" in printed.getvalue()
    evidence_site.checked_hits = list(evidence_site.hits)  # what this run asked for
    return json.loads(out.read_text(encoding="utf-8")), folder / "ev"


def _one(data: dict, kind: str) -> dict:
    found = [f for f in data["findings"] if f["kind"] == kind]
    assert len(found) == 1, [f["kind"] for f in data["findings"]]
    return found[0]


def _image(root: Path, finding: dict) -> Image.Image:
    return Image.open(root / finding["evidence"]["screenshot"]).convert("RGB")


def _red(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel
    return r > 200 and g < 80 and b < 80


@pytest.mark.browser
def test_every_page_finding_has_its_evidence(checked: tuple[dict, Path], evidence_site: EvidenceSite) -> None:
    data, root = checked
    served = pages(f"http://localhost:{evidence_site.outside_port}")
    page_findings = [f for f in data["findings"] if f["page"].startswith(evidence_site.url())]
    assert {f["page"] for f in page_findings} == {evidence_site.url(path) for path in served}
    for finding in page_findings:
        evidence = finding["evidence"]
        assert evidence is not None, finding
        assert all(evidence[name] for name in FIELDS), evidence
        html = (root / evidence["html"]).read_bytes()
        assert hashlib.sha256(html).hexdigest() == evidence["sha256"]
        path = finding["page"].removeprefix(evidence_site.url()[:-1])
        assert html == served[path]  # byte for byte as the server sent it
        fetched = datetime.fromisoformat(evidence["fetched_at"])
        assert fetched.utcoffset() is not None and fetched.utcoffset().total_seconds() == 0
        assert abs((datetime.now(UTC) - fetched).total_seconds()) < 3600
        headers = (root / evidence["headers"]).read_text(encoding="utf-8")
        assert headers.startswith("HTTP 200\n") and "Content-Type: text/html; charset=utf-8" in headers
        assert not Path(evidence["screenshot"]).is_absolute() and not Path(evidence["html"]).is_absolute()
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    assert {item["page"] for item in index} == {f["page"] for f in page_findings}
    assert not [p for p in root.iterdir() if p.name.startswith(".spool")]


@pytest.mark.browser
def test_screenshots_are_real_renders_of_the_stored_pages(
    checked: tuple[dict, Path], evidence_site: EvidenceSite
) -> None:
    data, root = checked
    shots = {f["evidence"]["screenshot"] for f in data["findings"] if f.get("evidence")}
    assert len(shots) == 4
    for shot in shots:
        raw = (root / shot).read_bytes()
        assert raw.startswith(b"\x89PNG\r\n\x1a\n")
        image = Image.open(root / shot).convert("RGB")
        assert image.width == 1280 and image.height >= 900
        colours = Counter(image.get_flattened_data())
        assert len(colours) > 20  # text, the site's heading colour, its background
        assert (244, 248, 255) in colours  # the site's stylesheet (background #f4f8ff) was applied
    # rendered from the stored bytes: each page was fetched once, by the crawl; the other host
    # (an image on the home page) was never asked
    hits = Counter(evidence_site.checked_hits)
    assert all(hits[path] == 1 for path in ("/news/1.html", "/news/2.html", "/clean.html")), hits
    assert evidence_site.outside_hits == []


@pytest.mark.browser
def test_broken_link_is_outlined(checked: tuple[dict, Path], evidence_site: EvidenceSite) -> None:
    data, root = checked
    links = {f["target"]: f for f in data["findings"] if f["kind"] == "broken_link"}
    assert set(links) == {evidence_site.url("/missing.html"), evidence_site.url("/gone.php?cat=2&id=5")}
    # located although the page writes the query in another order, relative, with a fragment
    assert links[evidence_site.url("/gone.php?cat=2&id=5")]["evidence"]["box"] is not None
    finding = links[evidence_site.url("/missing.html")]
    box = finding["evidence"]["box"]
    assert box is not None and box["width"] > 0 and box["height"] > 0
    image = _image(root, finding)
    middle = box["y"] + box["height"] // 2
    left = [image.getpixel((x, middle)) for x in range(box["x"] - 6, box["x"])]
    assert any(_red(p) for p in left), left
    inside = image.getpixel((box["x"] + box["width"] // 2, middle))
    assert not _red(inside)
    # an element the finding is not about is not outlined
    other = next(f for f in data["findings"] if f["kind"] == "missing_meta" and f["page"] == finding["page"])
    assert other["evidence"]["box"] is None
    far = [image.getpixel((x, 30)) for x in range(0, 1280, 4)]
    assert not any(_red(p) for p in far)


@pytest.mark.browser
def test_leaked_number_is_masked_and_typo_outlined(checked: tuple[dict, Path]) -> None:
    data, root = checked
    privacy = _one(data, "privacy")
    assert privacy["text"] == MOBILE_MASKED
    box = privacy["evidence"]["box"]
    assert box is not None and box["width"] >= 40
    image = _image(root, privacy)
    region = image.crop(
        (box["x"] + 2, box["y"] + 2, box["x"] + box["width"] - 2, box["y"] + box["height"] - 2)
    )
    dark = sum(1 for r, g, b in region.get_flattened_data() if r + g + b < 60)
    assert dark / (region.width * region.height) > 0.95  # a black box: no digit shows through
    stored = (root / privacy["evidence"]["html"]).read_text(encoding="utf-8")
    assert MOBILE in stored  # the page as fetched is kept as it was

    typo = _one(data, "typo")
    assert typo["text"] == TYPO
    box = typo["evidence"]["box"]
    assert box is not None and box["y"] > 900  # below the first screen: the screenshot is full-page
    image = _image(root, typo)
    assert image.height > box["y"] + box["height"]
    ring = [image.getpixel((x, box["y"] - 2)) for x in range(box["x"], box["x"] + box["width"])]
    assert sum(_red(p) for p in ring) > len(ring) // 2


def test_only_pages_with_findings_are_kept(evidence_site: EvidenceSite, tmp_path: Path) -> None:
    """With only the link check, the home page alone has a finding: the other pages' spooled
    bytes are deleted. A browser that cannot start leaves the HTML and hash, no screenshot."""
    config = fast_config(
        evidence_site.url(),
        evidence_dir=str(tmp_path / "ev"),
        evidence_browser=str(tmp_path / "no-chromium"),
        total_timeout=5.0,
    )
    result = asyncio.run(audit(config, checks=[LinkCheck()]))
    assert [f.kind for f in result.findings] == ["broken_link", "broken_link"]
    evidence = result.findings[0].fields["evidence"]
    assert evidence["screenshot"] is None and evidence["box"] is None
    assert evidence["html"] and evidence["sha256"] and evidence["fetched_at"]
    assert "无法启动浏览器" in (result.evidence.render_error or "")
    kept = sorted(p.name for p in (tmp_path / "ev" / "pages").iterdir())
    assert len(kept) == 2 and kept[0].endswith(".headers.txt") and kept[1].endswith(".html")
    assert sorted(p.name for p in (tmp_path / "ev").iterdir()) == ["index.json", "pages"]


def test_evidence_off_keeps_nothing(evidence_site: EvidenceSite) -> None:
    config = fast_config(evidence_site.url(), total_timeout=5.0)
    result = asyncio.run(audit(config, checks=[LinkCheck()]))
    assert result.evidence is None
    assert "evidence" not in result.findings[0].to_dict()

    async def fetch() -> tuple[object, object]:
        async with Fetcher(config) as fetcher:
            page = await fetcher.fetch(evidence_site.url("/clean.html"))
            return page.headers, page.fetched_at

    assert asyncio.run(fetch()) == (None, None)


def test_bad_evidence_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "file"
    afile.write_text("x", encoding="utf-8")
    assert check_main(["http://x/", "--evidence", str(afile)]) == 2
    assert "证据目录" in capsys.readouterr().err
    assert check_main(["http://x/", "--evidence", str(tmp_path / "no" / "dir")]) == 2
    assert "上级目录不存在" in capsys.readouterr().err


def test_masked_pattern() -> None:
    import re

    pattern = re.compile(masked_pattern(MOBILE_MASKED))
    assert pattern.search(f"电话:{MOBILE}。")
    assert not pattern.search(f"电话:{MOBILE}9")  # part of a longer number
    assert re.compile(masked_pattern("410381********123X")).fullmatch("41038119900307123X")


@pytest.mark.browser
def test_screenshot_cap_prefers_pages_whose_problem_can_be_shown(
    evidence_site: EvidenceSite, tmp_path: Path
) -> None:
    config = fast_config(
        evidence_site.url(), evidence_dir=str(tmp_path / "ev"), evidence_max_shots=1, total_timeout=5.0
    )
    result = asyncio.run(audit(config))
    shot = {f.page for f in result.findings if (f.fields.get("evidence") or {}).get("screenshot")}
    assert len(shot) == 1
    kinds = {f.kind for f in result.findings if f.page in shot}
    assert kinds & {"broken_link", "privacy", "typo"}
    assert result.evidence.unrendered == 3
    unshot = [f for f in result.findings if f.page not in shot and f.page.startswith(evidence_site.url())]
    assert unshot and all(f.fields["evidence"]["sha256"] for f in unshot)
    assert evidence_site.url("/clean.html") not in shot  # nothing to outline there


@pytest.mark.browser
def test_render_is_bounded_and_keeps_the_page_encoding(tmp_path: Path) -> None:
    """A page whose script never ends gets no screenshot, within its time bound, and does not stop
    the other page of the pool; a GBK page is rendered with its own charset (its typo is found)."""
    from gongkai.audit.render import RenderJob, render_pages

    busy, gbk = tmp_path / "busy.html", tmp_path / "gbk.html"
    busy.write_bytes(b"<html><body><p>busy</p><script>while (true) {}</script></body></html>")
    gbk.write_bytes(f"<html><body><p>县大数据中心负责建设{TYPO}工作。</p></body></html>".encode("gbk"))
    jobs = [
        RenderJob("http://127.0.0.1:9/busy.html", busy, "text/html", tmp_path / "busy.png", [None]),
        RenderJob(
            "http://127.0.0.1:9/gbk.html",
            gbk,
            "text/html; charset=GBK",
            tmp_path / "gbk.png",
            [{"type": "text", "text": TYPO}],
        ),
    ]
    outcome = asyncio.run(render_pages(jobs, allowed_hosts={"127.0.0.1"}, timeout=5))
    assert outcome.error is None
    assert "http://127.0.0.1:9/busy.html" in outcome.failed and not (tmp_path / "busy.png").exists()
    box = outcome.shots["http://127.0.0.1:9/gbk.html"].boxes[0]
    assert box is not None and box["width"] > 0
    assert Image.open(tmp_path / "gbk.png").width == 1280
