"""Content analysers of the site audit: columns, dates, home-page freshness, policy files.

Pure functions over HTML strings or parsed selectolax trees and dates: no network, no Django,
no wall clock (every "within N days" rule takes ``as_of``). The crawler feeds them pages and
turns their dicts into findings of ``audit-contract.md``.

Dates (:mod:`.dates`)
- ``parse_date(s, *, as_of) -> date | None`` / ``find_dates(text, *, as_of) -> list[date]``
- ``page_pub_date(html_or_tree, *, as_of) -> date | None`` (PubDate meta, 发布时间 labels, near title)

Columns (:mod:`.columns`)
- ``classify_column(name, *, other_window_days=365) -> (type, window_days)``
- ``discover_columns(html, base_url) -> list[ColumnLink]``
- ``parse_list_page(html, base_url, *, as_of) -> ListPage`` (items, pages, empty, script_loaded)
- ``column_record(url, name, type, listing, *, as_of, window_days=None, weekly_period=None) -> dict``
  (the contract's column JSON plus ``script_loaded`` and seed 003's ``weekly`` data)
- ``column_findings(record) -> list[dict]`` (``empty_column`` / ``stale_column``)
- ``home_freshness(html, base_url, *, as_of) -> dict | None`` (``home_not_updated``)

Policy files (:mod:`.policy`)
- ``policy_missing_fields(html_or_text) -> list[str]``, ``policy_findings(page, html) -> list[dict]``
- ``is_policy_column(name)``, ``is_interpretation(title, url)``
- ``interpretation_findings(pages) -> list[dict]`` (``interpretation_unlinked``)

Working days and the weekly rule live in :mod:`gongkai.workdays` (no audit dependency).
"""

from gongkai.audit.content.columns import (
    COLUMN_TYPES,
    ColumnLink,
    ListItem,
    ListPage,
    classify_column,
    column_findings,
    column_record,
    discover_columns,
    home_freshness,
    parse_list_page,
)
from gongkai.audit.content.dates import find_dates, page_pub_date, parse_date
from gongkai.audit.content.policy import (
    LinkedPage,
    interpretation_findings,
    is_interpretation,
    is_policy_column,
    policy_findings,
    policy_missing_fields,
)

__all__ = [
    "COLUMN_TYPES",
    "ColumnLink",
    "LinkedPage",
    "ListItem",
    "ListPage",
    "classify_column",
    "column_findings",
    "column_record",
    "discover_columns",
    "find_dates",
    "home_freshness",
    "interpretation_findings",
    "is_interpretation",
    "is_policy_column",
    "page_pub_date",
    "parse_date",
    "parse_list_page",
    "policy_findings",
    "policy_missing_fields",
]
