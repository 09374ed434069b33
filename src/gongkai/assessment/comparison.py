"""What a period is compared with: 环比 (the previous published period of the same region and
scheme) or 同比 (the published period of the same region and scheme one year earlier: the same
start day and the same end month in the previous year), as ``Period.comparison`` says.

Used by the circular (gongkai.circulars.build.previous_periods) and the year roll-up.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from gongkai.assessment.models import Period

WORDS = {Period.Comparison.PREVIOUS: "上期", Period.Comparison.SAME_LAST_YEAR: "去年同期"}


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _published(period: Period):
    return Period.objects.filter(
        region=period.region_id, scheme=period.scheme, status=Period.Status.PUBLISHED
    ).exclude(pk=period.pk)


def previous_in_sequence(period: Period, limit: int) -> list[Period]:
    """环比: published periods of the same region and scheme before this one, latest first."""
    earlier = Q(check_date__lt=period.check_date) | Q(check_date=period.check_date, pk__lt=period.pk)
    return list(_published(period).filter(earlier).order_by("-check_date", "-pk")[:limit])


def same_period_earlier_years(period: Period, limit: int) -> list[Period]:
    """同比: the same period of each earlier year (same start day, end in the same month: February
    ends on the 28th or the 29th), latest first, as long as there is one for every year going back."""
    found: list[Period] = []
    start, end = period.start, period.end
    while len(found) < limit:
        start, end = _year_before(start), _year_before(end)
        match = (
            _published(period)
            .filter(start=start, end__year=end.year, end__month=end.month)
            .order_by("-check_date", "-pk")
            .first()
        )
        if match is None:
            break
        found.append(match)
    return found


def earlier_periods(period: Period, limit: int) -> list[Period]:
    """The periods ``period`` is compared with, latest first, by its ``comparison`` setting."""
    if period.comparison == Period.Comparison.SAME_LAST_YEAR:
        return same_period_earlier_years(period, limit)
    return previous_in_sequence(period, limit)


def comparable_period(period: Period) -> Period | None:
    """The one period this period's figures are compared with (None: there is none)."""
    found = earlier_periods(period, 1)
    return found[0] if found else None


def relation(period: Period) -> str:
    """同比 or 环比, the word the circular prints."""
    return str(period.comparison or Period.Comparison.PREVIOUS)


def earlier_word(period: Period) -> str:
    """上期 or 去年同期."""
    return WORDS.get(period.comparison, "上期")
