"""Text of .docx and .pdf attachments, for the same detectors as page text.

Attachments come from untrusted servers: every failure (truncated file, wrong type, encrypted
PDF, zip bomb, size over the cap) becomes an :class:`AttachmentError` with a Chinese message.
"""

from __future__ import annotations

import io
import logging
import zipfile
from typing import TYPE_CHECKING

from gongkai.zipcheck import ArchiveBomb, ArchiveError, check_zip, limits_for_upload

if TYPE_CHECKING:  # python-docx and pypdf are imported when a file is read: a check of pages
    import docx.document  # that link to no attachment starts without them

logging.getLogger("pypdf").setLevel(logging.ERROR)

DOCX = "docx"
PDF = "pdf"
_TYPES = {
    ".docx": DOCX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": DOCX,
    ".pdf": PDF,
    "application/pdf": PDF,
}
# A .docx compresses text about tenfold; more than this many times the cap unpacked is a zip bomb.
_UNPACK_FACTOR = 20


class AttachmentError(ValueError):
    """An attachment whose text cannot be read; the message says why, in Chinese."""


def attachment_type(filename_or_content_type: str) -> str | None:
    """``docx``, ``pdf`` or None, from a file name (or URL) or a Content-Type header."""
    value = filename_or_content_type.strip().lower().split(";")[0].split("?")[0].split("#")[0]
    if value in _TYPES:
        return _TYPES[value]
    for suffix, kind in _TYPES.items():
        if suffix.startswith(".") and value.endswith(suffix):
            return kind
    return None


def extract_text(data: bytes, filename_or_content_type: str, *, max_bytes: int) -> str:
    """The text of a .docx or .pdf file given as bytes; raises :class:`AttachmentError`."""
    kind = attachment_type(filename_or_content_type)
    if kind is None:
        raise AttachmentError(f"不支持的附件格式：{filename_or_content_type}（仅支持 .docx 和 .pdf）")
    if len(data) > max_bytes:
        raise AttachmentError(f"附件过大：{len(data)} 字节，超过上限 {max_bytes} 字节，未检查其内容")
    if not data:
        raise AttachmentError("附件为空文件")
    if kind == DOCX:
        return _docx_text(data, max_bytes)
    return _pdf_text(data)


def open_docx(data: bytes, max_bytes: int) -> docx.document.Document:
    """A .docx file opened with python-docx after the zip-bomb check; raises :class:`AttachmentError`."""
    try:
        check_zip(io.BytesIO(data), limits_for_upload(max_bytes, _UNPACK_FACTOR))
    except ArchiveBomb as exc:
        raise AttachmentError(f"Word 附件被拒绝：{exc}，未检查其内容") from None
    except ArchiveError as exc:
        raise AttachmentError(f"Word 附件已损坏或不是 .docx 文件，无法读取：{exc}") from None
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except AttachmentError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise AttachmentError(f"Word 附件已损坏或不是 .docx 文件，无法读取：{type(exc).__name__}") from exc
    except Exception as exc:  # python-docx raises many parser errors on hostile files
        raise AttachmentError(f"Word 附件无法解析：{type(exc).__name__}") from exc
    return document


def _docx_text(data: bytes, max_bytes: int) -> str:
    document = open_docx(data, max_bytes)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(part for part in parts if part)


def _pdf_text(data: bytes) -> str:
    import pypdf
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise AttachmentError("PDF 附件已损坏或不是 PDF 文件（缺少 %PDF 文件头），无法读取")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise AttachmentError("PDF 附件已加密，无法读取其内容")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except AttachmentError:
        raise
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise AttachmentError(f"PDF 附件已损坏，无法读取：{type(exc).__name__}") from exc
    except Exception as exc:  # pypdf raises assorted errors on hostile files
        raise AttachmentError(f"PDF 附件无法解析：{type(exc).__name__}") from exc
