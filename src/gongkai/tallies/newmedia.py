"""New-media accounts: how often they post (registers-contract §5, rules.md §1, seed 004, seed 001).

Pure: dates in, the contract's per-account dict out; no Django, no wall clock.

- ``longest_gap_days``: the longest run of consecutive days inside the window with no post; the
  window's first and last days bound the first and last runs (a window with no post at all is
  one run: its whole length).
- ``gap_over_14_days``: that run is longer than 14 days (两周未更新: the national check fails the
  account; finding ``newmedia_stale``).
- ``weekly``: every Monday–Sunday week lying wholly inside the window has a post (weeks cut by
  the window's edges are not judged; a window holding no whole week is weekly).
- ``is_weekly(..., days=2)``: every such week has posts on two days or more (荆州 市直部门
  发布解读 "每周更新2次以上"; not in the contract's record).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

STALE_AFTER_DAYS = 14
ONE_DAY = timedelta(days=1)

# 荆州 2021 (seed 004) 政务新媒体 · 内容建设: "每周更新1次,得2分,每2周更新1次,得1分。辖内政务新媒体出现2周内无更新,该项不得分。"
JINGZHOU_WEEKLY_POINTS = 2
JINGZHOU_FORTNIGHTLY_POINTS = 1
# 荆州 2021 市直部门 (seed 004) 政务新媒体 · 发布解读: "每周更新1次,得1分,每周更新2次以上,得2分。"
JINGZHOU_DEPT_TWICE_WEEKLY_DAYS = 2


def _checked_window(start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"时间范围无效：结束日期 {end} 早于开始日期 {start}。")


def longest_gap_days(posts: Iterable[date], start: date, end: date) -> int:
    """The longest run of days in [start, end] without a post (posts outside the window ignored)."""
    _checked_window(start, end)
    days = sorted({day for day in posts if start <= day <= end})
    bounds = [start - ONE_DAY, *days, end + ONE_DAY]
    return max((later - earlier).days - 1 for earlier, later in zip(bounds, bounds[1:], strict=False))


def whole_weeks(start: date, end: date) -> list[tuple[date, date]]:
    """The Monday–Sunday weeks lying wholly inside [start, end]."""
    _checked_window(start, end)
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    weeks = []
    while monday + timedelta(days=6) <= end:
        weeks.append((monday, monday + timedelta(days=6)))
        monday += timedelta(days=7)
    return weeks


def is_weekly(posts: Iterable[date], start: date, end: date, *, days: int = 1) -> bool:
    """Every whole week of [start, end] has posts on ``days`` different days or more (several
    posts of one day are one update: a 公众号 push of three articles is one)."""
    posted = {day for day in posts if start <= day <= end}
    return all(sum(first <= day <= last for day in posted) >= days for first, last in whole_weeks(start, end))


def account_check(account: str, unit: str, posts: Sequence[date], start: date, end: date) -> dict:
    """The contract's record of one account over the window [start, end]."""
    gap = longest_gap_days(posts, start, end)
    return {
        "account": account,
        "unit": unit,
        "posts": sum(1 for day in posts if start <= day <= end),
        "longest_gap_days": gap,
        "gap_over_14_days": gap > STALE_AFTER_DAYS,
        "weekly": is_weekly(posts, start, end),
    }


def jingzhou_update_points(records: Sequence[dict]) -> int:
    """荆州 内容建设 from the accounts' records: 2 when every account posts every week, 1 when none
    has a two-week gap (每2周更新1次), 0 when any has one — and 0 with no account to judge."""
    if not records or any(record["gap_over_14_days"] for record in records):
        return 0
    if all(record["weekly"] for record in records):
        return JINGZHOU_WEEKLY_POINTS
    return JINGZHOU_FORTNIGHTLY_POINTS


def pass_rate(records: Sequence[dict]) -> float | None:
    """甘肃's 抽查合格率 (seed 001): the percentage of checked accounts without a two-week gap,
    to one decimal; None when no account was checked."""
    if not records:
        return None
    passed = sum(1 for record in records if not record["gap_over_14_days"])
    return round(100 * passed / len(records), 1)


def stale_and_unfiled(records: Sequence[dict], filed: Sequence[bool]) -> list[dict]:
    """The check's findings: ``newmedia_stale`` for a gap over 14 days, ``newmedia_unfiled`` for
    an account not 备案 (``filed[i]``: whether the account of ``records[i]`` is filed)."""
    findings = []
    for record, is_filed in zip(records, filed, strict=True):
        if record["gap_over_14_days"]:
            findings.append(
                {
                    "kind": "newmedia_stale",
                    "account": record["account"],
                    "unit": record["unit"],
                    "longest_gap_days": record["longest_gap_days"],
                }
            )
        if not is_filed:
            findings.append(
                {"kind": "newmedia_unfiled", "account": record["account"], "unit": record["unit"]}
            )
    return findings
