"""Monitoring sits below assessment and follow-up (issue 13 item 4): no module of the monitoring
app imports assessment, followup, oversight or the after-audit orchestrator. Read with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

import gongkai.monitoring

ABOVE = ("gongkai.assessment", "gongkai.followup", "gongkai.oversight", "gongkai.after_audit")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_monitoring_imports_nothing_above_it() -> None:
    root = Path(gongkai.monitoring.__file__).parent
    upward = {
        f"{path.relative_to(root)}: {name}"
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        for name in _imports(path)
        if name.startswith(ABOVE)
    }
    assert upward == set()
