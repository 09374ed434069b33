"""The new-media register's metrics (providers of registers.metrics), over the period's window.

A unit has data when it has at least one account checked in the window (registers.newmedia_services:
not closed before the window, not opened after it); a unit without accounts has none, so a typed
value or the scheme's default is used for it.

- 新媒体账号数: the unit's checked accounts;
- 新媒体两周未更新账号数: those with a run of more than 14 days without a post (newmedia_stale);
- 新媒体每周更新账号数: those with a post in every whole Monday–Sunday week of the window;
- 新媒体每周更新2次以上账号数: those with posts on two days or more of every such week (荆州 市直部门
  发布解读);
- 新媒体抽查合格率: the percentage of checked accounts without a two-week gap (甘肃, seed 001);
- 认证主体不明确或备案不及时的新媒体数: checked accounts not 已备案 or without 认证主体 (荆州 责任主体).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from gongkai.registers import newmedia_services as services
from gongkai.registers.newmedia_services import AccountCheck
from gongkai.registry.models import Unit
from gongkai.tallies import newmedia as engine

if TYPE_CHECKING:  # registers.metrics imports this module to fill its provider table
    from gongkai.registers.metrics import Window


def _checks(window: Window) -> dict[int, list[AccountCheck]]:
    by_unit: dict[int, list[AccountCheck]] = {}
    units = Unit.objects.filter(pk__in=window.unit_ids)
    for item in services.check(units, window.start, window.end):
        by_unit.setdefault(item.account.unit_id, []).append(item)
    return by_unit


def _per_unit(compute):
    def provider(window: Window) -> dict[int, Decimal]:
        by_unit = window.once("newmedia", _checks)
        values = {}
        for unit_id, checks in sorted(by_unit.items()):
            value = compute(checks)
            if value is not None:
                values[unit_id] = Decimal(str(value))
        return values

    provider.__doc__ = compute.__doc__
    return provider


def _accounts(checks: list[AccountCheck]) -> int:
    """The checked accounts."""
    return len(checks)


def _stale(checks: list[AccountCheck]) -> int:
    """Accounts with a gap over 14 days."""
    return sum(item.stale for item in checks)


def _weekly(checks: list[AccountCheck]) -> int:
    """Accounts posting every whole week."""
    return sum(item.record["weekly"] for item in checks)


def _twice_weekly(checks: list[AccountCheck]) -> int:
    """Accounts posting on two days or more of every whole week."""
    return sum(item.twice_weekly for item in checks)


def _pass_rate(checks: list[AccountCheck]) -> float | None:
    """The 抽查合格率 in percent."""
    return engine.pass_rate(services.records(checks))


def _unclear(checks: list[AccountCheck]) -> int:
    """Accounts not filed or without a certification body."""
    return sum(item.unfiled or not item.account.certification_body.strip() for item in checks)


accounts = _per_unit(_accounts)
stale = _per_unit(_stale)
weekly = _per_unit(_weekly)
twice_weekly = _per_unit(_twice_weekly)
pass_rate = _per_unit(_pass_rate)
unclear = _per_unit(_unclear)
