"""The indicator scheme: loading a YAML file into a validated model.

A scheme is written and read by supervisors (docs/schemes.md), so every mistake is reported in
Chinese with the file and the indicator path, all mistakes at once, before anything is scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from gongkai.scoring.expr import Expression, ExpressionError
from gongkai.scoring.numbers import fmt, to_decimal
from gongkai.scoring.vocabulary import COMMON_FIELDS, FINDING_FIELDS, SITE_FACTS
from gongkai.scoring.weekly import WeeklyRule, parse_start

GROUP, MANUAL, FORMULA, DEDUCT = "group", "manual", "formula", "deduct"
VETO_EFFECTS = ("fail", "zero")

_SCHEME_KEYS = {
    "id",
    "name",
    "source",
    "note",
    "categories",
    "units",
    "total",
    "decimals",
    "pass_mark",
    "bonus_above",
    "rescale",
    "rank_by",
    "zero_shares_last_rank",
    "metrics",
    "counts",
    "site",
    "indicators",
    "bonus",
    "penalties",
    "vetoes",
    "weekly_misses",
    "table_columns",
}
TOTAL_COLUMN = "total"  # the table_columns key of the total column
_INDICATOR_KEYS = {
    "id",
    "name",
    "points",
    "children",
    "manual",
    "formula",
    "deduct",
    "sum",
    "applies_to",
    "note",
    "manual_when",
    "manual_reason",
    "evidence",
}
_RULE_KEYS = {"name", "each", "of", "formula", "note"}


class SchemeError(ValueError):
    """An invalid scheme; ``errors`` lists every problem as a Chinese sentence naming its place."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Metric:
    """An imported number (an input column, or a count an assessor enters)."""

    name: str
    description: str = ""
    default: Decimal | None = None  # None: required


@dataclass(frozen=True, slots=True)
class Count:
    """A number of audit findings of one kind matching field filters (a list value means "any of")."""

    name: str
    kind: str
    filters: Mapping[str, Any] = field(default_factory=dict)

    def matches(self, finding: Mapping[str, Any]) -> bool:
        if finding.get("kind") != self.kind:
            return False
        for key, wanted in self.filters.items():
            value = finding.get(key)
            if isinstance(wanted, list):
                if value not in wanted:
                    return False
            elif value != wanted:
                return False
        return True


@dataclass(frozen=True, slots=True)
class Rule:
    """One way of losing (or, for penalties, of having taken off) points: an amount formula."""

    id: str
    name: str
    formula: Expression
    note: str = ""


@dataclass(slots=True)
class Indicator:
    id: str
    name: str
    path: str  # names from the root, joined by " / "
    kind: str  # GROUP, MANUAL, FORMULA or DEDUCT
    points: Decimal | None
    children: list[Indicator] = field(default_factory=list)
    formula: Expression | None = None
    rules: list[Rule] = field(default_factory=list)
    free_sum: bool = False
    applies_to: tuple[str, ...] | None = None
    note: str = ""
    # a formula item with ``manual_when``: scored by hand while the condition holds (no data for
    # the formula), and an assessor's entry overrides the formula at any time
    manual_when: Expression | None = None
    manual_reason: str = ""
    # ``evidence: true`` (on the item or a group above it): the unit must upload 佐证材料 for it
    # by the period's deadline, or the item counts as absent (seed 004: 逾期未报视为无相关工作内容)
    evidence: bool = False

    @property
    def accepts_manual(self) -> bool:
        """Whether an assessor may enter points for this item."""
        return self.kind == MANUAL or self.manual_when is not None

    def walk(self) -> Iterator[Indicator]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Veto:
    id: str
    name: str
    when: Expression
    effect: str  # "fail": 不合格, total 0; "zero": the scope (or the whole total) scores 0
    scope: str | None = None
    note: str = ""


@dataclass(slots=True)
class Scheme:
    id: str
    name: str
    source: str
    indicators: list[Indicator]
    metrics: dict[str, Metric] = field(default_factory=dict)
    counts: dict[str, Count] = field(default_factory=dict)
    site: dict[str, str] = field(default_factory=dict)  # name in formulas -> SITE_FACTS key
    categories: tuple[str, ...] = ()
    units: dict[str, tuple[str, ...]] = field(default_factory=dict)  # category -> official unit list
    total: Decimal | None = None
    decimals: int = 2
    pass_mark: Decimal | None = None
    bonus_above: Decimal | None = None
    rescale: bool = True
    rank_by: Expression | None = None
    zero_shares_last_rank: bool = False
    bonus: list[Indicator] = field(default_factory=list)
    bonus_cap: Decimal | None = None
    penalties: list[Rule] = field(default_factory=list)
    vetoes: list[Veto] = field(default_factory=list)
    # seed 003's weekly rule: a metric filled from the audit's weekly data, from a start date
    weekly: WeeklyRule | None = None
    note: str = ""
    file: str = ""
    # the circular's attachment table, as the seed prints it: source (a metric name, an indicator
    # id, or "total") -> column header, in the printed order; empty: the default columns
    table_columns: dict[str, str] = field(default_factory=dict)

    def all_indicators(self) -> Iterator[Indicator]:
        for top in (*self.indicators, *self.bonus):
            yield from top.walk()

    def evidence_items(self) -> list[Indicator]:
        """The leaf items the units must give evidence (佐证材料) for, in the scheme's order."""
        return [node for node in self.all_indicators() if node.evidence and not node.children]

    def indicator(self, indicator_id: str) -> Indicator:
        for node in self.all_indicators():
            if node.id == indicator_id:
                return node
        raise KeyError(indicator_id)

    def unit_category(self, unit: str) -> str | None:
        for category, names in self.units.items():
            if unit in names:
                return category
        return None


# ---------------------------------------------------------------------------------------------
def builtin_dir() -> Path:
    return Path(str(resources.files("gongkai.scoring") / "schemes"))


def builtin_ids() -> list[str]:
    """Ids of the schemes shipped with gongkai (file names in scoring/schemes/)."""
    return sorted(path.stem for path in builtin_dir().glob("*.yaml"))


def load_scheme(ref: str | Path) -> Scheme:
    """Load a built-in scheme by id, or a scheme file by path; raises SchemeError (Chinese)."""
    text_ref = str(ref)
    path = Path(text_ref)
    if not text_ref.endswith((".yaml", ".yml")):
        path = builtin_dir() / f"{text_ref}.yaml"
        if not path.is_file():
            raise SchemeError([f"没有编号为“{text_ref}”的内置方案；可用的方案：{'、'.join(builtin_ids())}"])
    if not path.is_file():
        raise SchemeError([f"方案文件 {path} 不存在"])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SchemeError([f"方案文件 {path}：不是有效的 UTF-8 YAML（{exc}）"]) from None
    return parse_scheme(data, str(path))


def parse_scheme(data: Any, file: str = "<方案>") -> Scheme:
    """Build and validate a scheme from parsed YAML; raises SchemeError listing every problem."""
    return _Loader(file).load(data)


class _Loader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.evidence_depth = 0  # > 0 while reading the children of an ``evidence: true`` group

    def error(self, place: str, message: str) -> None:
        self.errors.append(f"方案文件 {self.file}：{place}：{message}")

    # top level ---------------------------------------------------------------------------
    def load(self, data: Any) -> Scheme:
        if not isinstance(data, dict):
            raise SchemeError([f"方案文件 {self.file}：顶层必须是键值表（id、name、indicators …）"])
        for key in sorted(set(data) - _SCHEME_KEYS):
            self.error("顶层", f"未知的键“{key}”")
        scheme = Scheme(
            id=str(data.get("id") or ""),
            name=str(data.get("name") or ""),
            source=str(data.get("source") or ""),
            indicators=[],
            note=str(data.get("note") or ""),
            file=self.file,
        )
        if not scheme.id or not scheme.name:
            self.error("顶层", "必须给出 id 和 name")
        scheme.metrics = self._metrics(data.get("metrics") or {})
        scheme.counts = self._counts(data.get("counts") or {})
        scheme.site = self._site(data.get("site") or {})
        names = set(scheme.metrics) | set(scheme.counts) | set(scheme.site)
        self._check_unique_names(scheme)
        scheme.categories = tuple(str(c) for c in data.get("categories") or ())
        scheme.units = self._units(data.get("units") or {})
        scheme.total = self._number(data.get("total"), "顶层 total")
        decimals = data.get("decimals", 2)
        if isinstance(decimals, int) and not isinstance(decimals, bool) and 0 <= decimals <= 6:
            scheme.decimals = decimals
        else:
            self.error("顶层 decimals", f"“{decimals}”应为 0 至 6 的整数")
        scheme.pass_mark = self._number(data.get("pass_mark"), "顶层 pass_mark")
        scheme.bonus_above = self._number(data.get("bonus_above"), "顶层 bonus_above")
        scheme.rescale = bool(data.get("rescale", True))
        scheme.zero_shares_last_rank = bool(data.get("zero_shares_last_rank", False))
        if data.get("rank_by") is not None:
            scheme.rank_by = self._expression(data["rank_by"], "排名依据 rank_by", names)
        indicators = data.get("indicators")
        if not isinstance(indicators, list) or not indicators:
            self.error("顶层", "indicators 必须是非空列表")
            indicators = []
        scheme.indicators = self._indicator_list(indicators, "", (), names)
        if scheme.total is not None:
            self._check_sum(scheme.total, scheme.indicators, "顶层 total（基础分）")
        scheme.bonus, scheme.bonus_cap = self._bonus(data.get("bonus"), names)
        scheme.penalties = [
            self._rule(raw, f"扣分项 penalties 第 {i} 项", f"penalty.{i}", names)
            for i, raw in enumerate(_as_list(data.get("penalties"), self, "penalties"), 1)
        ]
        scheme.vetoes = self._vetoes(data.get("vetoes"), names)
        scheme.weekly = self._weekly(data.get("weekly_misses"), scheme.metrics)
        scheme.table_columns = self._table_columns(data.get("table_columns"), scheme)
        if self.errors:
            raise SchemeError(self.errors)
        return scheme

    def _table_columns(self, raw: Any, scheme: Scheme) -> dict[str, str]:
        """``table_columns: {公共服务: 公共服务得分, …, total: 总分}``: each key a metric name, an
        indicator id or ``total``; each value the header the circular's table prints."""
        if raw is None:
            return {}
        if not isinstance(raw, dict) or not raw:
            self.error("table_columns", "必须是“数据项名称或指标编号: 表头”的非空键值表")
            return {}
        known = set(scheme.metrics) | {node.id for node in scheme.all_indicators()} | {TOTAL_COLUMN}
        columns = {}
        for key, header in raw.items():
            if str(key) not in known:
                self.error("table_columns", f"“{key}”不是本方案的数据项、指标编号或 {TOTAL_COLUMN}")
            elif not isinstance(header, str) or not header.strip():
                self.error("table_columns", f"“{key}”的表头必须是非空文字")
            else:
                columns[str(key)] = header.strip()
        if TOTAL_COLUMN not in raw:
            self.error("table_columns", f"必须列出总分列（{TOTAL_COLUMN}: 表头），通报按它排序和统计")
        reserved = sorted({"单位名称", "排名"} & set(columns.values()))
        if reserved:
            self.error("table_columns", f"表头“{'、'.join(reserved)}”由通报自动生成，请勿重复列出")
        if len(set(columns.values())) < len(columns):
            self.error("table_columns", "表头不能重复")
        return columns

    def _metrics(self, raw: Any) -> dict[str, Metric]:
        if not isinstance(raw, dict):
            self.error("metrics", "必须是“名称: 说明”的键值表")
            return {}
        metrics = {}
        for name, spec in raw.items():
            if isinstance(spec, dict):
                unknown = set(spec) - {"description", "default"}
                if unknown:
                    self.error(f"数据项“{name}”", f"未知的键 {sorted(unknown)}")
                default = self._number(spec.get("default"), f"数据项“{name}”的 default")
                metrics[str(name)] = Metric(str(name), str(spec.get("description") or ""), default)
            else:
                metrics[str(name)] = Metric(str(name), str(spec or ""))
        return metrics

    def _counts(self, raw: Any) -> dict[str, Count]:
        if not isinstance(raw, dict):
            self.error("counts", "必须是“名称: {kind: …}”的键值表")
            return {}
        counts = {}
        for name, spec in raw.items():
            place = f"问题计数“{name}”"
            if not isinstance(spec, dict) or "kind" not in spec:
                self.error(place, "必须写明 kind（问题类型）")
                continue
            kind = str(spec["kind"])
            if kind not in FINDING_FIELDS:
                self.error(place, f"未知的问题类型“{kind}”；可用类型：{'、'.join(FINDING_FIELDS)}")
                continue
            filters = {k: v for k, v in spec.items() if k != "kind"}
            for key in sorted(set(filters) - FINDING_FIELDS[kind] - COMMON_FIELDS):
                self.error(place, f"问题类型 {kind} 没有字段“{key}”")
            counts[str(name)] = Count(str(name), kind, filters)
        return counts

    def _weekly(self, raw: Any, metrics: Mapping[str, Metric]) -> WeeklyRule | None:
        if raw is None:
            return None
        place = "每周更新 weekly_misses"
        if not isinstance(raw, dict) or not raw.get("metric"):
            self.error(place, "必须写成 {metric: 数据名, from: 起始日期（MM-DD 或 YYYY-MM-DD）}")
            return None
        for key in sorted(set(raw) - {"metric", "from", "note"}):
            self.error(place, f"未知的键“{key}”")
        metric = str(raw["metric"])
        if metric not in metrics:
            self.error(place, f"metric“{metric}”须是 metrics 中声明的数据")
        try:
            month, day, year = parse_start(str(raw.get("from") or "01-01"))
        except (TypeError, ValueError):
            self.error(place, f"from“{raw.get('from')}”应为 MM-DD（每年的该日）或 YYYY-MM-DD")
            return None
        return WeeklyRule(metric, month, day, year)

    def _site(self, raw: Any) -> dict[str, str]:
        if not isinstance(raw, dict):
            self.error("site", "必须是“名称: 站点数据键”的键值表")
            return {}
        site = {}
        for name, key in raw.items():
            if key not in SITE_FACTS:
                self.error(f"站点数据“{name}”", f"未知的站点数据“{key}”；可用：{'、'.join(SITE_FACTS)}")
            site[str(name)] = str(key)
        return site

    def _check_unique_names(self, scheme: Scheme) -> None:
        seen: dict[str, str] = {}
        for section, names in (("metrics", scheme.metrics), ("counts", scheme.counts), ("site", scheme.site)):
            for name in names:
                if name in seen:
                    self.error(f"名称“{name}”", f"在 {seen[name]} 和 {section} 中重复")
                seen[name] = section
                try:
                    if Expression(name).names != {name}:
                        raise ExpressionError(name)
                except ExpressionError:
                    self.error(
                        f"名称“{name}”",
                        "不能用作公式中的名称（只可含汉字、字母、数字和下划线，且不以数字开头）",
                    )

    def _units(self, raw: Any) -> dict[str, tuple[str, ...]]:
        if not isinstance(raw, dict):
            self.error("units", "必须是“类别: [单位, …]”的键值表")
            return {}
        units = {str(category): tuple(str(u) for u in names or ()) for category, names in raw.items()}
        seen: set[str] = set()
        for category, names in units.items():
            for unit in names:
                if unit in seen:
                    self.error(f"单位名单“{category}”", f"单位“{unit}”重复")
                seen.add(unit)
        return units

    # indicators --------------------------------------------------------------------------
    def _indicator_list(
        self, raw: list, parent_id: str, parent_path: tuple[str, ...], names: set[str]
    ) -> list[Indicator]:
        result = []
        for index, item in enumerate(raw, 1):
            default_id = f"{parent_id}.{index}" if parent_id else str(index)
            node = self._indicator(item, default_id, parent_path, names)
            if node is not None:
                result.append(node)
        return result

    def _indicator(
        self, raw: Any, default_id: str, parent_path: tuple[str, ...], names: set[str]
    ) -> Indicator | None:
        if not isinstance(raw, dict) or not raw.get("name"):
            self.error(
                f"指标 {default_id}（上级：{' / '.join(parent_path) or '顶层'}）", "每个指标必须有 name"
            )
            return None
        name = str(raw["name"])
        path = (*parent_path, name)
        ident = str(raw.get("id") or default_id)
        place = f"指标“{' / '.join(path)}”（{ident}）"
        for key in sorted(set(raw) - _INDICATOR_KEYS):
            self.error(place, f"未知的键“{key}”")
        if ident in self.ids:
            self.error(place, f"编号“{ident}”重复")
        self.ids.add(ident)
        kinds = [k for k in ("children", "manual", "formula", "deduct") if raw.get(k) not in (None, False)]
        if len(kinds) != 1:
            self.error(place, "必须且只能有 children、manual、formula、deduct 之一")
            return None
        points = self._number(raw.get("points"), place + " 的分值")
        if points is not None and points < 0:
            self.error(place, "分值不能为负")
        node = Indicator(
            id=ident,
            name=name,
            path=" / ".join(path),
            kind=GROUP,
            points=points,
            free_sum=raw.get("sum") == "free",
            note=str(raw.get("note") or ""),
        )
        if raw.get("sum") not in (None, "free", "children"):
            self.error(place, "sum 只能是 free 或 children")
        if raw.get("evidence") not in (None, True, False):
            self.error(place, "evidence 只能是 true 或 false")
        elif raw.get("evidence") or self.evidence_depth:
            node.evidence = True
        if raw.get("applies_to") is not None:
            node.applies_to = tuple(str(c) for c in _as_list(raw["applies_to"], self, place))
        kind = kinds[0]
        if kind != "formula" and (raw.get("manual_when") is not None or raw.get("manual_reason")):
            self.error(place, "manual_when、manual_reason 只能用于公式指标（formula）")
        if kind == "children":
            if not isinstance(raw["children"], list) or not raw["children"]:
                self.error(place, "children 必须是非空列表")
                return node
            flagged = raw.get("evidence") is True
            self.evidence_depth += flagged  # the children of a flagged group need evidence too
            node.children = self._indicator_list(raw["children"], ident, path, names)
            self.evidence_depth -= flagged
            if not node.free_sum:
                if points is None and all(c.points is not None for c in node.children):
                    node.points = sum((c.points for c in node.children), Decimal(0))
                elif points is not None:
                    self._check_sum(points, node.children, place)
        elif kind == "manual":
            node.kind = MANUAL
            if points is None:
                self.error(place, "人工评分指标必须有分值 points")
        elif kind == "formula":
            node.kind = FORMULA
            node.formula = self._expression(raw["formula"], place, names)
            if raw.get("manual_when") is not None:
                node.manual_when = self._expression(raw["manual_when"], place + " 的 manual_when", names)
                node.manual_reason = str(raw.get("manual_reason") or "公式所需数据不足，人工评分")
                if points is None:
                    self.error(place, "写了 manual_when 的公式指标必须有分值 points（人工评分的上限）")
        else:
            node.kind = DEDUCT
            if points is None:
                self.error(place, "扣分指标必须有分值 points（扣完为止）")
            node.rules = [
                self._rule(r, f"{place} 扣分规则第 {i} 条", f"{ident}#{i}", names)
                for i, r in enumerate(_as_list(raw["deduct"], self, place), 1)
            ]
        return node

    def _check_sum(self, expected: Decimal, children: list[Indicator], place: str) -> None:
        if any(c.points is None for c in children):
            missing = "、".join(c.name for c in children if c.points is None)
            self.error(place, f"声明了分值 {fmt(expected)}，但下级指标“{missing}”没有分值，无法核对")
            return
        total = sum((c.points for c in children), Decimal(0))
        if total != expected:
            parts = " + ".join(fmt(c.points) for c in children)
            self.error(
                place,
                f"下级分值合计 {parts} = {fmt(total)}，不等于本级分值 {fmt(expected)}"
                "（如确属例外，请写 sum: free）",
            )

    def _rule(self, raw: Any, place: str, ident: str, names: set[str]) -> Rule:
        if not isinstance(raw, dict) or not raw.get("name"):
            self.error(place, "每条规则必须有 name，以及 formula 或 each + of")
            return Rule(ident, "?", Expression("0"))
        for key in sorted(set(raw) - _RULE_KEYS):
            self.error(place, f"未知的键“{key}”")
        place = f"{place}“{raw['name']}”"
        if raw.get("formula") is not None:
            if raw.get("each") is not None or raw.get("of") is not None:
                self.error(place, "formula 与 each/of 只能二选一")
            formula = self._expression(raw["formula"], place, names)
        elif raw.get("each") is not None and raw.get("of") is not None:
            each = self._number(raw["each"], place + " 的 each") or Decimal(0)
            formula = self._expression(f"{fmt(each)} * {raw['of']}", place, names)
        else:
            self.error(place, "必须有 formula，或 each（每个扣几分）加 of（数什么）")
            formula = Expression("0")
        return Rule(ident, str(raw["name"]), formula, str(raw.get("note") or ""))

    def _bonus(self, raw: Any, names: set[str]) -> tuple[list[Indicator], Decimal | None]:
        if raw is None:
            return [], None
        if not isinstance(raw, dict) or not isinstance(raw.get("indicators"), list):
            self.error("加分项 bonus", "必须写成 {cap: 上限, indicators: [...]}")
            return [], None
        for key in sorted(set(raw) - {"cap", "indicators", "sum"}):
            self.error("加分项 bonus", f"未知的键“{key}”")
        cap = self._number(raw.get("cap"), "加分项 bonus 的 cap")
        indicators = self._indicator_list(raw["indicators"], "bonus", ("加分项",), names)
        if cap is not None and raw.get("sum") != "free":
            self._check_sum(cap, indicators, "加分项 bonus（上限 cap）")
        return indicators, cap

    def _vetoes(self, raw: Any, names: set[str]) -> list[Veto]:
        vetoes = []
        for index, item in enumerate(_as_list(raw, self, "vetoes"), 1):
            place = f"否决项 vetoes 第 {index} 项"
            if not isinstance(item, dict) or not item.get("name") or item.get("when") is None:
                self.error(place, "必须有 name 和 when（条件公式）")
                continue
            place += f"“{item['name']}”"
            for key in sorted(set(item) - {"id", "name", "when", "effect", "scope", "note"}):
                self.error(place, f"未知的键“{key}”")
            effect = str(item.get("effect") or "fail")
            if effect not in VETO_EFFECTS:
                self.error(place, f"effect 只能是 {' 或 '.join(VETO_EFFECTS)}")
            scope = item.get("scope")
            if scope is not None and str(scope) not in self.ids:
                self.error(place, f"scope 指向不存在的指标编号“{scope}”")
            vetoes.append(
                Veto(
                    str(item.get("id") or f"veto.{index}"),
                    str(item["name"]),
                    self._expression(item["when"], place, names),
                    effect,
                    None if scope is None else str(scope),
                    str(item.get("note") or ""),
                )
            )
        return vetoes

    # helpers -----------------------------------------------------------------------------
    def _expression(self, text: Any, place: str, names: set[str]) -> Expression:
        try:
            expression = Expression(str(text))
        except ExpressionError as exc:
            self.error(place, str(exc))
            return Expression("0")
        for unknown in sorted(expression.names - names):
            self.error(
                place,
                f"公式“{expression.source}”用到未声明的数据“{unknown}”"
                "（请在 metrics、counts 或 site 中声明）",
            )
        return expression

    def _number(self, value: Any, place: str) -> Decimal | None:
        if value is None:
            return None
        try:
            return to_decimal(value)
        except ValueError:
            self.error(place, f"“{value}”不是数字")
            return None


def _as_list(value: Any, loader: _Loader, place: str) -> Iterable:
    if value is None:
        return []
    if not isinstance(value, list):
        loader.error(place, "必须是列表")
        return []
    return value
