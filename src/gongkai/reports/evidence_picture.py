"""The screenshot behind a problem as a rectification notice prints it (issue 18).

A full-page screenshot is often many times taller than wide; printed 14 cm wide it would run over
pages. Such an image is cut to a window at most ``MAX_RATIO`` times as tall as wide, centred on
the outlined problem (the top of the page when the problem was not located).
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

WIDTH_MM = 140  # fits the 156 mm text width of GB/T 9704
MAX_RATIO = 1.3  # height / width of the part printed: about 18 cm high at 14 cm wide


def notice_picture(path: Path | str, box: dict | None = None) -> bytes | None:
    """PNG bytes of the part of the screenshot to print, or None when the file cannot be read as
    an image (it is then left out, the caption still says what it was)."""
    try:
        with Image.open(path) as image:
            image.load()
            width, height = image.size
            window = int(width * MAX_RATIO)
            if height > window:
                top = 0
                if box and all(isinstance(box.get(k), int | float) for k in ("y", "height")):
                    middle = box["y"] + box["height"] / 2
                    top = int(min(max(middle - window / 2, 0), height - window))
                image = image.crop((0, top, width, top + window))
            out = io.BytesIO()
            image.save(out, format="PNG")
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
