"""Text files people upload (a CSV metric table, a .txt piece of evidence): Excel and Notepad on
a Chinese Windows save them as UTF-8, often with a byte-order mark, or as GBK/GB18030. Pure."""

from __future__ import annotations

ENCODINGS = ("utf-8-sig", "gb18030")  # in this order: valid UTF-8 is almost never meant as GBK


def decode_upload(data: bytes) -> str | None:
    """``data`` as text: UTF-8 (without its BOM) when it decodes so, else GB18030; None when it is
    neither (GB18030 refuses a few bytes, e.g. a lone 0x80 or 0xFF)."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
