"""The whole set of outputs, and the circular through LibreOffice to PDF and PNG pages."""

from __future__ import annotations

import re
import subprocess

import docx
import numpy as np
import pytest
from PIL import Image

from gongkai.reports import ReportError, build_outputs
from gongkai.reports.pdf import docx_to_pdf
from tests.reports.conftest import full_circular


def pdf_pages_text(pdf) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def page_png(pdf, page: int, tmp_path) -> Image.Image:
    prefix = tmp_path / f"page{page}"
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(prefix)],
                   check=True)  # fmt: skip
    return Image.open(f"{prefix}.png").convert("RGB")


def test_build_outputs_writes_everything(sample_outputs):
    expected = {"circular.docx", "circular.pdf", "tables.xlsx", "table-1.csv", "table-2.csv", "problems.csv",
                "chart:score_distribution", "chart:problems", "notice:统计局", "notice:邙岭镇"}  # fmt: skip
    assert expected <= set(sample_outputs)
    assert all(path.is_file() and path.stat().st_size > 0 for path in sample_outputs.values())


def test_pdf_pages_and_attachments_start_new_pages(sample_outputs):
    pages = pdf_pages_text(sample_outputs["circular.pdf"])
    # body (2 pages: the embedded charts), 附件1 (31 rows: 2 pages), 附件2, 附件3
    assert 5 <= len(pages) <= 9
    assert "偃师市人民政府办公室" in pages[0] and "一、总体情况" in pages[0]
    assert re.search(r"—\s*1\s*—", pages[0]) and re.search(r"—\s*2\s*—", pages[1])
    starts = [i for i, page in enumerate(pages) for n in (1, 2, 3) if re.match(rf"\s*附件\s*{n}\b", page)]
    assert len(starts) == 3 and starts == sorted(starts)
    # 附件1 runs over two pages and its header row repeats on the second.
    second = pages[starts[0] + 1]
    assert starts[1] == starts[0] + 2 and "单位名称" in second and "城市管理局" in second
    assert "偃师市人民政府办公室" in pages[-1] and "印发" in pages[-1]


def test_no_character_is_lost_at_line_ends(sample_outputs):
    """LibreOffice once dropped a "、" ending a full line; every body character must reach the PDF."""
    pages = pdf_pages_text(sample_outputs["circular.pdf"])
    without_page_numbers = [re.sub(r"(?m)^\s*—\s*\d+\s*—\s*$", "", page) for page in pages]
    flat = re.sub(r"\s+", "", "".join(without_page_numbers))
    document = docx.Document(sample_outputs["circular.docx"])
    body = [p.text for p in document.paragraphs if p.style.name == "公文正文" and p.text.strip()]
    assert len(body) >= 5
    for text in body:
        assert re.sub(r"\s+", "", text) in flat


def test_first_page_is_not_blank_and_has_the_red_heading(sample_outputs, tmp_path):
    image = page_png(sample_outputs["circular.pdf"], 1, tmp_path)
    width, height = image.size
    assert round(width / height, 3) == round(210 / 297, 3)
    pixels = np.asarray(image, dtype=int)
    ink = (pixels.sum(axis=2) < 384).sum()
    assert ink > width * height * 0.01
    r, g, b = (pixels[: height // 3, :, i] for i in range(3))
    red = ((r > 180) & (g < 90) & (b < 90)).sum()
    assert red > 50  # 发文机关标志 and the red separator line


def test_attachment_page_has_a_table(sample_outputs, tmp_path):
    pages = pdf_pages_text(sample_outputs["circular.pdf"])
    page = next(i for i, text in enumerate(pages) if re.match(r"\s*附件\s*1\b", text)) + 1
    image = page_png(sample_outputs["circular.pdf"], page, tmp_path).convert("L")
    # Table borders: many pixel rows of the page are crossed by a long dark horizontal line.
    dark = np.asarray(image) < 100
    lines = (dark.sum(axis=1) > image.size[0] * 0.5).sum()
    assert lines >= 10


def test_missing_libreoffice_is_a_chinese_error(tmp_path, monkeypatch):
    document = build_outputs(full_circular(), tmp_path, pdf=False, charts=False)["circular.docx"]
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    with pytest.raises(ReportError, match="未安装 LibreOffice"):
        docx_to_pdf(document)
    with pytest.raises(ReportError, match="其余文件已生成"):
        build_outputs(full_circular(), tmp_path / "again", pdf=True, charts=False)
    assert (tmp_path / "again" / "circular.docx").is_file()
