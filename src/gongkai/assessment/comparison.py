"""What a period is compared with in the year roll-up, as the user picks it: 环比 (the previous
published period of the same region and scheme) or 同比 (the published period of the same region
and scheme one year earlier: the same start day and an end in the same month of the year before).

The circular has its own choice (``CircularSettings.comparison``, gongkai.circulars.build); this
module is the roll-up's, one layer lower, with the same meaning of the two words.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from gongkai.assessment.models import Period

PREVIOUS, SAME_LAST_YEAR = "环比", "同比"
CHOICES = {PREVIOUS: "环比（与上一期相比）", SAME_LAST_YEAR: "同比（与去年同期相比）"}


class ComparisonError(ValueError):
    pass


def check_choice(choice: str) -> str:
    if choice not in CHOICES:
        raise ComparisonError(f"对比方式“{choice}”无效，可选：{'、'.join(CHOICES)}")
    return choice


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _published(period: Period):
    return Period.objects.filter(
        region=period.region_id, scheme=period.scheme, status=Period.Status.PUBLISHED
    ).exclude(pk=period.pk)


def previous_period(period: Period) -> Period | None:
    """环比: the latest published period of the same region and scheme before this one."""
    earlier = Q(check_date__lt=period.check_date) | Q(check_date=period.check_date, pk__lt=period.pk)
    return _published(period).filter(earlier).order_by("-check_date", "-pk").first()


def same_period_last_year(period: Period) -> Period | None:
    """同比: the same period a year earlier (same start day; February may end on the 28th or 29th)."""
    end = _year_before(period.end)
    return (
        _published(period)
        .filter(start=_year_before(period.start), end__year=end.year, end__month=end.month)
        .order_by("-check_date", "-pk")
        .first()
    )


def comparable_period(period: Period, choice: str = PREVIOUS) -> Period | None:
    """The period ``period``'s figures are compared with under ``choice`` (None: there is none)."""
    if check_choice(choice) == SAME_LAST_YEAR:
        return same_period_last_year(period)
    return previous_period(period)
