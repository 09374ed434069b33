"""The settings a circular is written with: the period's CircularSettings, else its region's (or
an enclosing region's), else built-in defaults worded like the seeds."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from gongkai.assessment.models import Period
from gongkai.circulars.models import CircularSettings
from gongkai.registry.models import Region
from gongkai.reports import DOCUMENT, Threshold
from gongkai.reports.summary import TEMPLATE_FIELDS
from gongkai.workdays import add_workdays

RECTIFICATION_WORKDAYS = 15
TABLE_TITLE = "{period}{category}政府网站和政务公开检查情况"
TEXT_FIELDS = (
    "issuing_office",
    "document_number",
    "title",
    "recipients",
    "cc",
    "contact",
    "table_title",
    "notes",
    "requirements",
    "thresholds",
    "disclosure_note",
    "comparison",
    "form",
    "bulletin_name",
    "send_to",
    "distribute_to",
    "signed_by",
    "reviewed_by",
    "edited_by",
)
VALUE_FIELDS = (
    "date",
    "rectification_workdays",
    "rectification_deadline",
    "best_count",
    "worst_count",
    "names_cap",
    "issue_number",
)
BEST_COUNT, WORST_COUNT, NAMES_CAP = 2, 1, 5
BULLETIN_NAME = "政务公开工作"
LIST_WORD = "名单"  # a threshold line ending in 名单 also names the units: "市州 85 名单"


class SettingsError(ValueError):
    """A CircularSettings value that cannot be used; the message is Chinese."""


@dataclass
class Resolved:
    issuing_office: str
    document_number: str
    title: str
    recipients: str
    cc: str
    contact: str
    date: date | None
    table_title: str
    notes: list[str]
    requirements: list[str]
    thresholds: list[Threshold]
    rectification_deadline: date
    disclosure_note: str
    best_count: int = BEST_COUNT
    worst_count: int = WORST_COUNT
    names_cap: int | None = NAMES_CAP
    comparison: str = ""
    form: str = DOCUMENT
    bulletin_name: str = BULLETIN_NAME
    issue_number: int | None = None
    send_to: str = ""
    distribute_to: str = ""
    signed_by: str = ""
    reviewed_by: str = ""
    edited_by: str = ""
    evidence_screenshots: bool = True  # the notices print the audits' screenshots


def period_label(period: Period) -> str:
    """ "2021年2月", "2021年第二季度", "2021年度"; a spot check is called by its name."""
    start = period.start
    if period.kind == Period.Kind.MONTHLY:
        return f"{start.year}年{start.month}月"
    if period.kind == Period.Kind.QUARTERLY:
        return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
    if period.kind == Period.Kind.YEARLY:
        return f"{start.year}年度"
    return period.name


def level_word(region: Region) -> str:
    """县, 市 or 区: how the seeds call the government issuing the circular (县政府各部门)."""
    for word in ("县", "区", "市", "旗", "州", "省"):
        if region.name.endswith(word):
            return word
    return "县"


def _chain(period: Period) -> list[CircularSettings]:
    """The settings that apply, nearest first: the period's, then its region's and the regions above."""
    chain = list(CircularSettings.objects.filter(period=period))
    region: Region | None = period.region
    while region is not None:
        chain += list(CircularSettings.objects.filter(region=region))
        region = region.parent
    return chain


def form_of(period: Period) -> str:
    """The form the period's circular takes (document or bulletin), without resolving the rest."""
    return next((s.form for s in _chain(period) if s.form), DOCUMENT)


def evidence_screenshots_of(period: Period) -> bool:
    """Whether the notices print the audits' screenshots: a yes/no has no blank, so the nearest
    settings decide (the period's, else its region's or an enclosing one's), else yes."""
    return next((s.evidence_screenshots for s in _chain(period)), True)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def check_template(line: str, template: str) -> str:
    """A threshold line's own wording, its placeholders checked (a Chinese SettingsError names the line)."""
    known = "、".join(f"{{{name}}}（{what}）" for name, what in TEMPLATE_FIELDS.items())
    try:
        fields = [field for _, field, spec, _ in string.Formatter().parse(template) if field is not None]
    except ValueError:
        raise SettingsError(f"分数线“{line}”的句式中花括号不成对；可用：{known}。") from None
    for field in fields:
        if field not in TEMPLATE_FIELDS:
            raise SettingsError(f"分数线“{line}”的句式中“{{{field}}}”无法填写；可用：{known}。")
    return template


def parse_thresholds(text: str, categories: list[str]) -> list[Threshold]:
    """ "镇办 10" lines -> Threshold("镇办", 10); "市州 85 名单" also names the units (seed 001);
    "市州 85 | 考核较好的市州（85分以上，按得分排序）为：{names}。" writes the office's own sentence
    (seed 001's wording); a Chinese SettingsError names the bad line."""
    thresholds = []
    for line in _lines(text):
        words, bar, template = line.replace("｜", "|").partition("|")
        template = check_template(line, template.strip()) if bar else ""
        if bar and not template:
            raise SettingsError(f"分数线“{line}”的“|”后面应写句式，如“考核较好的市州为：{{names}}。”。")
        words = words.replace("\u3000", " ").strip()
        name_above = words.endswith(LIST_WORD)
        if name_above:
            words = words.removesuffix(LIST_WORD)
        category, _, number = words.strip().rpartition(" ")
        category = category.strip()
        try:
            minimum = Decimal(number)
        except InvalidOperation:
            minimum = None
        if not category or minimum is None:
            raise SettingsError(
                f"分数线“{line}”应写成“类别 分数”，如“镇办 10”（列出单位名称时写“镇办 10 名单”）。"
            )
        if category not in categories:
            raise SettingsError(
                f"分数线“{line}”中的类别“{category}”不在本期的类别（{'、'.join(categories)}）中。"
            )
        value = int(minimum) if minimum == minimum.to_integral_value() else float(minimum)
        thresholds.append(
            Threshold(
                category=category, minimum=value, noun=category, name_above=name_above, template=template
            )
        )
    return thresholds


def resolve(period: Period, categories: list[str], pass_mark: Decimal | None = None) -> Resolved:
    chain = _chain(period)
    chosen: dict[str, object] = {}
    for name in TEXT_FIELDS + VALUE_FIELDS:
        chosen[name] = next((getattr(s, name) for s in chain if getattr(s, name) not in ("", None)), None)
    label = period_label(period)
    word = level_word(period.region)
    deadline = chosen["rectification_deadline"] or add_workdays(
        period.check_date, chosen["rectification_workdays"] or RECTIFICATION_WORKDAYS, estimate=True
    )
    if chosen["thresholds"]:
        thresholds = parse_thresholds(str(chosen["thresholds"]), categories)
    elif pass_mark is not None:
        minimum = int(pass_mark) if pass_mark == pass_mark.to_integral_value() else float(pass_mark)
        thresholds = [Threshold(category=c, minimum=minimum, noun=f"{c}单位") for c in categories]
    else:
        thresholds = []
    requirements = _lines(str(chosen["requirements"] or "")) or [
        "落实整改责任。各单位要对照问题清单逐项整改，建立整改台账，明确责任人和完成时限，"
        "确保问题整改到位，整改情况及时报送。",
        "加强日常监管。各单位要严格落实信息发布审核制度，加强网站内容保障，做好栏目更新，"
        "确保政务信息发布及时、准确、规范。",
    ]
    return Resolved(
        issuing_office=str(chosen["issuing_office"] or f"{period.region.name}人民政府办公室"),
        document_number=str(chosen["document_number"] or ""),
        title=str(chosen["title"] or f"关于{label}政府网站和政务公开检查情况的通报"),
        recipients=str(chosen["recipients"] or f"各乡镇人民政府（街道办事处），{word}政府各部门，各有关单位"),
        cc=str(chosen["cc"] or ""),
        contact=str(chosen["contact"] or ""),
        date=chosen["date"],  # type: ignore[arg-type]
        table_title=str(chosen["table_title"] or TABLE_TITLE),
        notes=_lines(str(chosen["notes"] or "")),
        requirements=requirements,
        thresholds=thresholds,
        rectification_deadline=deadline,  # type: ignore[arg-type]
        disclosure_note=str(chosen["disclosure_note"] or ""),
        best_count=BEST_COUNT if chosen["best_count"] is None else int(chosen["best_count"]),  # type: ignore[call-overload]
        worst_count=WORST_COUNT if chosen["worst_count"] is None else int(chosen["worst_count"]),  # type: ignore[call-overload]
        names_cap=NAMES_CAP if chosen["names_cap"] is None else int(chosen["names_cap"]) or None,  # type: ignore[call-overload]
        comparison=str(chosen["comparison"] or ""),
        form=str(chosen["form"] or DOCUMENT),
        bulletin_name=str(chosen["bulletin_name"] or BULLETIN_NAME),
        issue_number=chosen["issue_number"],  # type: ignore[arg-type]
        send_to=str(chosen["send_to"] or ""),
        distribute_to=str(chosen["distribute_to"] or ""),
        signed_by=str(chosen["signed_by"] or ""),
        reviewed_by=str(chosen["reviewed_by"] or ""),
        edited_by=str(chosen["edited_by"] or ""),
        evidence_screenshots=next((s.evidence_screenshots for s in chain), True),  # evidence_screenshots_of
    )
