"""Reports engine: circulars (通报) as Word documents, tables, notices, charts and PDF.

No Django here: the web app and the CLI build a :class:`Circular` from the database and call
:func:`build_outputs` (or the single-output functions) with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gongkai.reports.errors import ReportError
from gongkai.reports.model import (
    BULLETIN,
    DOCUMENT,
    FORMS,
    Bulletin,
    Circular,
    PeriodScores,
    ProblemKind,
    RankedTable,
    Threshold,
    UnitProblem,
)

__all__ = [
    "BULLETIN",
    "DOCUMENT",
    "FORMS",
    "Bulletin",
    "Circular",
    "PeriodScores",
    "ProblemKind",
    "RankedTable",
    "ReportError",
    "Threshold",
    "UnitProblem",
    "build_outputs",
]

if TYPE_CHECKING:
    from gongkai.reports.build import build_outputs


def __getattr__(name: str) -> Any:
    # the builders (python-docx, openpyxl, matplotlib: ~0.45 s to import) only when one is used;
    # the models module that only needs FORMS does not load them
    if name == "build_outputs":
        from gongkai.reports.build import build_outputs

        return build_outputs
    raise AttributeError(f"module 'gongkai.reports' has no attribute {name!r}")
