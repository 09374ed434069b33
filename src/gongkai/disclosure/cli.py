"""`gongkai applications clock CASES.json --json OUT.json`: statutory deadlines and fees of
disclosure applications, without Django (registers-contract §1).

CASES.json is a list of objects: ``id``, ``received``, optional ``correction_requested``,
``correction_received``, ``third_party`` (list of ``[from, to]``), ``request_number_in_month``,
``pages``. OUT.json is a list in the same order: ``id``, ``correction_notice_due``, ``reply_due``,
``extended_due``, ``fee_by_request`` (only when ``request_number_in_month`` was given),
``fee_by_pages`` (only when ``pages`` was given), ``estimated`` and, when estimated, ``rule``.

Exit status: 0 written; 1 bad input or arguments (every problem is listed, naming the case and
the field, and nothing is written).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from gongkai.disclosure.clock import ClockCase, ClockError, compute
from gongkai.disclosure.fees import FeeError, fee_by_pages, fee_by_request

EXIT_INPUT = 1
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
KEYS = (
    "id",
    "received",
    "correction_requested",
    "correction_received",
    "third_party",
    "request_number_in_month",
    "pages",
)


class InputError(Exception):
    """Bad input (exit 1); the message is Chinese."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        raise InputError(f"参数错误：{message}\n{self.format_usage()}")


def _parser() -> _Parser:
    parser = _Parser(
        prog="gongkai applications clock",
        description=(
            "计算依申请公开的法定期限和信息处理费：补正告知期限（收到后第 7 个工作日）、答复期限"
            "（起算日后第 20 个计算日）和延期答复期限（第 40 个计算日）。有补正的，自收到补正申请之日"
            "重新起算；征求第三方意见的时间不计入（首尾两日均不计）；工作日按国务院放假安排（含调休上班日）。"
            "节假日日历未覆盖的年份按估算计并在结果中注明（estimated、rule）。"
        ),
        epilog=(
            "CASES.json 为数组，每项含 id、received（收到日期），可选 correction_requested（补正告知日期）、"
            "correction_received（补正收到日期）、third_party（征求意见区间 [[开始, 结束], …]）、"
            "request_number_in_month（本月第几件申请，按件收费）、pages（页数，按量收费）。日期格式 YYYY-MM-DD。"
            "输入有误时列出所有问题（第几个、哪个字段），退出码 1，不写输出文件。"
        ),
    )
    parser.add_argument("cases", metavar="CASES.json", help="申请列表（JSON 数组）")
    parser.add_argument("--json", dest="out", metavar="OUT.json", required=True, help="结果写入的 JSON 文件")
    return parser


def _iso(value: Any, field: str) -> date:
    if not isinstance(value, str):
        raise InputError(
            f"字段 {field}：需要 YYYY-MM-DD 格式的日期，收到的是 {json.dumps(value, ensure_ascii=False)}"
        )
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"字段 {field}：“{value}”不是 YYYY-MM-DD 格式的有效日期") from None


def _optional_date(raw: dict, field: str) -> date | None:
    value = raw.get(field)
    return None if value is None else _iso(value, field)


def _third_party(raw: dict) -> tuple[tuple[date, date], ...]:
    value = raw.get("third_party")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InputError("字段 third_party：需要 [[开始日期, 结束日期], …] 形式的列表")
    intervals = []
    for n, pair in enumerate(value, start=1):
        if not isinstance(pair, list) or len(pair) != 2:
            raise InputError(f"字段 third_party 第 {n} 段：需要 [开始日期, 结束日期] 两个日期")
        intervals.append(
            (_iso(pair[0], f"third_party 第 {n} 段开始日期"), _iso(pair[1], f"third_party 第 {n} 段结束日期"))
        )
    return tuple(intervals)


def _one(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InputError("需要一个对象（含 id、received 等字段）")
    unknown = [key for key in raw if key not in KEYS]
    if unknown:
        raise InputError(f"未知字段 {'、'.join(unknown)}（可用字段：{'、'.join(KEYS)}）")
    if "id" not in raw or raw["id"] is None or raw["id"] == "":
        raise InputError("缺少字段 id")
    if isinstance(raw["id"], bool) or not isinstance(raw["id"], (str, int)):
        raise InputError(f"字段 id：须为文字或整数，收到的是 {json.dumps(raw['id'], ensure_ascii=False)}")
    if "received" not in raw or raw["received"] is None:
        raise InputError("缺少字段 received（收到日期）")
    case = ClockCase(
        received=_iso(raw["received"], "received"),
        correction_requested=_optional_date(raw, "correction_requested"),
        correction_received=_optional_date(raw, "correction_received"),
        third_party=_third_party(raw),
    )
    try:
        clock = compute(case)
    except ClockError as exc:
        raise InputError(str(exc)) from None
    out: dict[str, Any] = {
        "id": raw["id"],
        "correction_notice_due": clock.correction_notice_due.isoformat(),
        "reply_due": clock.reply_due.isoformat(),
        "extended_due": clock.extended_due.isoformat(),
    }
    for field, fee in (("request_number_in_month", fee_by_request), ("pages", fee_by_pages)):
        if raw.get(field) is not None:
            try:
                out["fee_by_request" if fee is fee_by_request else "fee_by_pages"] = fee(raw[field])
            except FeeError as exc:
                raise InputError(f"字段 {field}：{exc}") from None
    out["estimated"] = clock.estimated
    if clock.estimated:
        out["rule"] = clock.rule
    return out


def _label(n: int, raw: Any) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    return f"第 {n} 个（id={ident}）" if ident not in (None, "") else f"第 {n} 个"


def run(argv: list[str]) -> list[dict[str, Any]]:
    args = _parser().parse_args(argv)
    source = Path(args.cases)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"找不到输入文件 {source}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取输入文件 {source}：{exc}") from None
    try:
        cases = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}"
        ) from None
    if not isinstance(cases, list):
        raise InputError(f"{source} 须为 JSON 数组（每个申请一项）")
    results, problems = [], []
    seen: dict[Any, int] = {}
    for n, raw in enumerate(cases, start=1):
        try:
            ident = raw.get("id") if isinstance(raw, dict) else None
            if isinstance(ident, (str, int)) and ident in seen:
                raise InputError(f"id 与第 {seen[ident]} 个重复")
            if isinstance(ident, (str, int)):
                seen[ident] = n
            results.append(_one(raw))
        except InputError as exc:
            problems.append(f"{_label(n, raw)}：{exc}")
    if problems:
        raise InputError("\n".join(problems))
    _write(Path(args.out), results)
    return results


def _write(target: Path, results: list[dict[str, Any]]) -> None:
    """Write through a temporary file in the same folder: a failure leaves no half file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".clock-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(results, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clock_main(argv: list[str]) -> int:
    try:
        results = run(argv)
    except InputError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_INPUT
    estimated = sum(r["estimated"] for r in results)
    note = f"，其中 {estimated} 个含估算日期（节假日日历未覆盖的年份）" if estimated else ""
    print(f"已计算 {len(results)} 个申请的期限{note}。")
    return 0
