"""Turn a stored trace (``UnitResult.to_dict()``) into rows a template can print: the indicator
tree flattened with its depth, and each deduction with the metrics and findings behind it.

Trace references to findings carry an index into the list the engine saw; ``findings`` maps it
back to the stored Finding row so the page can show its message. A value taken from a register
carries the records it counts (``trace["register_records"]``, assessment.services): each input
gets them as its ``basis``, with links to the records and to the register filtered to the unit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

SOURCES = {
    "metric": "导入数据",
    "register": "台账",
    "default": "默认值",
    "count": "检查发现计数",
    "site": "站点数据",
    "missing": "未提供",
}
# register key -> (its list page, the page of one record or "" when it has none)
REGISTER_PAGES = {
    "applications": ("registers:register", "registers:detail"),
    "submissions": ("submissions:register", "submissions:detail"),
    "messages": ("messages:register", ""),
    "newmedia": ("newmedia:accounts", "newmedia:posts"),
}
STATUS = {"scored": "", "pending": "待人工评分", "na": "不适用", "vetoed": "否决", "absent": "缺佐证材料"}


def trace_view(
    trace: Mapping[str, Any], findings: Mapping[int, Any], unit_id: int | None = None
) -> dict[str, Any]:
    basis = {
        name: register_basis(entry, unit_id) for name, entry in trace.get("register_records", {}).items()
    }
    context = (findings, basis)
    rows: list[dict[str, Any]] = []
    for top in trace.get("indicators", []):
        _walk(top, 0, context, rows)
    bonus: list[dict[str, Any]] = []
    for top in trace.get("bonus", []):
        _walk(top, 0, context, bonus)
    return {
        "indicators": rows,
        "bonus": bonus,
        "penalties": [_step(step, context) for step in trace.get("penalties", [])],
        "vetoes": [
            {"reason": v["reason"], "inputs": [_input(q, context) for q in v.get("inputs", [])]}
            for v in trace.get("vetoes", [])
        ],
        "notes": trace.get("notes", []),
        "registry_changes": trace.get("registry_changes", []),
        "register_records": [{"name": name, **item} for name, item in basis.items()],
        "summary": trace,
    }


def register_basis(entry: Mapping[str, Any], unit_id: int | None) -> dict[str, Any]:
    """One register value's records for the page: {"value", "count", "records": [{"number",
    "title", "url"}], "more": how many the trace did not keep, "url": the register filtered to
    the unit ("" when the register has no page)}."""
    pages = REGISTER_PAGES.get(entry.get("register", ""))
    records = []
    for record in entry.get("records", []):
        url = ""
        if pages and pages[1] and record.get("pk"):
            url = reverse(pages[1], args=[record["pk"]])
        records.append({"number": record.get("number", ""), "title": record.get("title", ""), "url": url})
    url = ""
    if pages:
        url = reverse(pages[0]) + (f"?unit={unit_id}" if unit_id else "")
    count = int(entry.get("count", len(records)))
    return {
        "value": entry.get("value", ""),
        "count": count,
        "records": records,
        "more": max(count - len(records), 0),
        "url": url,
    }


Context = tuple[Mapping[int, Any], Mapping[str, dict[str, Any]]]  # findings by index, basis by name


def _walk(node: Mapping[str, Any], depth: int, context: Context, rows: list[dict[str, Any]]) -> None:
    rows.append(
        {
            "id": node["id"],
            "name": node["name"],
            "path": node["path"],
            "kind": node["kind"],
            "points": node["points"],
            "score": node["score"],
            "status": STATUS.get(node["status"], node["status"]),
            "depth": depth,
            "leaf": not node.get("children"),
            "steps": [_step(step, context) for step in node.get("steps", [])],
        }
    )
    for child in node.get("children", []):
        _walk(child, depth + 1, context, rows)


def _step(step: Mapping[str, Any], context: Context) -> dict[str, Any]:
    return {
        "reason": step["reason"],
        "amount": step.get("amount"),
        "evidence": step.get("evidence", []),
        "inputs": [_input(q, context) for q in step.get("inputs", [])],
    }


def _input(quantity: Mapping[str, Any], context: Context) -> dict[str, Any]:
    findings, basis = context
    refs = []
    for ref in quantity.get("findings", []):
        row = findings.get(ref.get("index"))
        refs.append(
            {
                "page": ref.get("page", ""),
                "target": ref.get("target") or ref.get("column") or ref.get("text") or ref.get("name") or "",
                "message": row.message if row is not None else "",
                "kind": row.kind if row is not None else "",
            }
        )
    return {
        "name": quantity["name"],
        "value": quantity["value"],
        "source": SOURCES.get(quantity["source"], quantity["source"]),
        "findings": refs,
        "basis": basis.get(quantity["name"]) if quantity["source"] == "register" else None,
    }
