"""Checking a zip container (.docx, .xlsx, any Office file) before anything unpacks it.

A 0.5 MB .docx can hold a member that inflates to 500 MB; reading that member whole (as
``ZipFile.read`` or openpyxl do) costs the server half a gigabyte. The headers cannot be trusted
either: a member may declare 1 KB and inflate to gigabytes in a reader that follows the deflate
stream rather than the declared size. So every member is inflated here **by streaming** from its
local header to the end of its deflate stream, in chunks of at most 64 KB, counting the bytes and
stopping at the first cap exceeded; nothing larger than one chunk is ever held in memory.

Refused: too many members, a member or a total over the caps (declared or actual), a compression
ratio no document reaches, a declared size that differs from the actual one, encrypted members,
unknown compression methods, and archives nested in archives. The one nesting Office itself
produces, a workbook embedded in a document (``word/embeddings/*.xlsx`` behind a chart), is
checked recursively against the same budget; anything nested deeper is refused.

No Django here: the upload views, the registry and metric imports, the scoring CLI and the
crawler's attachment reader all call :func:`check_zip`.
"""

from __future__ import annotations

import os
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import IO

MB = 1024 * 1024
CHUNK = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature ... name length, extra length (30 bytes)
_END_RECORD = struct.Struct("<4s4H2LH")  # end of central directory (22 bytes + comment)
_OFFICE_EMBEDDED = (".xlsx", ".docx", ".pptx", ".xlsm", ".docm")


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """Caps for one archive. Real Office files stay far below them: a 10 MB registry workbook
    unpacks to about 100 MB only if it is all repeated cells, and XML compresses 5-30x."""

    max_total: int = 50 * MB  # all members together, inflated
    max_member: int = 50 * MB  # one member, inflated
    max_members: int = 1000  # a .docx has 10-40 parts, a workbook one per sheet plus a dozen
    max_ratio: int = 200  # inflated / compressed; zeros reach 1000
    ratio_floor: int = 1 * MB  # small members may compress well without harm
    max_depth: int = 1  # a workbook embedded in a document, nothing deeper


DEFAULT_LIMITS = ZipLimits()


def limits_for_upload(max_upload: int, expansion: int = 30) -> ZipLimits:
    """Default caps, lowered for a small upload cap (`expansion` times the upload size)."""
    total = min(DEFAULT_LIMITS.max_total, max_upload * expansion)
    return replace(DEFAULT_LIMITS, max_total=total, max_member=total)


class ArchiveError(ValueError):
    """A refused archive; the message is Chinese and does not name the uploaded file."""


class ArchiveBomb(ArchiveError):
    """The archive would unpack to far more than any real document: refused unopened."""


class NotAnArchive(ArchiveError):
    """Not a zip at all (no central directory): a renamed file of another kind."""


class ArchiveDamaged(ArchiveError):
    """A zip with a damaged member (truncated, corrupt deflate data, sizes not as declared)."""


@dataclass(frozen=True, slots=True)
class ZipSummary:
    members: int
    unpacked: int  # bytes, actually inflated, nested members included


def check_zip(source: str | os.PathLike[str] | IO[bytes], limits: ZipLimits = DEFAULT_LIMITS) -> ZipSummary:
    """Inflate every member by streaming and raise :class:`ArchiveBomb` or :class:`ArchiveDamaged`
    if the archive must not be opened. A file object is read from its start and left at its start."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            return check_zip(handle, limits)
    budget = _Budget(limits)
    try:
        _check(source, budget, depth=0)
    finally:
        source.seek(0)
    return ZipSummary(budget.members, budget.unpacked)


class _Budget:
    def __init__(self, limits: ZipLimits) -> None:
        self.limits = limits
        self.members = 0
        self.unpacked = 0

    def add(self, name: str, size: int) -> None:
        self.unpacked += size
        if self.unpacked > self.limits.max_total:
            raise ArchiveBomb(
                f"压缩包解压后过大（已超过上限 {_size(self.limits.max_total)}，读到“{name}”时停止），"
                "疑为压缩炸弹"
            )


def _check(handle: IO[bytes], budget: _Budget, depth: int) -> None:
    limits = budget.limits
    declared_members = _declared_member_count(handle)
    if declared_members is not None and declared_members > limits.max_members:
        raise ArchiveBomb(
            f"压缩包内文件过多（{declared_members} 个，上限 {limits.max_members} 个），疑为压缩炸弹"
        )
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise NotAnArchive("不是有效的压缩文件（Office 文件格式）") from exc
    budget.members += len(infos)
    if budget.members > limits.max_members:
        raise ArchiveBomb(f"压缩包内文件过多（超过 {limits.max_members} 个），疑为压缩炸弹")
    for info in infos:
        if info.is_dir():
            continue
        if info.file_size > limits.max_member or info.file_size > limits.max_total:
            raise ArchiveBomb(
                f"压缩包内的“{info.filename}”声明解压后为 {_size(info.file_size)}，"
                f"超过上限 {_size(min(limits.max_member, limits.max_total))}，解压后过大，疑为压缩炸弹"
            )
        _check_member(handle, info, budget, depth)


def _check_member(handle: IO[bytes], info: zipfile.ZipInfo, budget: _Budget, depth: int) -> None:
    limits = budget.limits
    name = info.filename
    size = 0
    head = b""  # the first bytes, to recognise a nested zip
    spool: IO[bytes] | None = None
    try:
        for chunk in _inflate(handle, info):
            size += len(chunk)
            if size > limits.max_member:
                raise ArchiveBomb(
                    f"压缩包内的“{name}”实际解压后超过上限 {_size(limits.max_member)}，解压后过大，疑为压缩炸弹"
                )
            budget.add(name, len(chunk))
            if len(head) < len(ZIP_MAGIC):
                head += chunk
                if len(head) >= len(ZIP_MAGIC) and head.startswith(ZIP_MAGIC):
                    if depth >= limits.max_depth or not _embedded_office(name):
                        raise ArchiveBomb(f"压缩包内嵌套了压缩包（“{name}”），不予接受")
                    spool = tempfile.SpooledTemporaryFile(max_size=MB)
                    spool.write(head)
            elif spool is not None:
                spool.write(chunk)
        if size > limits.ratio_floor and size > limits.max_ratio * max(info.compress_size, 1):
            raise ArchiveBomb(
                f"压缩包内的“{name}”压缩比达 {size // max(info.compress_size, 1)} 倍"
                f"（解压后 {_size(size)}），远超正常文档，疑为压缩炸弹"
            )
        if size != info.file_size:
            raise ArchiveDamaged(
                f"压缩包内的“{name}”文件头声明 {info.file_size} 字节，实际解压为 {size} 字节，"
                "文件已损坏或被篡改"
            )
        if spool is not None:
            spool.seek(0)
            _check(spool, budget, depth + 1)
    finally:
        if spool is not None:
            spool.close()


def _inflate(handle: IO[bytes], info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in chunks of at most CHUNK, read from its local header onwards. Deflate
    data is followed to the end of its stream, whatever the headers declare."""
    if info.flag_bits & 0x1:
        raise ArchiveBomb(f"压缩包内的“{info.filename}”已加密，无法检查，不予接受")
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != ZIP_MAGIC:
        raise ArchiveDamaged("不是有效的压缩文件（文件头损坏）")
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
    handle.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    if info.compress_type == zipfile.ZIP_STORED:
        left = info.compress_size
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                raise ArchiveDamaged("不是有效的压缩文件（内容被截断）")
            left -= len(chunk)
            yield chunk
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ArchiveBomb(f"压缩包内的“{info.filename}”使用了 Office 不使用的压缩方式，不予接受")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        while not inflater.eof:
            data = handle.read(CHUNK)
            if not data:
                raise ArchiveDamaged("不是有效的压缩文件（内容被截断）")
            while data and not inflater.eof:
                chunk = inflater.decompress(data, CHUNK)
                data = inflater.unconsumed_tail
                if chunk:
                    yield chunk
    except zlib.error as exc:
        raise ArchiveDamaged("不是有效的压缩文件（压缩数据损坏）") from exc


def _declared_member_count(handle: IO[bytes]) -> int | None:
    """Entries the end record announces, read before zipfile builds one object per entry."""
    handle.seek(0, os.SEEK_END)
    end = handle.tell()
    start = max(0, end - _END_RECORD.size - 0xFFFF)
    handle.seek(start)
    tail = handle.read(end - start)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END_RECORD.size:
        return None
    entries = _END_RECORD.unpack(tail[at : at + _END_RECORD.size])[4]
    return None if entries == 0xFFFF else entries  # 0xFFFF: zip64, counted after parsing


def _embedded_office(name: str) -> bool:
    path = PurePosixPath(name)
    return "embeddings" in path.parts[:-1] and path.suffix.lower() in _OFFICE_EMBEDDED


def _size(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size} 字节"
