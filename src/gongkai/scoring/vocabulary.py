"""What a scheme may refer to: the finding kinds of the audit contract and the per-site facts.

The kinds and their fields come from ``gongkai.audit.kinds``, the one vocabulary of finding kinds.
"""

from __future__ import annotations

from gongkai.audit.kinds import SCORABLE_FIELDS

# finding kind -> the kind-specific fields a count may filter on: from the one vocabulary
FINDING_FIELDS = SCORABLE_FIELDS
COMMON_FIELDS = frozenset({"page"})

# per-site facts a scheme may use, with the Chinese name shown in traces
SITE_FACTS: dict[str, str] = {
    "probe_failed_percent": "首页探测失败次数占比（%）",
    "probes_total": "首页探测总次数",
    "probes_failed": "首页探测失败次数",
    "pages_crawled": "抓取页面数",
    # what the audit read, so a scheme scores an item from its findings only when there was
    # something to find them on (seed 004's 动态要闻, 文件完整性, 解读关联)
    "dynamic_columns": "检查读到的动态要闻类栏目数",
    "policy_files": "检查读到的政策文件页面数",
    "interpretations": "检查读到的政策解读页面数",
}
# site facts read from the audit result's "site" object (summed over a unit's sites)
AUDIT_SITE_FACTS = ("policy_files", "interpretations")

# fields of a finding copied into a trace reference so a person can find the problem again
REFERENCE_FIELDS = ("page", "target", "column", "type", "text", "name", "check", "severity", "newest")
