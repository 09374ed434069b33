"""Submitting and reviewing information items, their flags and their statistics. Every change
goes to the audit log (gongkai.oversight.events); the counting rules are gongkai.tallies.submissions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.oversight import events
from gongkai.registers.models import Submission, SubmissionAttachment
from gongkai.registry.models import Region, Unit
from gongkai.tallies import submissions as tally
from gongkai.uploads import CheckedFile

YES, NO = "是", "否"


def late_after_days() -> int:
    return getattr(settings, "SUBMISSION_LATE_DAYS", tally.LATE_AFTER_DAYS)


def item(submission: Submission, unit_label: str | None = None) -> tally.Item:
    return tally.Item(
        unit=unit_label if unit_label is not None else str(submission.unit_id),
        number=submission.number,
        title=submission.title,
        submitted=submission.submitted,
        adopted=submission.adopted,
        level=submission.level,
        key_area=submission.key_area,
        event_date=submission.event_date,
    )


@dataclass(frozen=True)
class Flags:
    duplicate_of: Submission | None = None
    days_late: int | None = None

    @property
    def any(self) -> bool:
        return self.duplicate_of is not None or self.days_late is not None


def flags(submissions: Iterable[Submission]) -> dict[int, Flags]:
    """{pk: Flags} of the given submissions. Duplicates are looked for among all items of their
    units (an item repeating one outside the list is still a duplicate)."""
    shown = list(submissions)
    unit_ids = {s.unit_id for s in shown}
    everything = {
        s.pk: s
        for s in Submission.objects.filter(unit_id__in=unit_ids).only(
            "pk", "unit_id", "number", "title", "submitted", "event_date"
        )
    }
    by_key = {(str(s.unit_id), s.number): s for s in everything.values()}
    repeats = tally.duplicates(item(s) for s in everything.values())
    days = late_after_days()
    result = {}
    for s in shown:
        original = repeats.get((str(s.unit_id), s.number))
        result[s.pk] = Flags(by_key[original] if original else None, tally.days_late(item(s), days))
    return result


def _user(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def _log(kind, submission: Submission, text: str, user) -> None:
    events.record(
        kind,
        f"{submission.unit.name} 报送信息 {submission.number}“{submission.title[:40]}”：{text}",
        user=_user(user),
        region=submission.unit.region,
    )


@transaction.atomic
def save_submission(
    submission: Submission,
    user: AbstractBaseUser | None,
    *,
    created: bool,
    changed: list[str] | None = None,
    attachments: Iterable[CheckedFile] = (),
) -> Submission:
    if created and submission.created_by_id is None:
        submission.created_by = _user(user)
    submission.save()
    for checked in attachments:
        SubmissionAttachment.store(checked, user=_user(user), submission=submission)
    names = [c.name for c in attachments]
    if created:
        text = f"报送，报送日期 {submission.submitted}"
    else:
        text = f"修改了{'、'.join(changed)}" if changed else "未修改内容"
    if names:
        text += f"，附件 {'、'.join(names)}"
    _log(events.Event.Kind.SUBMISSION, submission, text, user)
    return submission


def review_text(adopted: bool, level: str, key_area: bool) -> str:
    shown = f"采用（{level}）" if adopted and level else ("采用" if adopted else "未采用")
    return f"{shown}，{'重点领域' if key_area else '非重点领域'}"


class ReviewRefused(ValueError):
    """A review the rules do not allow (Chinese message)."""


@transaction.atomic
def review(
    submission: Submission, user: AbstractBaseUser | None, *, adopted: bool, level: str, key_area: bool
) -> Submission:
    """The office marks adoption, its level and key area; logged with the values before and after."""
    if level and level not in tally.LEVELS:
        raise ReviewRefused(f"采用级别“{level}”无效，只能是：{'、'.join(tally.LEVELS)}。")
    if level and not adopted:
        raise ReviewRefused("未采用的信息不能填写采用级别。")
    submission = Submission.objects.select_for_update().select_related("unit__region").get(pk=submission.pk)
    before = review_text(submission.adopted, submission.level, submission.key_area)
    submission.adopted, submission.level, submission.key_area = adopted, level, key_area
    submission.reviewed_by, submission.reviewed = _user(user), timezone.now()
    submission.save(update_fields=["adopted", "level", "key_area", "reviewed_by", "reviewed", "updated"])
    after = review_text(adopted, level, key_area)
    _log(events.Event.Kind.SUBMISSION_REVIEW, submission, f"{before} → {after}", user)
    return submission


# -- statistics ------------------------------------------------------------------------------------
def units_of_region(region: Region) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(region__path__startswith=region.path)
        .select_related("region")
        .order_by("region__path", "category__order", "order", "name")
    )


def stats(units: Iterable[Unit], start: date, end: date) -> list[dict]:
    """The contract's rows (registers-contract §4) for ``units``, in their order; "unit" is the
    unit's name (with its region's name when two units of the list share a name)."""
    units = list(units)
    labels = unit_labels(units)
    rows = Submission.objects.filter(unit__in=units, submitted__gte=start, submitted__lte=end)
    items = [item(s, labels[s.unit_id]) for s in rows]
    return tally.stats(items, start, end, [labels[u.pk] for u in units])


def stats_by_unit(units: Iterable[Unit], start: date, end: date) -> dict[int, dict]:
    """{unit id: stats row}."""
    units = list(units)
    return {unit.pk: row for unit, row in zip(units, stats(units, start, end), strict=True)}


def unit_labels(units: list[Unit]) -> dict[int, str]:
    names = Counter(u.name for u in units)
    return {u.pk: u.name if names[u.name] == 1 else f"{u.region.name}{u.name}" for u in units}


def parse_flag(text: str) -> bool | None:
    """是 / 否 (empty: 否); None for anything else."""
    return {YES: True, NO: False, "": False}.get(text.strip())
