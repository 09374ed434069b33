"""The streaming zip check on its own: real Office files pass, every kind of bomb is refused
without holding more than a chunk of any member in memory."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from gongkai.zipcheck import (
    ArchiveBomb,
    ArchiveDamaged,
    NotAnArchive,
    ZipLimits,
    check_zip,
    limits_for_upload,
)
from tests.zipbombs import (
    docx_bomb,
    plain_docx,
    traced_peak,
    with_lying_member,
    with_member,
    with_zero_member,
)


def _workbook() -> bytes:
    workbook = Workbook()
    workbook.active.append(["单位", "得分"])
    workbook.active.append(["教育体育局", 88])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_real_documents_and_an_embedded_workbook_pass(tmp_path):
    for data in (plain_docx(), _workbook()):
        summary = check_zip(io.BytesIO(data))
        assert summary.members >= 5 and summary.unpacked > len(data)
    embedded = with_member(plain_docx(), "word/embeddings/Microsoft_Excel_Worksheet.xlsx", _workbook())
    path = tmp_path / "a.docx"
    path.write_bytes(embedded)
    assert check_zip(path).unpacked > check_zip(io.BytesIO(plain_docx())).unpacked


def test_the_500_mb_manifest_is_refused_on_its_declared_size_in_constant_memory():
    data = docx_bomb()
    assert len(data) < 600 * 1024
    _, peak = traced_peak(lambda: pytest.raises(ArchiveBomb, check_zip, io.BytesIO(data)))
    assert peak < 4 * 1024 * 1024


def test_a_lying_header_is_caught_by_the_streaming_count_in_constant_memory():
    data = with_lying_member(plain_docx(), "[Content_Types].xml", 500)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # the header says 1000 bytes
        assert archive.getinfo("[Content_Types].xml").file_size == 1000
    refused, peak = traced_peak(lambda: pytest.raises(ArchiveBomb, check_zip, io.BytesIO(data)))
    assert "解压后过大" in str(refused.value) and "50.0 MB" in str(refused.value)
    assert peak < 4 * 1024 * 1024


@pytest.mark.parametrize(
    ("data", "limits", "message"),
    [
        (with_zero_member(plain_docx(), "word/media/a.bin", 5), ZipLimits(), "压缩比达"),
        (
            with_zero_member(plain_docx(), "word/media/a.bin", 3),
            ZipLimits(max_member=2 * 2**20),
            "上限 2.0 MB",
        ),
        (with_member(plain_docx(), "word/media/photos.zip", plain_docx()), ZipLimits(), "嵌套了压缩包"),
        (
            with_member(
                plain_docx(),
                "word/embeddings/a.xlsx",
                with_member(_workbook(), "xl/embeddings/b.xlsx", _workbook()),
            ),
            ZipLimits(),
            "嵌套了压缩包",
        ),
        (plain_docx(), ZipLimits(max_members=5), "文件过多"),
        (with_zero_member(plain_docx(), "word/media/a.bin", 40), limits_for_upload(1024 * 1024), "30.0 MB"),
    ],
    ids=["ratio", "member-cap", "nested-zip", "nested-twice", "too-many-members", "upload-scaled-total"],
)
def test_bombs_are_refused_with_a_chinese_reason(data, limits, message):
    with pytest.raises(ArchiveBomb, match=message):
        check_zip(io.BytesIO(data), limits)


def test_damaged_and_foreign_files_are_told_apart():
    with pytest.raises(NotAnArchive):
        check_zip(io.BytesIO(b"%PDF-1.4 not a zip"))
    damaged = bytearray(plain_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(damaged))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode())
    damaged[start : start + 16] = b"\xff" * 16
    with pytest.raises(ArchiveDamaged):
        check_zip(io.BytesIO(bytes(damaged)))
