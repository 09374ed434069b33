"""Turn a stored trace (``UnitResult.to_dict()``) into rows a template can print: the indicator
tree flattened with its depth, and each deduction with the metrics and findings behind it.

Trace references to findings carry an index into the list the engine saw; ``findings`` maps it
back to the stored Finding row so the page can show its message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SOURCES = {
    "metric": "导入数据",
    "register": "台账",
    "default": "默认值",
    "count": "检查发现计数",
    "site": "站点数据",
    "missing": "未提供",
}
STATUS = {"scored": "", "pending": "待人工评分", "na": "不适用", "vetoed": "否决", "absent": "缺佐证材料"}


def trace_view(trace: Mapping[str, Any], findings: Mapping[int, Any]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for top in trace.get("indicators", []):
        _walk(top, 0, findings, rows)
    bonus: list[dict[str, Any]] = []
    for top in trace.get("bonus", []):
        _walk(top, 0, findings, bonus)
    return {
        "indicators": rows,
        "bonus": bonus,
        "penalties": [_step(step, findings) for step in trace.get("penalties", [])],
        "vetoes": [
            {"reason": v["reason"], "inputs": [_input(q, findings) for q in v.get("inputs", [])]}
            for v in trace.get("vetoes", [])
        ],
        "notes": trace.get("notes", []),
        "registry_changes": trace.get("registry_changes", []),
        "summary": trace,
    }


def _walk(
    node: Mapping[str, Any], depth: int, findings: Mapping[int, Any], rows: list[dict[str, Any]]
) -> None:
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
            "steps": [_step(step, findings) for step in node.get("steps", [])],
        }
    )
    for child in node.get("children", []):
        _walk(child, depth + 1, findings, rows)


def _step(step: Mapping[str, Any], findings: Mapping[int, Any]) -> dict[str, Any]:
    return {
        "reason": step["reason"],
        "amount": step.get("amount"),
        "evidence": step.get("evidence", []),
        "inputs": [_input(q, findings) for q in step.get("inputs", [])],
    }


def _input(quantity: Mapping[str, Any], findings: Mapping[int, Any]) -> dict[str, Any]:
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
    }
