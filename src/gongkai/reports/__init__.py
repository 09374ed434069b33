"""Reports engine: circulars (通报) as Word documents, tables, notices, charts and PDF.

No Django here: the web app and the CLI build a :class:`Circular` from the database and call
:func:`build_outputs` (or the single-output functions) with it.
"""

from gongkai.reports.build import build_outputs
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
