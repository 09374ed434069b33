"""Published periods with scores made through the assessment services: metric tables imported
with ``import_metrics`` (yanshi-monthly, seed 000's columns) and manual scores entered with
``save_manual_entry`` (guoban-2019), then the period marked published as publishing does."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from tests.assessment.conftest import make_period

# a few units of seed 000's two tables (市直单位, 镇街道)
DEPARTMENTS = ["教育体育局", "公安局", "交通运输局"]
TOWNS = ["商城街道", "首阳山街道"]
HEADER = "单位,类别,公共服务,交流互动,网站建设及安全,政务信息公开,信息发布不及时"


def yanshi_units(region):
    from gongkai.registry.models import Unit

    return list(Unit.objects.filter(region=region, name__in=DEPARTMENTS + TOWNS))


def month_period(region, user, year: int, month: int, disclosure: dict[str, int], *, late=(), **fields):
    """A published yanshi-monthly period of ``year``/``month``: every unit 4 + 2 + 13 points plus
    its 政务信息公开 from ``disclosure``; the units in ``late`` flagged 信息发布不及时."""
    from gongkai.assessment import services
    from gongkai.assessment.models import Period

    period = make_period(region, "yanshi-monthly", user=user, units=yanshi_units(region),
                         name=f"{year}年{month}月考评")  # fmt: skip
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1).replace(day=1)
    end = date.fromordinal(end.toordinal() - 1)
    Period.objects.filter(pk=period.pk).update(start=start, end=end, check_date=end, **fields)
    period.refresh_from_db()
    lines = [HEADER]
    for unit, points in disclosure.items():
        category = "市直单位" if unit in DEPARTMENTS else "镇街道"
        lines.append(f"{unit},{category},4,2,13,{points},{int(unit in late)}")
    result = services.import_metrics(period, io.BytesIO("\n".join(lines).encode()), "m.csv", user=user)
    assert result.ok, result.problems
    return publish(period)


def publish(period):
    """Freeze the period as publishing does (the circular's files are not needed here)."""
    from gongkai.assessment.models import Period

    assert not period.scores.filter(total__isnull=True).exists()
    Period.objects.filter(pk=period.pk).update(status=Period.Status.PUBLISHED)
    period.refresh_from_db()
    return period


JAN = {"教育体育局": 32, "公安局": 28, "交通运输局": 13, "商城街道": 30, "首阳山街道": 30}
FEB = {"教育体育局": 30, "公安局": 28, "交通运输局": 15, "商城街道": 20, "首阳山街道": 31}
LAST_YEAR = {"教育体育局": 20, "公安局": 28, "交通运输局": 13, "商城街道": 30, "首阳山街道": 10}


@pytest.fixture
def yanshi_year(sample_county, users):
    """偃师 2021: January and February published (公安局 flagged late in February), and
    February 2020 for the year before."""
    region = sample_county["偃师市"]
    user = users["supervisor"]
    return {
        "last_feb": month_period(region, user, 2020, 2, LAST_YEAR),
        "jan": month_period(region, user, 2021, 1, JAN),
        "feb": month_period(region, user, 2021, 2, FEB, late=("公安局",)),
    }


def guoban_period(region, user, year: int, points: dict[str, tuple[int, int]]):
    """A published guoban-2019 year assessment: per unit (扣分指标 score, 加分指标 score) entered
    by hand with a reason."""
    from gongkai.assessment import services
    from gongkai.assessment.models import Period
    from gongkai.registry.models import Unit

    units = list(Unit.objects.filter(region=region, name__in=points))
    period = make_period(region, "guoban-2019", user=user, units=units, name=f"{year}年度网站检查")
    Period.objects.filter(pk=period.pk).update(
        kind="年度", start=date(year, 1, 1), end=date(year, 12, 31), check_date=date(year, 12, 20)
    )
    period.refresh_from_db()
    for unit in units:
        base, bonus = points[unit.name]
        for indicator, value in (("deductions", base), ("bonus", bonus)):
            services.save_manual_entry(
                period,
                unit,
                indicator,
                points=Decimal(value),
                applicable=True,
                reason="按检查指标评分",
                user=user,
            )
    return publish(period)
