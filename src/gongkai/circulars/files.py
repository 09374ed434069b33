"""Writing a circular's files into a folder and describing them: which file is the circular,
which a table, which a unit's rectification notice. Shared by publishing and `gongkai report`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.reports import Circular, ReportError, build_outputs
from gongkai.reports.pdf import find_soffice

NO_PDF_NOTE = "本机未安装 LibreOffice，未生成 PDF 文件；其余文件已生成。"
SKIPPED_PDF_NOTE = "按要求未生成 PDF 文件。"

# build_outputs key prefix -> (kind, Chinese label)
KINDS = {
    "circular.docx": ("circular", "通报（Word）"),
    "circular.pdf": ("pdf", "通报（PDF）"),
    "tables.xlsx": ("tables", "附件表格（Excel）"),
    "problems.csv": ("problems", "问题清单（CSV）"),
}
CHART_NAMES = {
    "score_distribution": "各类单位得分分布",
    "trend": "各期平均得分趋势",
    "problems": "发现问题类型统计",
}


@dataclass
class Written:
    directory: Path
    files: list[dict[str, str]]
    notes: list[str] = field(default_factory=list)


def describe(
    key: str, path: Path, directory: Path, unit_ids: Mapping[str, int] | None = None
) -> dict[str, str | int | None]:
    """{"key", "name" (path relative to the folder), "kind", "label", "unit"} for one output; a
    notice also has "unit_id", the unit it belongs to (``unit_ids``: printed unit name -> id), which
    is what permission checks compare, never the name."""
    name = path.relative_to(directory).as_posix()
    if key in KINDS:
        kind, label = KINDS[key]
        return {"key": key, "name": name, "kind": kind, "label": label, "unit": ""}
    prefix, _, rest = key.partition(":")
    if prefix == "notice":
        unit_id = (unit_ids or {}).get(rest)
        label = f"整改通知：{rest}"
        return {"key": key, "name": name, "kind": "notice", "label": label, "unit": rest, "unit_id": unit_id}
    if prefix == "chart":
        label = f"统计图：{CHART_NAMES.get(rest, rest)}"
        return {"key": key, "name": name, "kind": "chart", "label": label, "unit": ""}
    number = path.stem.removeprefix("table-")
    return {"key": key, "name": name, "kind": "table", "label": f"附件{number}表格（CSV）", "unit": ""}


def write_circular(
    circular: Circular, directory: Path, *, pdf: bool = True, unit_ids: Mapping[str, int] | None = None
) -> Written:
    """All outputs of the circular in ``directory``; without LibreOffice (or with pdf=False) the PDF
    is left out and the reason recorded instead of failing. ``unit_ids`` (printed unit name -> id)
    tags each notice with its unit."""
    notes = []
    want_pdf = pdf and find_soffice() is not None
    if not pdf:
        notes.append(SKIPPED_PDF_NOTE)
    elif not want_pdf:
        notes.append(NO_PDF_NOTE)
    if not want_pdf:
        (directory / "circular.pdf").unlink(missing_ok=True)  # never leave an older PDF beside a new .docx
    try:
        outputs = build_outputs(circular, directory, pdf=want_pdf, embed_charts=False)
    except ReportError as error:
        if not want_pdf:
            raise
        notes.append(f"PDF 转换失败：{error}")
        outputs = build_outputs(circular, directory, pdf=False)
    order = sorted(outputs.items(), key=lambda item: list(KINDS).index(item[0]) if item[0] in KINDS else 99)
    return Written(directory, [describe(key, path, directory, unit_ids) for key, path in order], notes)
