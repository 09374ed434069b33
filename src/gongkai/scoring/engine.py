"""Score one unit against a scheme, keeping a trace of why every point was lost or won.

Inputs are plain data (findings as the audit contract's JSON dicts, metrics, site facts, manual
scores) and the output is plain data (``UnitResult.to_dict()`` is JSON-serialisable), so the same
engine runs from the CLI, from tests and from the Django side, which stores the full trace.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.scoring.expr import ExpressionError
from gongkai.scoring.numbers import fmt, plain, quantize, to_decimal
from gongkai.scoring.scheme import DEDUCT, FORMULA, GROUP, MANUAL, Indicator, Rule, Scheme
from gongkai.scoring.vocabulary import REFERENCE_FIELDS, SITE_FACTS
from gongkai.scoring.weekly import count_weekly_misses

ZERO = Decimal(0)


class ScoringInputError(ValueError):
    """Input that cannot be scored (missing metric, manual score out of range); Chinese message."""


@dataclass(slots=True)
class ManualScore:
    """An assessor's decision on a manual indicator (or that an indicator does not apply)."""

    points: Decimal | None = None
    reason: str = ""
    evidence: list[str] = field(default_factory=list)
    applicable: bool = True

    @classmethod
    def from_value(cls, value: ManualScore | Mapping[str, Any] | Any) -> ManualScore:
        if isinstance(value, ManualScore):
            return value
        if isinstance(value, Mapping):
            points = value.get("points")
            return cls(
                None if points is None else to_decimal(points),
                str(value.get("reason") or ""),
                [str(e) for e in value.get("evidence") or ()],
                bool(value.get("applicable", True)),
            )
        return cls(to_decimal(value))


@dataclass(slots=True)
class UnitInput:
    """Everything known about one unit for one assessment."""

    unit: str
    category: str = ""
    metrics: Mapping[str, Any] = field(default_factory=dict)
    findings: Sequence[Mapping[str, Any]] | None = None  # None: no audit result available
    site: Mapping[str, Any] = field(default_factory=dict)
    manual: Mapping[str, Any] = field(default_factory=dict)  # indicator id -> ManualScore or dict
    # metric name -> where its value came from, for the trace (default "metric"; e.g. "register")
    sources: Mapping[str, str] = field(default_factory=dict)
    # the audit's column records (`gongkai check --json` "columns"); None: no audit result
    columns: Sequence[Mapping[str, Any]] | None = None
    # items needing evidence (``evidence: true``) for which the unit has none on time or accepted:
    # indicator id -> why (e.g. "逾期上传佐证材料，监管人员未认可"); such an item scores 0
    evidence_absent: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Quantity:
    """A named input value with where it came from (metric, finding count or site fact)."""

    name: str
    value: Decimal
    # "metric", "register" (or another UnitInput.sources label), "default", "count", "site",
    # "missing", "audit" (seed 003's weekly misses read from the audit's column records)
    source: str
    findings: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "value": plain(self.value), "source": self.source}
        if self.source in ("count", "audit"):
            data["findings"] = self.findings
        return data


@dataclass(slots=True)
class Step:
    """One line of the trace: a deduction, an award, a cap or a note, with its evidence."""

    reason: str
    amount: Decimal | None = None  # signed effect on the score: a deduction is negative
    rule: str = ""
    formula: str = ""
    inputs: list[Quantity] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"reason": self.reason, "amount": plain(self.amount)}
        if self.rule:
            data["rule"] = self.rule
        if self.formula:
            data["formula"] = self.formula
        if self.inputs:
            data["inputs"] = [q.to_dict() for q in self.inputs]
        if self.evidence:
            data["evidence"] = self.evidence
        return data


@dataclass(slots=True)
class IndicatorResult:
    id: str
    name: str
    path: str
    kind: str
    points: Decimal | None  # the indicator's full points (None: uncapped)
    score: Decimal
    applicable: bool = True
    # scored, pending (manual not yet entered), na, vetoed, absent (evidence missing or late)
    status: str = "scored"
    steps: list[Step] = field(default_factory=list)
    children: list[IndicatorResult] = field(default_factory=list)

    def applicable_points(self) -> Decimal:
        if not self.applicable or self.points is None:
            return ZERO
        if not self.children:
            return self.points
        return min(self.points, sum((c.applicable_points() for c in self.children), ZERO))

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "path": self.path,
            "kind": self.kind,
            "points": plain(self.points),
            "score": plain(self.score),
            "applicable": self.applicable,
            "status": self.status,
            "steps": [s.to_dict() for s in self.steps],
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(slots=True)
class VetoResult:
    id: str
    name: str
    effect: str
    scope: str | None
    reason: str
    inputs: list[Quantity]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "effect": self.effect,
            "scope": self.scope,
            "reason": self.reason,
            "inputs": [q.to_dict() for q in self.inputs],
        }


@dataclass(slots=True)
class UnitResult:
    unit: str
    category: str
    scheme: str
    indicators: list[IndicatorResult]
    base_raw: Decimal
    applicable_total: Decimal | None
    base: Decimal
    bonus: list[IndicatorResult]
    bonus_raw: Decimal
    bonus_applied: Decimal
    penalties: list[Step]
    penalty_total: Decimal
    total: Decimal
    vetoes: list[VetoResult]
    passed: bool | None
    pending: list[str]
    notes: list[str]
    rank_value: Decimal
    zero_shares_last_rank: bool = False
    rank: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "category": self.category,
            "scheme": self.scheme,
            "total": plain(self.total),
            "rank": self.rank,
            "rank_value": plain(self.rank_value),
            "passed": self.passed,
            "vetoed": bool(self.vetoes),
            "vetoes": [v.to_dict() for v in self.vetoes],
            "base_raw": plain(self.base_raw),
            "applicable_total": plain(self.applicable_total),
            "base": plain(self.base),
            "bonus_raw": plain(self.bonus_raw),
            "bonus_applied": plain(self.bonus_applied),
            "penalty_total": plain(self.penalty_total),
            "pending": self.pending,
            "notes": self.notes,
            "indicators": [i.to_dict() for i in self.indicators],
            "bonus": [i.to_dict() for i in self.bonus],
            "penalties": [p.to_dict() for p in self.penalties],
        }


# ---------------------------------------------------------------------------------------------
def score_unit(scheme: Scheme, unit: UnitInput) -> UnitResult:
    """Score one unit. Raises ScoringInputError (Chinese) for input that cannot be scored."""
    return _Scorer(scheme, unit).run()


def required_metrics(scheme: Scheme, *, audited: bool = False) -> list[str]:
    """Metric names an input must provide (those without a default); with audit results
    (``audited``), not the one the audit fills (``weekly_misses``)."""
    filled = scheme.weekly.metric if audited and scheme.weekly is not None else None
    return [m.name for m in scheme.metrics.values() if m.default is None and m.name != filled]


class _Scorer:
    def __init__(self, scheme: Scheme, unit: UnitInput) -> None:
        self.scheme = scheme
        self.unit = unit
        self.notes: list[str] = []
        self.manual = {key: ManualScore.from_value(value) for key, value in unit.manual.items()}
        known = {node.id for node in scheme.all_indicators()}
        unknown = sorted(set(self.manual) - known)
        if unknown:
            raise ScoringInputError(
                f"单位“{unit.unit}”的人工评分引用了方案中不存在的指标编号：{'、'.join(unknown)}"
            )
        for key, score in self.manual.items():
            if score.points is not None and not scheme.indicator(key).accepts_manual:
                raise ScoringInputError(
                    f"单位“{unit.unit}”：指标 {key}（{scheme.indicator(key).path}）"
                    "不是人工评分项，只能标为不适用"
                )
        self.env = self._quantities()
        self.values = {name: q.value for name, q in self.env.items()}

    # inputs ------------------------------------------------------------------------------
    def _weekly(self) -> Quantity | None:
        """Seed 003's weekly misses from the audit's column records, when the scheme asks and
        the audit read a 动态 column; the trace lists the weeks and says what it replaced."""
        rule = self.scheme.weekly
        if rule is None or self.unit.columns is None:
            return None
        counted = count_weekly_misses(rule, self.unit.columns)
        if counted is None:
            self.notes.append(f"网站检查未读到动态类栏目的每周更新情况，“{rule.metric}”使用录入的值")
            return None
        typed = self.unit.metrics.get(rule.metric)
        note = (
            f"“{rule.metric}”取自网站检查：动态类栏目（{'、'.join(counted.columns)}）自"
            f"{counted.start.isoformat()}起每周更新未达标 {counted.misses} 次"
        )
        if typed is not None and str(typed).strip():
            note += f"，未采用录入的值 {typed}"
        self.notes.append(note)
        self.notes.extend(counted.notes)
        weeks = [{"week": w.get("week"), "start": w["start"], "end": w["end"]} for w in counted.weeks]
        return Quantity(rule.metric, Decimal(counted.misses), "audit", weeks)

    def _quantities(self) -> dict[str, Quantity]:
        env: dict[str, Quantity] = {}
        missing = []
        weekly = self._weekly()
        if weekly is not None:
            env[weekly.name] = weekly
        for metric in self.scheme.metrics.values():
            if metric.name in env:
                continue
            raw = self.unit.metrics.get(metric.name)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if metric.default is None:
                    missing.append(metric.name)
                    continue
                env[metric.name] = Quantity(metric.name, metric.default, "default")
                continue
            try:
                source = self.unit.sources.get(metric.name, "metric")
                env[metric.name] = Quantity(metric.name, to_decimal(raw), source)
            except ValueError:
                raise ScoringInputError(
                    f"单位“{self.unit.unit}”的数据“{metric.name}”不是数字：{raw!r}"
                ) from None
        if missing:
            raise ScoringInputError(f"单位“{self.unit.unit}”缺少数据：{'、'.join(missing)}")
        findings = self.unit.findings
        if findings is None and self.scheme.counts:
            self.notes.append("未提供网站检查结果，按 0 个问题计算自动指标")
        for count in self.scheme.counts.values():
            refs = [_reference(index, f) for index, f in enumerate(findings or ()) if count.matches(f)]
            env[count.name] = Quantity(count.name, Decimal(len(refs)), "count", refs)
        for name, key in self.scheme.site.items():
            raw = self.unit.site.get(key)
            if raw is None and key == "dynamic_columns" and self.unit.columns is not None:
                raw = sum(1 for c in self.unit.columns if c.get("type") == "动态")
            if raw is None:
                self.notes.append(f"未提供站点数据“{SITE_FACTS[key]}”，按 0 计算")
                env[name] = Quantity(name, ZERO, "missing")
            else:
                env[name] = Quantity(name, to_decimal(raw), "site")
        return env

    def _inputs_of(self, names) -> list[Quantity]:
        return [self.env[name] for name in sorted(names)]

    def _evaluate(self, expression, place: str) -> Decimal:
        try:
            return expression.evaluate(self.values)
        except ExpressionError as exc:
            raise ScoringInputError(f"单位“{self.unit.unit}”在“{place}”处：{exc}") from None

    # scoring -----------------------------------------------------------------------------
    def run(self) -> UnitResult:
        scheme = self.scheme
        vetoes = self._vetoes()
        zero_scopes = {v.scope: v for v in vetoes if v.scope}
        indicators = [self._indicator(node, zero_scopes) for node in scheme.indicators]
        base_raw = sum((r.score for r in indicators), ZERO)
        base, applicable_total = base_raw, None
        if scheme.total is not None:
            applicable_total = sum((r.applicable_points() for r in indicators), ZERO)
            if scheme.rescale and ZERO < applicable_total < scheme.total:
                base = quantize(base_raw * scheme.total / applicable_total, scheme.decimals)
                self.notes.append(
                    f"有不适用的指标：适用分值 {fmt(applicable_total)}，按 {fmt(base_raw)} × "
                    f"{fmt(scheme.total)} / {fmt(applicable_total)} = {fmt(base)} 折算"
                )
        bonus = [self._indicator(node, zero_scopes) for node in scheme.bonus]
        bonus_raw = sum((r.score for r in bonus), ZERO)
        bonus_applied = bonus_raw if scheme.bonus_cap is None else min(bonus_raw, scheme.bonus_cap)
        if bonus_applied < bonus_raw:
            self.notes.append(
                f"加分 {fmt(bonus_raw)} 超过上限 {fmt(scheme.bonus_cap)}，按 {fmt(bonus_applied)} 计"
            )
        if scheme.bonus_above is not None and bonus_raw and base <= scheme.bonus_above:
            self.notes.append(f"基础得分 {fmt(base)} 未超过 {fmt(scheme.bonus_above)} 分，加分不计")
            bonus_applied = ZERO
        penalties = [self._rule_step(rule) for rule in scheme.penalties]
        penalties = [p for p in penalties if p.amount]
        penalty_total = -sum((p.amount for p in penalties), ZERO)
        total = quantize(base + bonus_applied - penalty_total, scheme.decimals)
        whole = [v for v in vetoes if not v.scope]
        if whole:
            total = ZERO
            self.notes.append("触发否决项：" + "；".join(v.name for v in whole) + "，总分按 0 计")
        passed: bool | None = None
        if scheme.pass_mark is not None:
            passed = not any(v.effect == "fail" for v in vetoes) and base >= scheme.pass_mark
        elif any(v.effect == "fail" for v in vetoes):
            passed = False
        pending = [r.id for top in (*indicators, *bonus) for r in top.walk() if r.status == "pending"]
        rank_value = total if scheme.rank_by is None else self._evaluate(scheme.rank_by, "排名依据")
        return UnitResult(
            unit=self.unit.unit,
            category=self.unit.category,
            scheme=scheme.id,
            indicators=indicators,
            base_raw=base_raw,
            applicable_total=applicable_total,
            base=base,
            bonus=bonus,
            bonus_raw=bonus_raw,
            bonus_applied=bonus_applied,
            penalties=penalties,
            penalty_total=penalty_total,
            total=total,
            vetoes=vetoes,
            passed=passed,
            pending=pending,
            notes=self.notes,
            rank_value=rank_value,
            zero_shares_last_rank=scheme.zero_shares_last_rank,
        )

    def _vetoes(self) -> list[VetoResult]:
        triggered = []
        for veto in self.scheme.vetoes:
            if self._evaluate(veto.when, f"否决项“{veto.name}”") != 0:
                inputs = self._inputs_of(veto.when.names)
                values = "，".join(f"{q.name} = {fmt(q.value)}" for q in inputs)
                reason = f"{veto.name}（条件 {veto.when.source}；{values}）"
                triggered.append(VetoResult(veto.id, veto.name, veto.effect, veto.scope, reason, inputs))
        return triggered

    def _indicator(self, node: Indicator, zero_scopes: Mapping[str, VetoResult]) -> IndicatorResult:
        result = IndicatorResult(node.id, node.name, node.path, node.kind, node.points, ZERO)
        manual = self.manual.get(node.id)
        if node.applies_to is not None and self.unit.category not in node.applies_to:
            result.applicable, result.status = False, "na"
            result.steps.append(
                Step(f"不适用于类别“{self.unit.category}”（仅适用于 {'、'.join(node.applies_to)}）")
            )
            return result
        if manual is not None and not manual.applicable:
            result.applicable, result.status = False, "na"
            result.steps.append(Step(f"不适用：{manual.reason or '评分人认定'}", evidence=manual.evidence))
            return result
        if node.kind == GROUP:
            result.children = [self._indicator(child, zero_scopes) for child in node.children]
            result.score = sum((c.score for c in result.children), ZERO)
            if node.points is not None and result.score > node.points:
                result.steps.append(
                    Step(f"下级得分合计 {fmt(result.score)} 超过本项分值，按 {fmt(node.points)} 计")
                )
                result.score = node.points
        elif node.kind == MANUAL:
            self._manual(node, manual, result)
        elif node.kind == FORMULA and node.manual_when is not None:
            self._formula_or_manual(node, manual, result)
        elif node.kind == FORMULA:
            self._formula(node, result)
        elif node.kind == DEDUCT:
            self._deduct(node, result)
        absent = self.unit.evidence_absent.get(node.id) if node.evidence and not node.children else None
        if absent is not None and result.applicable:
            result.steps.append(Step(f"{absent}：视为无相关工作内容，本项按 0 分计", -result.score or None))
            result.score, result.status = ZERO, "absent"
        veto = zero_scopes.get(node.id)
        if veto is not None:
            result.steps.append(Step(f"一票否决：{veto.reason}，本项按 0 分计", -result.score))
            result.score, result.status = ZERO, "vetoed"
        return result

    def _manual(
        self, node: Indicator, manual: ManualScore | None, result: IndicatorResult, replaces: str = ""
    ) -> None:
        if manual is None or manual.points is None:
            result.status = "pending"
            result.steps.append(Step("人工评分项，尚未评分，暂按 0 分计"))
            return
        if not ZERO <= manual.points <= node.points:
            raise ScoringInputError(
                f"单位“{self.unit.unit}”指标“{node.path}”（{node.id}）的人工评分 "
                f"{fmt(manual.points)} 超出 0 至 {fmt(node.points)} 分的范围"
            )
        result.score = manual.points
        lost = node.points - manual.points
        reason = f"人工评分 {fmt(manual.points)} 分" + (f"（扣 {fmt(lost)} 分）" if lost else "") + replaces
        if manual.reason:
            reason += f"：{manual.reason}"
        result.steps.append(Step(reason, -lost if lost else None, evidence=manual.evidence))

    def _formula(self, node: Indicator, result: IndicatorResult) -> None:
        value = self._evaluate(node.formula, node.path)
        inputs = self._inputs_of(node.formula.names)
        values = "，".join(f"{q.name} = {fmt(q.value)}" for q in inputs)
        result.steps.append(
            Step(
                f"按公式 {node.formula.source} 计算（{values}）得 {fmt(value)} 分",
                value,
                formula=node.formula.source,
                inputs=inputs,
            )
        )
        if value < 0:
            result.steps.append(Step("计算结果低于 0，按 0 分计", -value))
            value = ZERO
        if node.points is not None and value > node.points:
            result.steps.append(
                Step(f"计算结果超过本项分值，按 {fmt(node.points)} 分计", node.points - value)
            )
            value = node.points
        result.score = value

    def _formula_or_manual(
        self, node: Indicator, manual: ManualScore | None, result: IndicatorResult
    ) -> None:
        """A formula item with ``manual_when``: manual while the condition holds; an entry with
        points overrides the formula, the trace naming what the formula would have given."""
        if self._evaluate(node.manual_when, node.path) != 0:
            inputs = self._inputs_of(node.manual_when.names)
            values = "，".join(f"{q.name} = {fmt(q.value)}" for q in inputs)
            result.steps.append(
                Step(
                    f"{node.manual_reason}（条件 {node.manual_when.source}；{values}）",
                    formula=node.manual_when.source,
                    inputs=inputs,
                )
            )
            self._manual(node, manual, result)
            return
        if manual is not None and manual.points is not None:
            computed = IndicatorResult(node.id, node.name, node.path, node.kind, node.points, ZERO)
            self._formula(node, computed)
            replaces = f"，取代按公式计算的 {fmt(computed.score)} 分"
            for step in computed.steps:  # shown for information: the manual entry counts
                step.amount = None
            result.steps.extend(computed.steps)
            self._manual(node, manual, result, replaces)
            return
        self._formula(node, result)

    def _rule_step(self, rule: Rule) -> Step:
        amount = self._evaluate(rule.formula, rule.name)
        inputs = self._inputs_of(rule.formula.names)
        values = "，".join(f"{q.name} = {fmt(q.value)}" for q in inputs)
        reason = f"{rule.name}：{rule.formula.source}（{values}），扣 {fmt(amount)} 分"
        return Step(reason, -amount, rule=rule.id, formula=rule.formula.source, inputs=inputs)

    def _deduct(self, node: Indicator, result: IndicatorResult) -> None:
        steps = [self._rule_step(rule) for rule in node.rules]
        for step in steps:
            if step.amount > 0:
                raise ScoringInputError(
                    f"单位“{self.unit.unit}”指标“{node.path}”的扣分规则“{step.rule}”"
                    f"算出负数 {fmt(-step.amount)}，请检查数据"
                )
        result.steps = [s for s in steps if s.amount]
        lost = -sum((s.amount for s in steps), ZERO)
        if lost > node.points:
            result.steps.append(
                Step(f"扣分合计 {fmt(lost)} 超过本项分值 {fmt(node.points)}，扣完为止", lost - node.points)
            )
            lost = node.points
        result.score = node.points - lost


def _reference(index: int, finding: Mapping[str, Any]) -> dict[str, Any]:
    ref: dict[str, Any] = {"index": index}
    for key in REFERENCE_FIELDS:
        value = finding.get(key)
        if value is not None:
            ref[key] = value
    return ref
