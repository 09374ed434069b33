"""Versioned data files shipped with the text engine.

Every data file starts with comment lines (``#``), one of which is ``# version: X``; the version
is reported next to findings so a supervisor knows which dictionary edition produced them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
_VERSION = re.compile(r"^#\s*version:\s*(\S+)")


class DataFileError(ValueError):
    """A data file is missing or malformed (message in Chinese, naming file and line)."""


@dataclass(frozen=True)
class DataFile:
    path: Path
    version: str
    rows: tuple[tuple[str, ...], ...]


def read_data_file(path: Path, min_columns: int = 1) -> DataFile:
    """Read a tab-separated (or one-item-per-line) file with a version comment."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"无法读取词表文件 {path}：{exc}") from exc
    version = ""
    rows: list[tuple[str, ...]] = []
    for number, line in enumerate(lines, start=1):
        if line.startswith("#"):
            match = _VERSION.match(line)
            if match:
                version = match.group(1)
            continue
        if not line.strip():
            continue
        cells = tuple(cell.strip() for cell in line.split("\t"))
        if len(cells) < min_columns or not cells[0]:
            raise DataFileError(
                f"词表文件 {path.name} 第 {number} 行格式错误：应至少有 {min_columns} 列（以制表符分隔）"
            )
        rows.append(cells)
    return DataFile(path=path, version=version or "未标注", rows=tuple(rows))


@cache
def packaged(name: str, min_columns: int = 1) -> DataFile:
    """A data file shipped in ``gongkai/text/data`` (read once per process)."""
    return read_data_file(DATA_DIR / name, min_columns)


def data_versions() -> dict[str, str]:
    """Version of every packaged data file, for reports and the benchmark."""
    return {path.name: read_data_file(path).version for path in sorted(DATA_DIR.iterdir()) if path.is_file()}
