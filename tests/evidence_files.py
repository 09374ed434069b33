"""Evidence of stored audit runs for the tests that show or print it: a run's folder under the
data directory with a real PNG (drawn by Pillow), the page's HTML and headers, as `gongkai check
--evidence` writes them, and the finding's ``data["evidence"]`` pointing at them."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

PAGE_HTML = "<html><head><title>通知公告</title></head><body><p>中华人民共合国</p><script>alert(1)</script></body></html>"
FETCHED_AT = "2026-11-20T02:30:05+00:00"  # 10:30:05 in Asia/Shanghai
SIZE = (640, 1600)  # a full-page screenshot: taller than wide
BOX = {"x": 40, "y": 1200, "width": 300, "height": 40}


def screenshot_png(size: tuple[int, int] = SIZE, box: dict | None = BOX) -> bytes:
    """A real PNG: a white page with grey text lines and the problem outlined in red."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for y in range(40, size[1] - 40, 60):
        draw.rectangle([40, y, size[0] - 40, y + 12], fill=(200, 200, 200))
    if box:
        draw.rectangle(
            [box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"]], outline="red", width=4
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def keep_evidence(run, findings, *, screenshot: bool = True) -> dict:
    """Give ``run`` an evidence folder holding one page and every finding of ``findings`` its
    evidence; returns the evidence entry (paths relative to the folder)."""
    from django.conf import settings

    from gongkai.monitoring.evidence_files import new_run_folder, run_folder

    run.evidence_dir = new_run_folder(run.site_id)
    run.save(update_fields=["evidence_dir"])
    folder = run_folder(run)
    pages = Path(folder) / "pages"
    pages.mkdir(parents=True)
    body = PAGE_HTML.encode("utf-8")
    (pages / "k1.html").write_bytes(body)
    (pages / "k1.headers.txt").write_text(
        "HTTP 200\ncontent-type: text/html; charset=utf-8\n", encoding="utf-8"
    )
    evidence = {
        "html": "pages/k1.html",
        "headers": "pages/k1.headers.txt",
        "sha256": hashlib.sha256(body).hexdigest(),
        "fetched_at": FETCHED_AT,
        "screenshot": None,
        "box": None,
    }
    if screenshot:
        (pages / "k1.png").write_bytes(screenshot_png())
        evidence.update(screenshot="pages/k1.png", box=BOX)
    for finding in findings:
        finding.data = {**finding.data, "evidence": evidence}
        finding.save(update_fields=["data"])
    assert Path(settings.DATA_DIR) in folder.parents
    return evidence
