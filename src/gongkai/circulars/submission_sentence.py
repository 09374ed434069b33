"""The headline statistics sentence of a circular from the information-submissions register
(seed 002: "镇办报送信息132条、部门报送信息528条,共采用546条 … 重点领域信息174条"): the items the
period's units submitted in the period's window (报送日期 start..end), by ranking category, how
many were adopted, how many are key-area items. Nothing when the register has no item of these
units in the window: no sentence is made up from nothing."""

from __future__ import annotations

from gongkai.assessment.models import Period
from gongkai.registers.submissions_services import stats_by_unit
from gongkai.tallies.submissions import totals

LEVEL_NAMES = {"国办": "国办", "省": "省级", "市": "市级"}  # above the county's own website


def headline(period: Period, label: str, categories: list[str] = ()) -> str:
    """The sentence, categories in the order given (the circular's tables), then any other."""
    memberships = list(period.memberships.select_related("unit__region"))
    rows = stats_by_unit([m.unit for m in memberships], period.start, period.end)
    total = totals(rows.values())
    if not total["submitted"]:
        return ""
    by_category: dict[str, int] = dict.fromkeys(categories, 0)
    for membership in memberships:
        by_category.setdefault(membership.category, 0)
        by_category[membership.category] += rows[membership.unit_id]["submitted"]
    parts = [f"{category}报送信息{count}条" for category, count in by_category.items() if count]
    sentence = f"{label}，{'、'.join(parts)}，共采用{total['adopted']}条"
    levels = [
        f"{LEVEL_NAMES[level]}采用{n}条"
        for level, n in total["adopted_by_level"].items()
        if n and level in LEVEL_NAMES
    ]
    if levels:
        sentence += f"（其中{'、'.join(levels)}）"
    sentence += f"；报送重点领域信息{total['key_area']}条。"
    return sentence
