"""The one vocabulary of finding kinds: per kind, its Chinese label, the field that identifies
the problem on its page, the fields a scoring scheme may filter on, and whether it is a unit's
problem.

A kind that is not a unit's problem says something about our own audit (a firewall answer, a
crash in one of our checks, a crawler trap, a stop at a budget): it goes to the supervisor's
review and never to a unit, a score, a circular or a rectification problem, unless the
supervisor converts one finding ("认定为单位问题").

Every other module asks this one (audit-contract.md lists the contract's kinds; docs/schemes.md
the filterable fields). No Django here.
"""

from __future__ import annotations

from dataclasses import dataclass

# how a kind is identified on its page when it names no field
PAGE = ""  # by the page alone
MESSAGE = None  # by the finding's message

_LINK_FIELDS = frozenset({"target", "status", "error", "text", "element", "home"})


@dataclass(frozen=True, slots=True)
class Kind:
    code: str
    label: str
    identified_by: str | None  # a field name, PAGE, or MESSAGE
    fields: frozenset[str] | None  # fields a scheme may filter on; None: no scheme may count it
    units_problem: bool = True


KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind("broken_link", "链接不可用", "target", _LINK_FIELDS),
        Kind("empty_column", "空白栏目", "column", frozenset({"column", "type"})),
        Kind("stale_column", "栏目不更新", "column", frozenset({"column", "type", "newest", "window_days"})),
        Kind("home_not_updated", "首页不更新", PAGE, frozenset({"newest"})),
        Kind("typo", "错别字", "text", frozenset({"text", "suggestion", "severity", "context"})),
        Kind("privacy", "个人信息泄露", "text", frozenset({"category", "text"})),
        Kind("sensitive_word", "敏感词", "text", frozenset({"text", "list"})),
        Kind("missing_meta", "缺少页面标签", "name", frozenset({"name"})),
        Kind("footer", "页脚标识不全", PAGE, frozenset({"missing"})),
        Kind("policy_metadata", "政策文件要素缺失", PAGE, frozenset({"missing"})),
        Kind("interpretation_unlinked", "政策解读未关联", "target", frozenset({"target"})),
        Kind("site", "站点问题", "check", frozenset({"check", "detail"})),
        # the annual report on government information disclosure (rules.md §5)
        Kind("annual_report_missing", "未发布政府信息公开工作年度报告", "year", frozenset({"year"})),
        Kind(
            "annual_report_late", "年度报告未按时发布", "year", frozenset({"year", "published", "deadline"})
        ),
        Kind(
            "annual_report_identity",
            "年度报告表三数据不符合勾稽关系",
            "where",
            frozenset({"year", "where", "rule", "row", "column"}),
        ),
        Kind("annual_report_copied", "年度报告照搬上年", "year", frozenset({"year", "basis"})),
        Kind(
            "annual_report_mismatch",
            "年度报告与申请台账不一致",
            "cell",
            frozenset({"year", "cell", "row", "column"}),
        ),
        # a message the site's own message list shows unanswered for over 3 months (互动回应差)
        Kind("messages_unanswered", "留言超过3个月未回复", "title", frozenset({"title", "received"})),
        # the new-media register's check (registers.newmedia_services): records of the register,
        # not Finding rows of a site's audit, so no scheme counts them as findings
        Kind("newmedia_stale", "政务新媒体两周未更新", "account", None),
        Kind("newmedia_unfiled", "政务新媒体未备案", "account", None),
        # our own failures: reviewed by the supervisor, never a unit's problem unless converted
        # a link behind a wall (broken_link's fields), or the home page itself (监测受阻: check
        # "home", waf, detail; gongkai.audit.jsrender)
        Kind(
            "blocked",
            "监测受阻（被拦截无法检查）",
            MESSAGE,
            _LINK_FIELDS | {"check", "waf", "detail"},
            units_problem=False,
        ),
        Kind("page_error", "页面检查出错", MESSAGE, None, units_problem=False),
        Kind("trap", "疑似爬虫陷阱（检查不完整，不计分）", MESSAGE, None, units_problem=False),
        Kind(
            "annual_report_unreadable",
            "年度报告表格无法读取（须人工核对，不计分）",
            "year",
            None,
            units_problem=False,
        ),
        Kind("audit_incomplete", "检查未完成（达到上限或中止，不计分）", MESSAGE, None, units_problem=False),
    )
}

# kinds a scoring scheme may count, with their filterable fields
SCORABLE_FIELDS: dict[str, frozenset[str]] = {
    k.code: k.fields for k in KINDS.values() if k.fields is not None
}
# kinds that are never a unit's problem unless the supervisor converts a finding
REVIEW_ONLY_KINDS: frozenset[str] = frozenset(k.code for k in KINDS.values() if not k.units_problem)


def kind_label(kind: str) -> str:
    """The Chinese label of a kind (the code itself for a kind this vocabulary does not know)."""
    known = KINDS.get(kind)
    return known.label if known else kind


def is_units_problem(kind: str) -> bool:
    """Whether findings of this kind are the unit's problem (unknown kinds: yes, as before)."""
    known = KINDS.get(kind)
    return known.units_problem if known else True


def identified_by(kind: str) -> str | None:
    """The field naming the problem on its page, PAGE ("") or MESSAGE (None, also for unknown kinds)."""
    known = KINDS.get(kind)
    return known.identified_by if known else MESSAGE
