"""What makes two findings "the same problem" across audit runs.

A finding is identified by its kind, the page it was seen on and the one kind-specific field
that names the problem on that page (the broken link's target, the misspelt text, the missing
tag...). Dismissals add the page fingerprint (``page_hash``) so that they lapse when the page
changes; verification of a fixed problem deliberately ignores it (a fixed page has changed).

Pure functions on the contract's JSON: no Django here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

# kind -> the field that identifies the problem on its page (audit-contract.md); kinds absent
# here are identified by their page alone, unknown kinds by their message.
IDENTIFYING_FIELD: dict[str, str] = {
    "broken_link": "target",
    "interpretation_unlinked": "target",
    "typo": "text",
    "privacy": "text",
    "sensitive_word": "text",
    "missing_meta": "name",
    "empty_column": "column",
    "stale_column": "column",
    "site": "check",
}
PAGE_ONLY_KINDS = frozenset({"home_not_updated", "footer", "policy_metadata"})

KIND_LABELS: dict[str, str] = {
    "broken_link": "链接不可用",
    "empty_column": "空白栏目",
    "stale_column": "栏目不更新",
    "home_not_updated": "首页不更新",
    "typo": "错别字",
    "privacy": "隐私信息",
    "sensitive_word": "敏感词",
    "missing_meta": "缺少元数据",
    "footer": "网站标识缺失",
    "policy_metadata": "政策文件要素缺失",
    "interpretation_unlinked": "政策解读未关联",
    "site": "网站整体问题",
    "trap": "疑似爬虫陷阱（检查不完整，不计分）",
    "audit_incomplete": "检查未完成（达到上限或中止，不计分）",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def identifying_value(kind: str, data: Mapping[str, Any], message: str = "") -> str:
    """The value of the kind's identifying field ("" for kinds identified by the page alone)."""
    if kind in PAGE_ONLY_KINDS:
        return ""
    field = IDENTIFYING_FIELD.get(kind)
    if field is None:
        return message
    value = data.get(field)
    return "" if value is None else str(value)


def finding_key(kind: str, page: str, ident: str) -> str:
    """A fixed-length digest of (kind, page, identifying value): URLs can be longer than an
    index allows, the digest is not."""
    raw = json.dumps([kind, page, ident], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def page_hash_of(data: Mapping[str, Any]) -> str:
    """The page fingerprint the audit engine attaches to a finding ("" when it has none)."""
    value = data.get("page_hash")
    return "" if value is None else str(value)
