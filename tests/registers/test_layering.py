"""The register sits above monitoring and below assessment: no module of it imports assessment,
followup, circulars, web or the after-audit orchestrator. Read with ``ast``."""

from __future__ import annotations

from pathlib import Path

import gongkai.registers
from tests.monitoring.test_layering import _imports

ABOVE = ("gongkai.assessment", "gongkai.followup", "gongkai.circulars", "gongkai.web", "gongkai.after_audit")


def test_registers_import_nothing_above_them() -> None:
    root = Path(gongkai.registers.__file__).parent
    upward = {
        f"{path.relative_to(root)}: {name}"
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        for name in _imports(path)
        if name.startswith(ABOVE)
    }
    assert upward == set()
