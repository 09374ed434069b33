"""Year and region roll-ups from the database (issue 16 items 7–8): which published periods make
a region's year, each unit's stored scores in them, and the rates the registers can give for a
sub-region. The arithmetic is the engine's (gongkai.rollup).

The year of a period is the year of its end date; only published periods count (their scores are
frozen). The JSON shape (``gongkai rollup --json``, docs/rollup.md)::

    {"year", "units": [{"unit", "category", "score", "rank", "periods": [...]}],
     "region": {"bands", "excellent_rate", "full_marks", "previous_year"},
     "sub_regions": [...]}          # only when the region has sub-regions
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet

from gongkai.assessment import comparison
from gongkai.assessment.models import Period, Score
from gongkai.assessment.services import AssessmentError, scheme_for
from gongkai.monitoring.models import Finding
from gongkai.registers import newmedia_services
from gongkai.registers.annual_mismatch import KIND as ANNUAL_MISMATCH
from gongkai.registers.annual_mismatch import published_report
from gongkai.registers.excel import find_region as registers_find_region
from gongkai.registry.models import Region, Unit
from gongkai.rollup import PeriodScore, UnitYear, compare_blocks, region_block, year_scores
from gongkai.rollup.block import rate
from gongkai.scoring.numbers import plain

THIRD_PARTY_REASON = "gongkai 没有第三方评估的数据（由省里委托的第三方机构评估，结果未录入本平台）"


class RollupError(AssessmentError):
    """A roll-up that cannot be made; the message is Chinese."""


# finding regions and periods ----------------------------------------------------------------------
def find_region(name: str) -> Region:
    """The region called ``name`` (full name, or its own name when unique); a clear error else."""
    region, problem = registers_find_region(name.strip())
    if region is None:
        raise RollupError(problem)
    return region


def year_periods(regions: QuerySet[Region] | list[Region], year: int) -> QuerySet[Period]:
    """Published periods of ``regions`` ending in ``year``."""
    return Period.objects.filter(region__in=regions, status=Period.Status.PUBLISHED, end__year=year)


def regions_with_periods(year: int) -> list[Region]:
    ids = Period.objects.filter(status=Period.Status.PUBLISHED, end__year=year).values("region")
    return list(Region.objects.filter(pk__in=ids))


def default_region(year: int) -> Region:
    """The region when none is named: the only one with published periods in ``year``."""
    regions = regions_with_periods(year)
    if len(regions) == 1:
        return regions[0]
    if not regions:
        raise RollupError(f"{year}年没有已发布的考评期。")
    names = "、".join(r.full_name for r in regions)
    raise RollupError(f"{year}年有多个地区发布了考评期（{names}），请用 --region 指定地区。")


def schemes_of(periods: QuerySet[Period]) -> list[str]:
    return sorted(set(periods.values_list("scheme", flat=True)))


def pick_scheme(periods: QuerySet[Period], scheme: str | None, year: int, region: Region) -> str | None:
    """The scheme of the year table: the one given, or the only one the region's periods use."""
    schemes = schemes_of(periods)
    if scheme:
        if scheme not in schemes:
            offered = "、".join(schemes) or "无"
            raise RollupError(
                f"{region.full_name}{year}年没有指标方案“{scheme}”的已发布考评期（有：{offered}）。"
            )
        return scheme
    if len(schemes) > 1:
        raise RollupError(
            f"{region.full_name}{year}年的考评期用了多个指标方案（{'、'.join(schemes)}），请用 --scheme 指定一个。"
        )
    return schemes[0] if schemes else None


# one region, one scheme, one year ----------------------------------------------------------------
def _labels(units: list[Unit]) -> dict[int, str]:
    """The unit's name, or region + name where two units share a name."""
    counts: dict[str, int] = defaultdict(int)
    for unit in units:
        counts[unit.name] += 1
    return {u.pk: u.name if counts[u.name] == 1 else f"{u.region.name}{u.name}" for u in units}


def _indicators(trace: dict[str, Any]) -> dict[str, tuple[Decimal, Decimal]]:
    found: dict[str, tuple[Decimal, Decimal]] = {}

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            points, score = item.get("points"), item.get("score")
            if item.get("applicable", True) and item.get("status") != "na" and points and score is not None:
                found[item["path"]] = (Decimal(str(score)), Decimal(str(points)))
            walk(item.get("children") or [])

    walk(trace.get("indicators") or [])
    return found


def year_table(
    periods: QuerySet[Period], *, compare: str = comparison.PREVIOUS
) -> tuple[list[UnitYear], Any]:
    """Every unit's year score over ``periods`` (one scheme), each period with the one it is
    compared with (``compare``: 环比 or 同比), and the scheme; ([], None) if none."""
    periods = list(periods.order_by("end", "start", "pk"))
    if not periods:
        return [], None
    scheme = scheme_for(periods[-1].scheme)
    earlier = {p.pk: comparison.comparable_period(p, compare) for p in periods}
    wanted = {p.pk for p in periods} | {e.pk for e in earlier.values() if e is not None}
    stored: dict[int, dict[int, Score]] = defaultdict(dict)
    for score in Score.objects.filter(period__in=wanted, total__isnull=False).select_related("unit__region"):
        stored[score.period_id][score.unit_id] = score
    units = {s.unit_id: s.unit for p in periods for s in stored[p.pk].values()}
    labels = _labels(list(units.values()))
    per_unit: dict[str, list[PeriodScore]] = {}
    for unit in sorted(units.values(), key=lambda u: (u.region.path, u.order, u.name)):
        rows = []
        for period in periods:
            score = stored[period.pk].get(unit.pk)
            if score is None:
                continue
            row = PeriodScore(
                period.pk,
                period.name,
                period.start,
                period.end,
                score.category,
                score.total,
                score.rank,
                list(score.veto_reasons) if score.vetoed else [],
                _indicators(score.trace),
            )
            before = earlier[period.pk]
            if before is not None:
                old = stored[before.pk].get(unit.pk)
                row.previous = {
                    "relation": compare,
                    "period": before.name,
                    "score": plain(old.total) if old else None,
                    "change": plain(score.total - old.total) if old else None,
                }
            rows.append(row)
        per_unit[labels[unit.pk]] = rows
    rule = periods[-1].year_rule or Period.YearRule.MEAN
    table = year_scores(per_unit, rule, scheme.decimals, scheme.categories)
    return table, scheme


def _block(units: list[UnitYear], scheme) -> dict[str, Any]:
    return region_block(units, scheme.total if scheme is not None else None)


def _with_previous(
    current: dict[str, Any], previous_units: list[UnitYear], scheme, year: int
) -> dict[str, Any]:
    if not previous_units:
        current["previous_year"] = None
        return current
    before = _block(previous_units, scheme)
    current["previous_year"] = {"year": year - 1, **before, "change": compare_blocks(current, before)}
    return current


def year_rollup(
    region: Region, year: int, scheme: str | None = None, compare: str = comparison.PREVIOUS
) -> dict[str, Any]:
    """The year roll-up of ``region`` (item 7), with ``sub_regions`` (item 8) when it has any;
    ``compare`` (环比 or 同比) picks the period each period's score is compared with."""
    try:
        comparison.check_choice(compare)
    except comparison.ComparisonError as exc:
        raise RollupError(str(exc)) from None
    own = year_periods([region], year)
    chosen = pick_scheme(own, scheme, year, region)
    units, used = year_table(own.filter(scheme=chosen), compare=compare) if chosen else ([], None)
    previous_units, _ = (
        year_table(year_periods([region], year - 1).filter(scheme=chosen)) if chosen else ([], None)
    )
    data: dict[str, Any] = {
        "year": year,
        "units": [u.to_dict() for u in units],
        "region": _with_previous(_block(units, used), previous_units, used, year),
    }
    children = list(region.children.order_by("code", "name"))
    if children:
        data["sub_regions"] = [sub_region(child, year) for child in children]
    return data


# sub-regions (甘肃 style) ---------------------------------------------------------------------
def sub_region(region: Region, year: int) -> dict[str, Any]:
    """One sub-region: per scheme of the assessments run in it (its own periods and those of the
    regions below it), the year block out of the scheme's own total; the province's rates."""
    below = region.descendants_and_self()
    periods = year_periods(below, year)
    assessments = []
    for scheme_id in schemes_of(periods):
        units, scheme = year_table(periods.filter(scheme=scheme_id))
        previous_units, _ = year_table(year_periods(below, year - 1).filter(scheme=scheme_id))
        block = _with_previous(_block(units, scheme), previous_units, scheme, year)
        mean = _mean(units, scheme.decimals)
        if block["previous_year"] is not None:
            before = _mean(previous_units, scheme.decimals)
            block["previous_year"]["mean"] = plain(before)
            block["previous_year"]["change"]["mean"] = plain(mean - before)
        assessments.append(
            {
                "scheme": scheme_id,
                "scheme_name": scheme.name,
                "total": plain(scheme.total) if scheme.total is not None else None,
                "units": len(units),
                "mean": plain(mean),
                "periods": sorted(set(periods.filter(scheme=scheme_id).values_list("name", flat=True))),
                **block,
            }
        )
    unit_qs = Unit.objects.filter(region__in=below, active=True)
    return {
        "region": region.name,
        "assessments": assessments,
        "rates": {
            "年报优良率": annual_report_rate(unit_qs, year),
            "新媒体抽查合格率": newmedia_rate(unit_qs, year),
            "第三方评估优良率": {"value": None, "counted": 0, "basis": "", "reason": THIRD_PARTY_REASON},
        },
    }


def _mean(units: list[UnitYear], decimals: int) -> Decimal | None:
    if not units:
        return None
    mean = sum((u.score for u in units), Decimal(0)) / len(units)
    return mean.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def annual_report_rate(units: QuerySet[Unit], year: int) -> dict[str, Any]:
    """年报优良率: of the units whose annual report on ``year - 1`` (published during ``year``) an
    audit read with a readable table 三, the share whose table agrees with the register (no
    annual_report_mismatch finding). gongkai grades no other part of a report."""
    basis = f"检查读到的{year - 1}年度政府信息公开年报中，表三与依申请公开台账一致的比例"
    read = good = 0
    for unit in units:
        report = published_report(unit, year - 1)
        if report is None:
            continue
        read += 1
        mismatched = Finding.objects.filter(run=report.run, kind=ANNUAL_MISMATCH, data__year=year - 1)
        good += not mismatched.exists()
    if not read:
        return {
            "value": None,
            "counted": 0,
            "basis": basis,
            "reason": f"检查程序没有读到本地区单位的{year - 1}年度年报（表三）",
        }
    return {"value": rate(good, read), "counted": read, "basis": basis, "reason": ""}


def newmedia_rate(units: QuerySet[Unit], year: int) -> dict[str, Any]:
    """新媒体抽查合格率 over the year: the share of the checked accounts of the units without a
    run of more than 14 days without a post (the new-media register's metric, tallies.newmedia)."""
    basis = f"{year}年新媒体台账中检查的账号里，没有连续两周以上未更新的比例"
    checks = newmedia_services.check(units, date(year, 1, 1), date(year, 12, 31))
    records = newmedia_services.records(checks)
    if not records:
        return {"value": None, "counted": 0, "basis": basis, "reason": "新媒体台账中没有本地区单位的账号"}
    passed = sum(1 for r in records if not r["gap_over_14_days"])
    return {"value": rate(passed, len(records)), "counted": len(records), "basis": basis, "reason": ""}
