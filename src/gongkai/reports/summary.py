"""The summary sentences of a circular, written from the data the way the seeds write them.

Each function returns one finished Chinese sentence (or "" when there is nothing to say), so
the template only places them and a supervisor can check each against the tables.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from gongkai.reports.formatting import URL, chinese_date, format_number, join_names, official_punctuation
from gongkai.reports.model import Circular, PeriodScores, ProblemKind, RankedTable, Threshold

CHINESE_ORDINALS = "一二三四五六七八九十"


def chinese_ordinal(n: int) -> str:
    """1 -> "一", 12 -> "十二", 20 -> "二十" (section and item numbers go up to 99)."""
    if not 1 <= n <= 99:
        raise ValueError(f"序号超出范围：{n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_ORDINALS[tens - 1] + "十")
    return head + (CHINESE_ORDINALS[ones - 1] if ones else "")


def units_checked_sentence(period_label: str, tables: list[RankedTable]) -> str:
    """ "2021年2月，共检查44个单位，其中市直单位31个、镇（街道）13个。"""
    counts = [(t.category, len(t.rows)) for t in tables]
    total = sum(n for _, n in counts)
    sentence = f"{period_label}，共检查{total}个单位"
    if len(counts) > 1:
        sentence += "，其中" + "、".join(f"{category}{n}个" for category, n in counts)
    return sentence + "。"


def items_published_sentence(total: int | None, breakdown: list[tuple[str, int]]) -> str:
    """ "共发布各类信息2315条，其中镇办报送信息132条、部门报送信息528条。" (seed 002)."""
    if total is None:
        return ""
    sentence = f"共发布各类信息{total}条"
    if breakdown:
        sentence += "，其中" + "、".join(f"{what}{n}条" for what, n in breakdown)
    return sentence + "。"


def _with_ties(ordered: list[tuple[str, float]], count: int) -> list[tuple[str, float]]:
    """The first ``count`` entries, extended by every entry tied with the last one taken."""
    if count <= 0 or not ordered:
        return []
    cut = ordered[min(count, len(ordered)) - 1][1]
    return [pair for i, pair in enumerate(ordered) if i < count or pair[1] == cut]


def best_units(table: RankedTable, count: int) -> list[str]:
    """The ``count`` best units (ties included), best first: by rank when the table has ranks
    (a vetoed unit, ranked last, is never among the best), else by score."""
    ordered = sorted(table.standing(), key=lambda p: -p[1])
    return [name for name, _ in _with_ties(ordered, count)]


def worst_units(table: RankedTable, count: int, exclude: Collection[str] = ()) -> list[str]:
    """The ``count`` worst units (ties included), in table order, never one of ``exclude``."""
    standing = [p for p in table.standing() if p[0] not in exclude]
    taken = {name for name, _ in _with_ties(sorted(standing, key=lambda p: p[1]), count)}
    return [name for name, _ in standing if name in taken]


def capped_names(names: list[str], cap: int | None) -> str:
    """ "A、B、C" or, with more than ``cap`` names, the first ``cap`` and "等N个单位" (N counts
    them all): "A、B、C、D、E等27个单位"."""
    if cap is None or cap <= 0 or len(names) <= cap:
        return "、".join(names)
    return "、".join(names[:cap]) + f"等{len(names)}个单位"


def best_worst_sentence(
    tables: list[RankedTable], best_count: int, worst_count: int, cap: int | None = None
) -> str:
    """ "表现较好的单位有：A、B和C、D；表现较差的单位有：E和F。" (seed 000).

    Units of one category are joined with "、", categories with "和", as seed 000 does. When many
    units tie, at most ``cap`` are named per category, in table order, then "等N个单位".
    """
    best_groups, worst_groups = [], []
    for table in tables:
        best = best_units(table, best_count)
        worst = worst_units(table, worst_count, exclude=best)
        if best:
            best_groups.append(capped_names(best, cap))
        if worst:
            worst_groups.append(capped_names(worst, cap))
    parts = []
    if best_groups:
        parts.append("表现较好的单位有：" + join_names(best_groups))
    if worst_groups:
        parts.append("表现较差的单位有：" + join_names(worst_groups))
    return "；".join(parts) + "。" if parts else ""


def change_phrase(current: int, previous: int, relation: str) -> str:
    """ "同比增加2个" / "环比减少1个" / "同比持平"."""
    if current > previous:
        return f"{relation}增加{current - previous}个"
    if current < previous:
        return f"{relation}减少{previous - current}个"
    return f"{relation}持平"


# the placeholders of a threshold template: what the office's own wording may say
TEMPLATE_FIELDS = {
    "category": "类别",
    "minimum": "分数线",
    "count": "达到分数线的单位数",
    "change": "与比较对象相比的变化，如“同比增加2个”",
    "names": "达到分数线的单位名称，按得分排序，用“、”分开",
}
_CHANGE = re.compile(r"[，,]?\{change\}")


def template_sentence(threshold: Threshold, above: list[tuple[str, float]], change: str) -> str:
    """``threshold.template`` filled in (seed 001's "考核较好的市州（85分以上，按得分排序）为：{names}。").
    Without a comparison, "{change}" goes with the comma before it; a template naming the units
    says nothing when no unit reaches the line."""
    template = threshold.template
    if "{names}" in template and not above:
        return ""
    if not change:
        template = _CHANGE.sub("", template)
    return template.format(
        category=threshold.category,
        minimum=format_number(threshold.minimum),
        count=len(above),
        change=change,
        names="、".join(u for u, _ in above),
    )


def threshold_sentence(
    threshold: Threshold, current: dict[str, dict[str, float]], previous: PeriodScores | None
) -> str:
    """ "得分80分以上的市州有12个，同比增加2个。" (seed 001); "以上" includes the threshold itself.
    With ``name_above`` the names follow in score order: "…，同比增加2个：武威市、庆阳市…。".
    With a ``template`` the sentence is the office's wording, filled in (:func:`template_sentence`)."""
    scores = current.get(threshold.category, {})
    above = sorted(((u, s) for u, s in scores.items() if s >= threshold.minimum), key=lambda p: -p[1])
    change = ""
    if previous is not None and threshold.category in previous.scores:
        before = sum(1 for s in previous.scores[threshold.category].values() if s >= threshold.minimum)
        change = change_phrase(len(above), before, previous.relation)
    if threshold.template:
        return template_sentence(threshold, above, change)
    minimum = format_number(threshold.minimum)
    if above:
        sentence = f"得分{minimum}分以上的{threshold.noun}有{len(above)}个"
    else:
        sentence = f"没有得分{minimum}分以上的{threshold.noun}"
    if change:
        sentence += "，" + change
    if threshold.name_above and above:
        sentence += "：" + "、".join(u for u, _ in above)
    return sentence + "。"


def zero_submission_sentence(tables: list[RankedTable]) -> str:
    """ "其中16个单位为信息零报送（附件2）。" (seed 002), naming the attachments that list them."""
    total, attachments = 0, []
    for number, table in enumerate(tables, start=1):
        if table.count_column is None:
            continue
        i = table.column_index(table.count_column)
        zeros = sum(1 for row in table.rows if row[i] in (0, "0"))
        if zeros:
            total += zeros
            attachments.append(str(number))
    if not total:
        return ""
    return f"其中{total}个单位为信息零报送（附件{'、'.join(attachments)}）。"


_REMEDY = re.compile(r"[，,。；;]\s*请.*$", re.DOTALL)  # "，请及时更新。": the problem list says it
_URL = re.compile(r"[:：]?\s*" + URL.pattern)


def brief(example: str) -> str:
    """A finding's message as an example in the circular's body, written as an official document
    writes it: no URL (the problem list attachment has them), no remedy clause, full-width
    punctuation ("1,000" and "10:30" keep theirs), no closing mark (the sentence adds it).

    "文物局页面链接“会议材料.docx”无法打开:http://…/a.docx,服务器返回错误(HTTP 404)。请修复或删除该链接。"
    → "文物局页面链接“会议材料.docx”无法打开，服务器返回错误（HTTP 404）"."""
    text = official_punctuation(_URL.sub("", _REMEDY.sub("", example)))
    text = re.sub(r"（）", "", text)  # brackets emptied by the URL removal
    text = re.sub(r"([，：；])[，：；]+", r"\1", text)
    return text.strip(" \t\n。；，：")


def problem_paragraphs(problems: list[ProblemKind]) -> list[tuple[str, str]]:
    """(lead, text) per kind: "（一）栏目更新不及时（共12处）。" and its description and examples
    (each made :func:`brief`)."""
    paragraphs = []
    for n, problem in enumerate(problems, start=1):
        lead = f"（{chinese_ordinal(n)}）{problem.kind}（共{problem.count}处）。"
        text = problem.description
        examples = [b for b in map(brief, problem.examples) if b]
        if examples:
            text += "如：" + "；".join(examples) + "。"
        paragraphs.append((lead, text))
    return paragraphs


def deadline_sentence(circular: Circular) -> str:
    """ "请相关单位对照问题清单（附件3）逐项整改，于2019年6月10日前整改到位。" (seed 003)."""
    if circular.rectification_deadline is None:
        return ""
    where = ""
    if circular.unit_problems:
        where = f"对照问题清单（附件{len(circular.attachment_titles())}）逐项整改，"
    return f"请相关单位{where}于{chinese_date(circular.rectification_deadline)}前整改到位。"


def summary_paragraphs(circular: Circular) -> list[str]:
    """The paragraphs of 总体情况: counts, items published, best and worst, thresholds, zeros."""
    first = units_checked_sentence(circular.period_label, circular.tables)
    first += items_published_sentence(circular.items_published, circular.items_breakdown)
    first += best_worst_sentence(
        circular.tables, circular.best_count, circular.worst_count, circular.names_cap
    )
    paragraphs = [first]
    current = circular.current_scores()
    previous = circular.comparison()
    thresholds = "".join(threshold_sentence(t, current, previous) for t in circular.thresholds)
    if thresholds:
        paragraphs.append(thresholds)
    zeros = zero_submission_sentence(circular.tables)
    if zeros:
        paragraphs.append("从信息报送情况看，" + zeros)
    return paragraphs
