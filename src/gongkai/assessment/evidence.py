"""Checking an uploaded evidence file before it is stored: size cap, type by content (magic
bytes), and a file name extension that agrees with the content.

A file's declared content type and its extension are both chosen by the uploader; only the bytes
are trusted, so an executable renamed to .pdf is refused.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from gongkai.zipcheck import ZIP_MAGIC, ArchiveBomb, ArchiveError, check_zip, limits_for_upload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"

# detected type -> (Chinese name, extensions that may carry it)
TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "application/pdf": ("PDF 文档", (".pdf",)),
    "image/png": ("PNG 图片", (".png",)),
    "image/jpeg": ("JPEG 图片", (".jpg", ".jpeg")),
    DOCX: ("Word 文档（.docx）", (".docx",)),
    XLSX: ("Excel 表格（.xlsx）", (".xlsx",)),
    TEXT: ("纯文本", (".txt", ".csv")),
}
ALLOWED_TEXT = "PDF、PNG、JPEG、Word（.docx）、Excel（.xlsx）或纯文本（.txt）"
# the main part each Office format declares in [Content_Types].xml
_OFFICE_MAIN = {
    DOCX: b"wordprocessingml.document.main+xml",
    XLSX: b"spreadsheetml.sheet.main+xml",
}


class EvidenceError(ValueError):
    """A refused upload; the message is Chinese and names the file."""


@dataclass(frozen=True, slots=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    size: int
    sha256: str
    content_type: str


def detect_type(data: bytes) -> str | None:
    """The content type the bytes show, among the allowed ones; None for anything else."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(ZIP_MAGIC):
        return _office_type(data)
    if _is_text(data):
        return TEXT
    return None


def _office_type(data: bytes) -> str | None:
    """Call only after `check_zip` passed: the manifest is then known to be small."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    for content_type, marker in _OFFICE_MAIN.items():
        if marker in manifest:
            return content_type
    return None


def _is_text(data: bytes) -> bool:
    """UTF-8 or GB18030 text without control characters other than tab and line breaks."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything; the control check below decides
        return False
    return not any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text)


def size_text(size: int) -> str:
    """A byte count as people read it: 10 MB, 20 KB."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:g} MB"
    return f"{size / 1024:.3g} KB" if size >= 1024 else f"{size} 字节"


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Accept or refuse one upload (EvidenceError). Reads it once: uploads are capped in size."""
    name = PurePath(upload.name or "").name
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is None or upload.size > limit:
        raise EvidenceError(f"文件“{name}”超过大小上限 {size_text(limit)}，未保存")
    if upload.size == 0:
        raise EvidenceError(f"文件“{name}”是空文件，未保存")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if data.startswith(ZIP_MAGIC):
        try:
            check_zip(io.BytesIO(data), limits_for_upload(limit))
        except ArchiveBomb as exc:
            raise EvidenceError(f"文件“{name}”被拒绝：{exc}，未保存") from None
        except ArchiveError:
            pass  # not a readable zip: detect_type finds no allowed type in it and says so
    detected = detect_type(data)
    if detected is None:
        raise EvidenceError(f"文件“{name}”的内容不是允许的类型（只接受 {ALLOWED_TEXT}），未保存")
    label, extensions = TYPES[detected]
    suffix = PurePath(name).suffix.lower()
    if suffix not in extensions:
        raise EvidenceError(
            f"文件“{name}”的扩展名“{suffix or '无'}”与内容不符：内容是{label}，应为 {'、'.join(extensions)}，未保存"
        )
    return CheckedFile(upload, name, len(data), hashlib.sha256(data).hexdigest(), detected)
