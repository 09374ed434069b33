"""The new-media check over the database: accounts of a unit or a region, their posts, and the
pure engine's records (gongkai.tallies.newmedia). Used by the command, the pages and the scores.

Which accounts are checked: those of the units, except accounts closed (已关停, or a 关停日期)
before the window starts or opened after it ends. An account opened or closed inside the window
is judged over the part of the window it was open (an account opened on the 20th has no gap
from the 1st)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q, QuerySet

from gongkai.registers.annual import units_of_region
from gongkai.registers.models import Post
from gongkai.registry.models import NewMediaAccount, Unit
from gongkai.tallies import newmedia as engine

__all__ = ["AccountCheck", "check", "checked_accounts", "findings", "records", "units_of_region"]


@dataclass(frozen=True)
class AccountCheck:
    """One account's record (the contract's dict) with the account and its last post."""

    account: NewMediaAccount
    record: dict
    last_post: date | None
    twice_weekly: bool = False  # posts on two days or more of every whole week (荆州 市直部门)

    @property
    def stale(self) -> bool:
        return self.record["gap_over_14_days"]

    @property
    def unfiled(self) -> bool:
        return not self.account.filed


def checked_accounts(units: QuerySet[Unit], start: date, end: date) -> QuerySet[NewMediaAccount]:
    closed_before = Q(closed_on__lt=start) | (
        Q(status=NewMediaAccount.Status.CLOSED) & Q(closed_on__isnull=True)
    )
    return (
        NewMediaAccount.objects.filter(unit__in=units)
        .exclude(closed_before)
        .exclude(opened_on__gt=end)
        .select_related("unit")
        .order_by("unit__region__path", "unit__order", "unit__name", "name")
    )


def window_of(account: NewMediaAccount, start: date, end: date) -> tuple[date, date]:
    """The part of [start, end] the account was open."""
    first = max(start, account.opened_on) if account.opened_on else start
    last = min(end, account.closed_on) if account.closed_on else end
    return first, max(first, last)


def check(units: QuerySet[Unit], start: date, end: date) -> list[AccountCheck]:
    """Every checked account of ``units`` over [start, end], in the units' order."""
    accounts = list(checked_accounts(units, start, end))
    dates: dict[int, list[date]] = {account.pk: [] for account in accounts}
    for account_id, day in Post.objects.filter(account__in=accounts, date__lte=end).values_list(
        "account_id", "date"
    ):
        dates[account_id].append(day)
    checks = []
    for account in accounts:
        first, last = window_of(account, start, end)
        record = engine.account_check(account.name, account.unit.name, dates[account.pk], first, last)
        last_post = max(dates[account.pk], default=None)
        twice = engine.is_weekly(dates[account.pk], first, last, days=engine.JINGZHOU_DEPT_TWICE_WEEKLY_DAYS)
        checks.append(AccountCheck(account, record, last_post, twice))
    return checks


def records(checks: list[AccountCheck]) -> list[dict]:
    return [item.record for item in checks]


def findings(checks: list[AccountCheck]) -> list[dict]:
    """``newmedia_stale`` and ``newmedia_unfiled`` of the checked accounts."""
    return engine.stale_and_unfiled(records(checks), [item.account.filed for item in checks])


def last_posts(accounts: QuerySet[NewMediaAccount]) -> dict[int, date | None]:
    return dict(accounts.annotate(last=Max("posts__date")).values_list("pk", "last"))
