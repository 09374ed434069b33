"""Binary files of the generated sites: .docx and .pdf attachments and .png images.

All three are byte-for-byte deterministic: python-docx stamps zip entries with the current time,
so the package is re-zipped with a fixed timestamp; the PDF and PNG are written by hand.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import docx
import docx.document

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
_PDF_LINE = 34  # characters of 14 pt text across an A4 page with margins


def docx_bytes(title: str, paragraphs: list[str]) -> bytes:
    """A small Word document (heading and paragraphs), identical bytes for identical text."""
    document = docx.Document()
    document.core_properties.author = "gongkai demo"
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    return saved_docx(document)


def saved_docx(document: docx.document.Document) -> bytes:
    """The bytes of a python-docx document, identical for identical content (fixed zip times)."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # python-docx may stamp today's date here
                data = _fixed_core(data)
            target.writestr(zipfile.ZipInfo(info.filename, _FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _fixed_core(xml: bytes) -> bytes:
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", xml)


def pdf_bytes(title: str, lines: list[str], *, size: int = 14, width: int = _PDF_LINE) -> bytes:
    """A one-page PDF of Chinese text in the standard STSong-Light font (no embedding needed);
    lines longer than ``width`` characters wrap, up to what fits on the page."""
    rows = [text[i : i + width] for text in (title, *lines) for i in range(0, len(text), width)]
    rows = rows[: 720 // (size + 4)]  # 40 rows of 14 pt
    ops = ["BT", f"/F1 {size} Tf", "50 790 Td", f"{size + 4} TL"]
    for row in rows:
        ops.append(f"<{row.encode('utf-16-be').hex().upper()}> Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def png_bytes(width: int, height: int, rgb: tuple[int, int, int], stripe: tuple[int, int, int]) -> bytes:
    """A small PNG: a solid colour with a stripe near the bottom (a banner or a photo stand-in)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    plain = bytes(rgb) * width
    band = bytes(stripe) * width
    rows = b"".join(b"\x00" + (band if height - 12 <= y < height - 6 else plain) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )
