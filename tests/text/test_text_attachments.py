"""Text of .docx and .pdf attachments, generated here; broken and oversized files give Chinese errors."""

from __future__ import annotations

import io
import zipfile

import docx
import matplotlib
import pypdf
import pytest

from gongkai.text.attachments import AttachmentError, attachment_type, extract_text

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

CAP = 5 * 1024 * 1024


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("关于做好2024年政务公开工作的通知")
    document.add_paragraph("各单位要认真布署，抓好落实。")
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(table.rows, (("姓名", "手机", "备注"), ("张某", "13812345678", "无")), strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    with PdfPages(buffer) as pages:
        for line in lines:
            figure = plt.figure(figsize=(6, 2))
            figure.text(0.05, 0.5, line, fontfamily="Noto Sans CJK SC")
            pages.savefig(figure)
            plt.close(figure)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables(scanner):
    text = extract_text(make_docx(), "附件1.docx", max_bytes=CAP)
    assert "认真布署" in text and "张某\t13812345678\t无" in text
    kinds = sorted(hit.kind for hit in scanner.scan(text))
    assert kinds == ["privacy", "typo"]


def test_pdf_pages(scanner):
    data = make_pdf(["国务院总理李克强出席会议", "一带一路战略"])
    text = extract_text(data, "application/pdf; charset=binary", max_bytes=CAP)
    assert "国务院总理李克强" in text and "一带一路战略" in text
    import datetime as dt

    found = {hit.text for hit in scanner.scan(text, published=dt.date(2024, 1, 2))}
    assert found == {"国务院总理李克强", "一带一路战略"}


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("http://x.gov.cn/files/a.PDF?id=3", "pdf"),
        ("报告.docx", "docx"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        ("a.doc", None),
        ("text/html", None),
    ],
)
def test_attachment_type(value, kind):
    assert attachment_type(value) == kind


def test_truncated_docx():
    data = make_docx()
    with pytest.raises(AttachmentError, match="Word 附件"):
        extract_text(data[: len(data) // 2], "a.docx", max_bytes=CAP)


def test_zip_that_is_not_a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "你好")
    with pytest.raises(AttachmentError, match="Word 附件"):
        extract_text(buffer.getvalue(), "a.docx", max_bytes=CAP)


def test_zip_bomb_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * 300_000)
    data = buffer.getvalue()
    with pytest.raises(AttachmentError, match="压缩炸弹"):
        extract_text(data, "a.docx", max_bytes=10_000)


def test_docx_whose_header_understates_a_member_is_refused_by_the_streaming_count():
    """Issue 12.5: the sum of declared sizes let a 200 MB member declared as 1000 bytes through."""
    from tests.zipbombs import plain_docx, traced_peak, with_lying_member

    data = with_lying_member(plain_docx(), "word/media/image1.png", 200)
    refused, peak = traced_peak(
        lambda: pytest.raises(AttachmentError, extract_text, data, "a.docx", max_bytes=CAP)
    )
    assert "压缩炸弹" in str(refused.value) and peak < 8 * 1024 * 1024


@pytest.mark.parametrize("data", [b"not a pdf at all", b"%PDF-1.4\n garbage \x00\xff" * 20])
def test_broken_pdf(data):
    with pytest.raises(AttachmentError, match="PDF 附件"):
        extract_text(data, "a.pdf", max_bytes=CAP)


def test_truncated_pdf():
    data = make_pdf(["第一页"])
    with pytest.raises(AttachmentError, match="PDF 附件"):
        extract_text(data[:200], "a.pdf", max_bytes=CAP)


def test_encrypted_pdf():
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(["保密"]))))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(AttachmentError, match="加密"):
        extract_text(buffer.getvalue(), "a.pdf", max_bytes=CAP)


def test_oversized_and_empty_and_unsupported():
    with pytest.raises(AttachmentError, match="附件过大"):
        extract_text(make_docx(), "a.docx", max_bytes=100)
    with pytest.raises(AttachmentError, match="空文件"):
        extract_text(b"", "a.pdf", max_bytes=CAP)
    with pytest.raises(AttachmentError, match="不支持"):
        extract_text(b"abc", "a.xls", max_bytes=CAP)
