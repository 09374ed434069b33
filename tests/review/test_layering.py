"""Review is the findings stage (issue 13 item 3): it sits above monitoring and below
assessment, so no module of the review app imports assessment, followup or anything above them;
the finding identity it keys dismissals on is engine code, without Django. Read with ``ast``."""

from __future__ import annotations

from pathlib import Path

import gongkai.audit.identity
import gongkai.review
from tests.monitoring.test_layering import _imports

ABOVE = (
    "gongkai.assessment",
    "gongkai.followup",
    "gongkai.registers",
    "gongkai.circulars",
    "gongkai.web",
    "gongkai.api",
    "gongkai.after_audit",
)


def test_review_imports_nothing_above_it() -> None:
    root = Path(gongkai.review.__file__).parent
    upward = {
        f"{path.relative_to(root)}: {name}"
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        for name in _imports(path)
        if name.startswith(ABOVE)
    }
    assert upward == set()


def test_finding_identity_is_engine_code() -> None:
    names = _imports(Path(gongkai.audit.identity.__file__))
    assert {
        n for n in names if n.startswith(("django", "gongkai.")) and not n.startswith("gongkai.audit")
    } == set()
