"""The roll-up as a workbook with Chinese headers (``gongkai rollup --xlsx``, the year page's
download): 年度得分 (排名, 单位, 类别, 年度得分, one column per period, 说明), 地区汇总 (bands,
优良率, full-marks counts, the previous year), and 下级地区 when the roll-up has sub-regions."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.sheet_text import save_workbook

HEADERS = ["排名", "单位", "类别", "年度得分"]
BAND_LABELS = {"90+": "90分以上", "80-90": "80分至90分", "60-80": "60分至80分", "<60": "60分以下"}


def _periods(data: dict[str, Any]) -> list[tuple[int, str]]:
    seen: dict[int, tuple[str, str]] = {}
    for unit in data["units"]:
        for period in unit["periods"]:
            seen.setdefault(period["id"], (period["end"], period["name"]))
    return [(pid, name) for pid, (_, name) in sorted(seen.items(), key=lambda item: (item[1][0], item[0]))]


def _bold(sheet) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _region_rows(block: dict[str, Any], label: str) -> list[list[Any]]:
    rows: list[list[Any]] = [[f"{label}{BAND_LABELS[b]}（个）", n] for b, n in block["bands"].items()]
    rows.append([f"{label}优良率（80分以上占比）", block["excellent_rate"]])
    rows += [[f"{label}“{name}”满分单位（个）", n] for name, n in block["full_marks"].items()]
    return rows


def write_workbook(data: dict[str, Any], target: str | Path | IO[bytes]) -> None:
    """Write the roll-up ``data`` (the JSON of ``gongkai rollup``) to ``target``."""
    book = Workbook()
    sheet = book.active
    sheet.title = "年度得分"
    periods = _periods(data)
    sheet.append([*HEADERS, *(name for _, name in periods), "说明"])
    for unit in data["units"]:
        by_period = {p["id"]: p["score"] for p in unit["periods"]}
        sheet.append(
            [
                unit["rank"],
                unit["unit"],
                unit["category"],
                unit["score"],
                *(by_period.get(pid) for pid, _ in periods),
                unit.get("note", ""),
            ]
        )
    _bold(sheet)
    summary = book.create_sheet("地区汇总")
    summary.append(["项目", f"{data['year']}年"])
    region = data["region"]
    for row in _region_rows(region, ""):
        summary.append(row)
    previous = region.get("previous_year")
    if previous:
        for row in _region_rows(previous, f"{previous['year']}年"):
            summary.append(row)
        change = previous["change"]
        summary.append(["优良率同比变化", change["excellent_rate"]])
    _bold(summary)
    if data.get("sub_regions"):
        _sub_regions(book.create_sheet("下级地区"), data["sub_regions"])
    save_workbook(book, target)


def _sub_regions(sheet, sub_regions: list[dict[str, Any]]) -> None:
    sheet.append(
        ["地区", "考评", "满分", "单位数", "平均分", "优良率", "优良率同比变化", "年报优良率", "新媒体抽查合格率",
         "第三方评估优良率"]
    )  # fmt: skip
    for sub in sub_regions:
        rates = sub["rates"]
        rate_cells = [rates[name]["value"] for name in ("年报优良率", "新媒体抽查合格率", "第三方评估优良率")]
        if not sub["assessments"]:
            sheet.append([sub["region"], "（本年度无已发布的考评）", None, 0, None, None, None, *rate_cells])
        for item in sub["assessments"]:
            change = (item.get("previous_year") or {}).get("change") or {}
            sheet.append(
                [
                    sub["region"],
                    item["scheme_name"],
                    item["total"],
                    item["units"],
                    item["mean"],
                    item["excellent_rate"],
                    change.get("excellent_rate"),
                    *rate_cells,
                ]
            )
    _bold(sheet)
