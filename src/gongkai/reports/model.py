"""Plain data that describes a circular (通报), independent of any database.

The Django side fills these dataclasses from an assessment period; tests fill them from the
seeds. Everything the documents say is derived from these values, nothing is looked up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from gongkai.reports.errors import ReportError

Number = int | float | Decimal
Cell = str | int | float | Decimal | None


@dataclass
class RankedTable:
    """One attachment table: the units of one category, already in ranked order.

    ``score_column`` names the column holding the unit's score (总分, 得分); ``name_column``
    the column holding the unit's name. ``count_column``, when set, names a column that counts
    submitted items: units with 0 there are "零报送" (seed 002). ``rank_column``, when set, names
    the column of ranks (排名): best and worst units are then taken by rank, so that a vetoed unit
    (ranked after all others) is never named among the best.
    """

    title: str
    category: str
    columns: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    name_column: str = "单位名称"
    score_column: str = "总分"
    count_column: str | None = None
    rank_column: str | None = None

    def column_index(self, name: str) -> int:
        try:
            return self.columns.index(name)
        except ValueError:
            raise ReportError(
                f"表格“{self.title}”中没有名为“{name}”的列，现有列：{'、'.join(self.columns)}"
            ) from None

    def scores(self) -> list[tuple[str, float]]:
        """(unit, score) pairs in table order; rows without a numeric score are left out."""
        name_i = self.column_index(self.name_column)
        score_i = self.column_index(self.score_column)
        pairs = []
        for row in self.rows:
            value = row[score_i]
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                pairs.append((str(row[name_i]), float(value)))
        return pairs

    def standing(self) -> list[tuple[str, float]]:
        """(unit, merit) in table order, higher merit is better: minus the rank when the table has
        a rank column (rows without a rank are left out), else the score."""
        if self.rank_column is None:
            return self.scores()
        name_i = self.column_index(self.name_column)
        rank_i = self.column_index(self.rank_column)
        return [
            (str(row[name_i]), -float(row[rank_i]))
            for row in self.rows
            if isinstance(row[rank_i], int | float | Decimal) and not isinstance(row[rank_i], bool)
        ]


@dataclass
class ProblemKind:
    """Problems of one kind found in the period, e.g. 栏目更新不及时, with a few examples."""

    kind: str
    count: int
    description: str = ""
    examples: list[str] = field(default_factory=list)


@dataclass
class UnitProblem:
    """One line of the per-unit problem list (问题清单, seed 003).

    The evidence of an audit finding (issue 18), when the notice is to show it: ``screenshot`` is
    the file of the page's screenshot on disk ("" without one), ``screenshot_box`` the outlined
    problem's box in it ({"x", "y", "width", "height"} in pixels, None when not located),
    ``sha256`` the page's hash and ``fetched_at`` when it was fetched, as printed.
    """

    unit: str
    problem: str
    url: str = ""
    deadline: date | None = None
    screenshot: str = ""
    screenshot_box: dict[str, int] | None = None
    sha256: str = ""
    fetched_at: str = ""


@dataclass
class Threshold:
    """ "得分80分以上的市州有12个": count units of ``category`` scoring at or above ``minimum``.

    ``noun`` is what the units are called in the sentence (市州, 部门, 单位); ``name_above``
    also lists their names in score order after a colon, as seed 001 does for 85 分以上.
    ``template`` (when not empty) is the office's own wording, filled by
    :func:`gongkai.reports.summary.threshold_sentence`: "考核较好的市州（85分以上，按得分排序）为：{names}。"
    """

    category: str
    minimum: Number
    noun: str = "单位"
    name_above: bool = False
    template: str = ""


@dataclass
class PeriodScores:
    """Scores of an earlier period, for year-on-year or month-on-month comparison and trends.

    ``scores`` maps category to {unit: total}. ``relation`` is the word that compares the
    current period with this one: 同比 (same period last year) or 环比 (previous period).
    """

    label: str
    scores: dict[str, dict[str, float]]
    relation: str = "同比"


DOCUMENT, BULLETIN = "document", "bulletin"
FORMS = {DOCUMENT: "公文（GB/T 9704 格式）", BULLETIN: "简报（内部资料、第N期、送发及签发审核责任编辑）"}


@dataclass
class Bulletin:
    """The header and end block of the bulletin form (简报, seed 000): the marks above the name
    (内部资料, 注意保存), the bulletin's name and issue ("2021年第3期"), the 送 and 发 lines and
    the 签发 / 审核 / 责任编辑 names. The issuing office and the date come from the circular."""

    name: str
    issue: str
    marks: list[str] = field(default_factory=lambda: ["内部资料", "注意保存"])
    send_to: str = ""
    distribute_to: str = ""
    signed_by: str = ""
    reviewed_by: str = ""
    edited_by: str = ""

    def editors_line(self) -> str:
        """ "签发：王东杰　审核：高晓伟　责任编辑：卢毅　张燕京" with the names that are given."""
        parts = [
            f"{label}：{names}"
            for label, names in (
                ("签发", self.signed_by),
                ("审核", self.reviewed_by),
                ("责任编辑", self.edited_by),
            )
            if names.strip()
        ]
        return "\u3000\u3000".join(parts)


@dataclass
class Circular:
    """Everything one circular says, in the order the seeds say it."""

    issuing_office: str
    document_number: str
    date: date
    title: str
    recipients: str
    period_label: str
    tables: list[RankedTable]
    intro: list[str] = field(default_factory=list)
    items_published: int | None = None
    items_breakdown: list[tuple[str, int]] = field(default_factory=list)
    best_count: int = 2
    worst_count: int = 1
    names_cap: int | None = None  # at most this many names per category in 表现较好/较差, then "等N个单位"
    thresholds: list[Threshold] = field(default_factory=list)
    problems: list[ProblemKind] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    rectification_deadline: date | None = None
    unit_problems: list[UnitProblem] = field(default_factory=list)
    previous: list[PeriodScores] = field(default_factory=list)
    contact: str = ""
    cc: str = ""
    disclosure_note: str = ""
    printer: str = ""
    problem_list_title: str = ""
    form: str = DOCUMENT
    bulletin: Bulletin | None = None
    # the period the threshold sentences compare with (同比 / 环比); when None, the latest of
    # ``previous`` if ``compare_latest`` (the engine's default), else no comparison at all
    compared: PeriodScores | None = None
    compare_latest: bool = True

    def comparison(self) -> PeriodScores | None:
        if self.compared is not None:
            return self.compared
        return self.previous[-1] if self.previous and self.compare_latest else None

    @property
    def categories(self) -> list[str]:
        return [t.category for t in self.tables]

    def current_scores(self) -> dict[str, dict[str, float]]:
        """The current period in the same shape as :class:`PeriodScores` ``scores``."""
        return {t.category: dict(t.scores()) for t in self.tables}

    def attachment_titles(self) -> list[str]:
        """Titles of the attachments in order: one ranked table per category, then the problem list."""
        titles = [t.title for t in self.tables]
        if self.unit_problems:
            titles.append(self.problem_list_title or f"{self.period_label}问题清单")
        return titles

    def problems_of(self, unit: str) -> list[UnitProblem]:
        return [p for p in self.unit_problems if p.unit == unit]

    def problem_units(self) -> list[str]:
        """Units that have at least one problem, in first-seen order."""
        return list(dict.fromkeys(p.unit for p in self.unit_problems))
