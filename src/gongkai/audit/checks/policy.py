"""policy_metadata and interpretation_unlinked (issue 4, :mod:`gongkai.audit.content.policy`).

Only article pages count (a list page titled 政策解读 is not an interpretation). An article is a
policy file when its column is a policy column: the column named by its ``ColumnName`` tag, else
the known column whose folder holds it (``/zcwj/t2025…html`` under ``/zcwj/``), with a type
declared by ``--column URL=政策文件`` taking precedence. Its 文号 / 发文日期 / 效力状态 are checked
while the page is in hand. For the interpretation links, a :class:`LinkedPage` is kept per
article: every link of interpretations and policy files, and only the links that look like an
interpretation (解读 in the text, a /zcjd/ URL; not the menu link to the 政策解读 column) of other
articles, which is all the reverse check needs — so memory does not grow with the menus of 5,000 pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gongkai.audit.checks.base import Check
from gongkai.audit.checks.tags import page_type
from gongkai.audit.content import (
    LinkedPage,
    classify_column,
    interpretation_findings,
    is_interpretation,
    policy_findings,
)
from gongkai.audit.content.policy import _norm_title as normalized_title
from gongkai.audit.content.policy import interpreted_titles, is_policy_column
from gongkai.audit.context import AuditContext
from gongkai.audit.findings import Finding, from_record
from gongkai.audit.page import Link, Page

POLICY_TYPE = "政策文件"


def column_of(page: Page, ctx: AuditContext) -> tuple[str, bool]:
    """(column name, is a policy column) of an article page, as far as is known. A declared
    policy column whose name does not say so is named 政策文件 for the interpretation matching."""
    known = ctx.column_of(page.url)
    name = page.meta.get("columnname", "") or (known.name if known else "")
    named_policy = bool(name) and classify_column(name)[0] == POLICY_TYPE
    if known is not None and known.type:
        policy = classify_column(known.type)[0] == POLICY_TYPE
        return (name if named_policy or not policy else POLICY_TYPE), policy
    return name, named_policy


class PolicyCheck(Check):
    name = "policy"
    replayable = True  # an article is replayed from its memo: title, column, what it is

    def __init__(self) -> None:
        self._pages: list[LinkedPage] = []
        self._files = 0  # policy file pages checked (the JSON's site.policy_files)
        self._interpretations = 0  # interpretation pages read (site.interpretations)
        self._last: tuple[str, list[Any]] | None = None  # (URL, memo) of the last article

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        self._last = None
        if page_type(page) != "article":
            return
        column, policy = column_of(page, ctx)
        interpretation = is_interpretation(page.title, page.url)
        self._last = (page.url, [page.title, column, policy, interpretation])
        if policy and not interpretation:
            yield from (from_record(f) for f in policy_findings(page.url, page.tree))
        self._article(page.url, page.title, column, policy, interpretation, page.links, ctx)

    def _article(
        self,
        url: str,
        title: str,
        column: str,
        policy: bool,
        interpretation: bool,
        page_links: list[Link],
        ctx: AuditContext,
    ) -> None:
        self._interpretations += interpretation
        self._files += policy and not interpretation
        links = [(link.target, link.text) for link in page_links if link.element == "a"]
        if not (interpretation or policy):  # a menu link to the 政策解读 column is not one
            links = [
                (target, text)
                for target, text in links
                if target not in ctx.known_columns and is_interpretation(text, target)
            ]
        self._pages.append(LinkedPage(url, title, links, column))

    def page_memo(self, page: Page, ctx: AuditContext) -> Any:
        return self._last[1] if self._last is not None and self._last[0] == page.url else None

    def replay_page(
        self, url: str, memo: Any, findings: list[Finding], links: list[Link], ctx: AuditContext
    ) -> Iterable[Finding]:
        if memo is not None:
            title, column, policy, interpretation = memo
            self._article(url, title, column, bool(policy), bool(interpretation), links, ctx)
        return findings

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        # how many pages the findings are out of: a scheme scores 文件完整性 / 解读关联 from the
        # findings only when the audit read such pages (seed 004)
        ctx.site["policy_files"], ctx.site["interpretations"] = self._files, self._interpretations
        return [from_record(f) for f in interpretation_findings(_candidates(self._pages))]


def _candidates(pages: list[LinkedPage]) -> list[LinkedPage]:
    """The pages interpretation matching can use: interpretations, policy files, pages linking to
    an interpretation, and pages whose title is a file an interpretation names. The matching
    compares every interpretation with every page (and normalises titles each time), 2 s for 125
    interpretations on a 5,000-page site; the others can never match, so they are left out first,
    each title normalised once."""
    interpretations = [p for p in pages if is_interpretation(p.title, p.url)]
    if not interpretations:
        return []
    wanted = {w for p in interpretations for w in interpreted_titles(p.title)}
    return [
        p
        for p in pages
        if p.links
        or is_policy_column(p.column)
        or is_interpretation(p.title, p.url)
        or _names_any(normalized_title(p.title), wanted)
    ]


def _names_any(title: str, wanted: set[str]) -> bool:
    return any(w in title for w in wanted)
