"""Building hostile Office files for the upload tests: a member of zeros written in chunks (so the
test itself never holds it), and a member whose headers understate its size."""

from __future__ import annotations

import functools
import io
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

MB = 1024 * 1024
_ZEROS = bytes(MB)


def with_zero_member(base: bytes, name: str, megabytes: int) -> bytes:
    """`base` (a valid .docx/.xlsx) with `name` replaced by `megabytes` MB of zeros, ZIP_DEFLATED."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info))
        with target.open(name, "w", force_zip64=megabytes >= 2048) as member:
            for _ in range(megabytes):
                member.write(_ZEROS)
    return out.getvalue()


def with_lying_member(base: bytes, name: str, megabytes: int, declared: int = 1000) -> bytes:
    """`base` plus a member of `megabytes` MB of zeros whose local and central headers declare
    `declared` bytes, with the CRC of those first bytes: zipfile reads it without complaint."""
    data = bytearray(with_zero_member(base, name, megabytes))
    crc = zlib.crc32(bytes(declared))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(name)
    struct.pack_into("<L", data, info.header_offset + 14, crc)
    struct.pack_into("<L", data, info.header_offset + 22, declared)
    central = _central_entry(data, name)
    struct.pack_into("<L", data, central + 16, crc)
    struct.pack_into("<L", data, central + 24, declared)
    return bytes(data)


def _central_entry(data: bytearray, name: str) -> int:
    encoded = name.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_length]) == encoded:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise KeyError(name)


def with_member(base: bytes, name: str, content: bytes) -> bytes:
    """`base` with one more member `name` holding `content` (e.g. another zip, to nest)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


@functools.cache
def plain_docx() -> bytes:
    """A real Word document written by python-docx."""
    import docx

    document = docx.Document()
    document.add_paragraph("整改情况说明：已删除泄露个人信息的页面。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@functools.cache
def docx_bomb(megabytes: int = 500) -> bytes:
    """The issue's bomb: a real .docx whose [Content_Types].xml inflates to 500 MB (about 0.5 MB)."""
    return with_zero_member(plain_docx(), "[Content_Types].xml", megabytes)


def traced_peak(call: Callable[[], T]) -> tuple[T, int]:
    """Run `call` under tracemalloc: its result and the peak of Python allocations, in bytes."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
