"""Uploaded files, for every register that keeps them (manual-score evidence, rectification
evidence, and the next ones: reply documents of disclosure applications ...). A Django utility
module, not an app: it imports only Django, gongkai.zipcheck and the standard library, so every
app may use it. It defines an abstract model, so import it from models, forms, services and views
(after Django is set up), not from an engine.

What is checked: a size cap (settings.MAX_UPLOAD_BYTES), the type by content (magic bytes), and a
file name extension that agrees with the content. A file's declared content type and its
extension are both chosen by the uploader; only the bytes are trusted, so an executable renamed
to .pdf is refused. Office files pass gongkai.zipcheck first (zip bombs).

Adding a register with uploads:

1. Model: subclass the abstract ``UploadedFile`` (name, size, SHA-256, detected type, who, when),
   add the owner and the file, and keep ``UploadedFile.Meta``::

       def reply_path(instance: ReplyDocument, filename: str) -> str:
           return random_name(f"replies/{instance.application_id}", filename)

       class ReplyDocument(UploadedFile):
           application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
           file = models.FileField("文件", upload_to=reply_path, max_length=300)

           class Meta(UploadedFile.Meta):
               verbose_name = "答复文书"

   ``upload_to`` must be a module-level function (migrations refer to it by name); the stored name
   is random under your prefix, the uploader's name is kept only in ``original_name``.
2. Form: ``files = MultipleFileField(label=..., help_text=...)`` (``required=False`` if files are
   optional). Page: ``{% include "uploads/form.html" with submit="保存" %}`` renders the form with
   ``enctype="multipart/form-data"``; ``uploads/file_links.html`` lists stored files with their
   download links.
3. Service: ``checked = check_uploads(files)`` refuses the whole batch with ``UploadError`` (every
   refused file named, joined by "；") before anything is stored; then, in the transaction,
   ``ReplyDocument.store(item, user=user, application=app)`` for each item.
4. Download view: after your own permission check, ``return download_response(record, "reply")``
   (attachment named ``reply-<id><ext>`` with the original name as filename*, the stored type,
   nosniff; 404 in Chinese when the stored file is gone).
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any, Self
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.files import uploadedfile
from django.db import models
from django.http import FileResponse, Http404

from gongkai.text_encoding import decode_upload
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


class UploadError(ValueError):
    """A refused upload; the message is Chinese and names the file."""


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """An upload that passed `check_upload`, with what is stored about it."""

    upload: uploadedfile.UploadedFile
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
    text = decode_upload(data)
    return text is not None and not any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text)


def size_text(size: int) -> str:
    """A byte count as people read it: 10 MB, 20 KB."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:g} MB"
    return f"{size / 1024:.3g} KB" if size >= 1024 else f"{size} 字节"


def check_upload(upload: uploadedfile.UploadedFile) -> CheckedFile:
    """Accept or refuse one upload (UploadError). Reads it once: uploads are capped in size."""
    name = PurePath(upload.name or "").name
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is None or upload.size > limit:
        raise UploadError(f"文件“{name}”超过大小上限 {size_text(limit)}，未保存")
    if upload.size == 0:
        raise UploadError(f"文件“{name}”是空文件，未保存")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if data.startswith(ZIP_MAGIC):
        try:
            check_zip(io.BytesIO(data), limits_for_upload(limit))
        except ArchiveBomb as exc:
            raise UploadError(f"文件“{name}”被拒绝：{exc}，未保存") from None
        except ArchiveError:
            pass  # not a readable zip: detect_type finds no allowed type in it and says so
    detected = detect_type(data)
    if detected is None:
        raise UploadError(f"文件“{name}”的内容不是允许的类型（只接受 {ALLOWED_TEXT}），未保存")
    label, extensions = TYPES[detected]
    suffix = PurePath(name).suffix.lower()
    if suffix not in extensions:
        raise UploadError(
            f"文件“{name}”的扩展名“{suffix or '无'}”与内容不符：内容是{label}，应为 {'、'.join(extensions)}，未保存"
        )
    return CheckedFile(upload, name, len(data), hashlib.sha256(data).hexdigest(), detected)


def check_uploads(uploads: Iterable[uploadedfile.UploadedFile]) -> list[CheckedFile]:
    """Check a batch: all accepted, or UploadError naming every refused file (joined by "；")."""
    checked, refused = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except UploadError as exc:
            refused.append(str(exc))
    if refused:
        raise UploadError("；".join(refused))
    return checked


# --- storage -------------------------------------------------------------------------------------


def random_name(prefix: str, filename: str) -> str:
    """<prefix>/<random hex><extension, lower case>: the path a FileField's upload_to returns. The
    stored name never comes from the uploader (the original name is kept in a field)."""
    return f"{prefix}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class UploadedFile(models.Model):
    """What is kept of every checked upload: the stored file lives under MEDIA_ROOT with a random
    name (see `random_name`); the uploader's name is kept only as text. A subclass adds its owner
    and ``file = models.FileField("文件", upload_to=..., max_length=300)``."""

    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    content_type = models.CharField("文件类型", max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @classmethod
    def store(cls, checked: CheckedFile, *, user: Any, **owner: Any) -> Self:
        """Save a checked file (under the subclass's upload_to path) and its row; ``owner`` gives
        the subclass's own fields (e.g. ``entry=entry``). Call inside the caller's transaction."""
        return cls.objects.create(
            file=checked.upload,
            original_name=checked.name,
            size=checked.size,
            sha256=checked.sha256,
            content_type=checked.content_type,
            uploaded_by=user,
            **owner,
        )


# --- download ------------------------------------------------------------------------------------


def attachment_response(stream: IO[bytes], *, content_type: str, ascii_name: str, name: str) -> FileResponse:
    """A file to save, never to show: ``ascii_name`` for old clients, ``name`` (any text) as
    filename*, and nosniff so that the browser keeps the given content type."""
    response = FileResponse(stream, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download_response(
    record: UploadedFile, stem: str, missing: str = "佐证材料文件已不存在，请联系监管人员。"
) -> FileResponse:
    """The stored file of ``record`` as an attachment ``<stem>-<id><ext>`` with its original name;
    Http404(``missing``) when the file is gone. Check the permission before calling."""
    try:
        stream = record.file.open("rb")
    except FileNotFoundError:
        raise Http404(missing) from None
    suffix = PurePath(record.original_name).suffix
    return attachment_response(
        stream,
        content_type=record.content_type,
        ascii_name=f"{stem}-{record.pk}{suffix}",
        name=record.original_name,
    )


# --- forms ---------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); cleans to a list, empty when
    nothing was chosen (and the field is not required). Check the list with `check_uploads`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []
