"""What a scheme may refer to: the finding kinds of the audit contract and the per-site facts.

Kept apart from the scheme loader so the list of kinds is one table that mirrors
``audit-contract.md`` (plus ``blocked``, which ``gongkai.audit.findings`` reports for firewall
answers).
"""

from __future__ import annotations

# finding kind -> the kind-specific fields a count may filter on (see audit-contract.md)
FINDING_FIELDS: dict[str, frozenset[str]] = {
    "broken_link": frozenset({"target", "status", "error", "text", "element", "home"}),
    "empty_column": frozenset({"column"}),
    "stale_column": frozenset({"column", "type", "newest", "window_days"}),
    "home_not_updated": frozenset({"newest"}),
    "typo": frozenset({"text", "suggestion", "severity", "context"}),
    "privacy": frozenset({"category", "text"}),
    "sensitive_word": frozenset({"text", "list"}),
    "missing_meta": frozenset({"name"}),
    "footer": frozenset({"missing"}),
    "policy_metadata": frozenset({"missing"}),
    "interpretation_unlinked": frozenset({"target"}),
    "site": frozenset({"check", "detail"}),
    "blocked": frozenset({"target", "status", "error", "text", "element", "home"}),
}
COMMON_FIELDS = frozenset({"page"})

# kinds that say something about the audit, not about the site (a crawler trap, a budget stop):
# absent from FINDING_FIELDS, so no scheme can score them; shown to the supervisor in review,
# never part of a unit's scoring input, problem counts or rectification problems
REVIEW_ONLY_KINDS = frozenset({"trap", "audit_incomplete"})

# per-site facts a scheme may use, with the Chinese name shown in traces
SITE_FACTS: dict[str, str] = {
    "probe_failed_percent": "首页探测失败次数占比（%）",
    "probes_total": "首页探测总次数",
    "probes_failed": "首页探测失败次数",
    "pages_crawled": "抓取页面数",
}

# fields of a finding copied into a trace reference so a person can find the problem again
REFERENCE_FIELDS = ("page", "target", "column", "type", "text", "name", "check", "severity", "newest")
