"""The follow-up (整改) of confirmed findings: issue problems, the unit's answer, verification by
the next audit run, overdue items and reminders.

Status flow: 待整改 → (unit reports the fix) 已整改待核验 → (next audit run) 已核实整改, or
重新打开 when the finding is still there; 待整改/重新打开 past the deadline → 逾期.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.assessment.models import Period
from gongkai.assessment.review import period_findings
from gongkai.followup.models import FixEvidence, Problem, ProblemEvent
from gongkai.monitoring.models import AuditRun
from gongkai.oversight import events
from gongkai.oversight.models import Event
from gongkai.registers import messages_reminders
from gongkai.registers import reminders as application_reminders
from gongkai.registry.models import Unit
from gongkai.review.dismissals import finding_identity
from gongkai.uploads import UploadError, check_uploads
from gongkai.workdays import CalendarRangeError, add_workdays

DEFAULT_WORKDAYS = 15  # the brief's default: check date + 15 working days

User = AbstractBaseUser | None


class FollowupError(ValueError):
    """A follow-up action that cannot be taken; the message is Chinese."""


def _event(problem: Problem, new: str, note: str, user: User, old: str | None = None) -> ProblemEvent:
    return ProblemEvent(
        problem=problem,
        old_status=problem.status if old is None else old,
        new_status=new,
        note=note,
        user=user,
    )


def default_deadline(period: Period) -> date:
    """Check date + 15 working days; estimated (workdays.is_estimated) in a year whose official
    holiday notice is not packaged yet."""
    try:
        return add_workdays(period.check_date, DEFAULT_WORKDAYS, estimate=True)
    except CalendarRangeError as exc:
        raise FollowupError(f"{exc}。请手工指定整改期限。") from None


@transaction.atomic
def issue_problems(period: Period, deadline: date | None = None, user: User = None) -> list[Problem]:
    """Create one problem per finding of the period that is not dismissed (the findings that
    count in the scores), deadline default check date + 15 working days. Findings already issued
    for this period (same site and identity) are skipped, so calling it again after review or
    at publication adds only what is new. Returns the problems created."""
    deadline = deadline or default_deadline(period)
    existing = set(Problem.objects.filter(period=period).values_list("site_id", "key"))
    created = []
    for row in period_findings(period):
        if not row.units_problem:  # dismissed, or our own failure nobody made the unit's problem
            continue
        finding = row.finding
        ident, key, _page_hash = finding_identity(finding)
        site_id = finding.run.site_id
        if (site_id, key) in existing:
            continue
        existing.add((site_id, key))
        created.append(
            Problem(
                period=period,
                unit=row.unit,
                site_id=site_id,
                finding=finding,
                kind=finding.kind,
                page=finding.page,
                ident=ident,
                key=key,
                message=finding.message,
                deadline=deadline,
                created_by=user,
            )
        )
    Problem.objects.bulk_create(created)
    # bulk_create sets primary keys on PostgreSQL and SQLite alike (RETURNING)
    ProblemEvent.objects.bulk_create(
        [_event(p, Problem.Status.OPEN, f"下发整改，期限 {deadline:%Y-%m-%d}", user, old="") for p in created]
    )
    return created


@transaction.atomic
def mark_fixed(problem: Problem, *, note: str, files: Iterable[Any], user: User) -> Problem:
    """The unit reports a problem fixed, with a note and at least one evidence file (checked by
    gongkai.uploads.check_uploads). Refuses everything on any bad input, storing nothing."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if not problem.is_open:
        raise FollowupError(f"该问题当前状态为“{problem.status}”，不能再次报送整改。")
    note = note.strip()
    if not note:
        raise FollowupError("请填写整改情况说明。")
    try:
        checked = check_uploads(files)
    except UploadError as exc:
        raise FollowupError(str(exc)) from None
    if not checked:
        raise FollowupError("请上传至少一份整改佐证材料。")
    for item in checked:
        FixEvidence.store(item, user=user, problem=problem)
    names = "、".join(item.name for item in checked)
    _event(problem, Problem.Status.FIXED, f"{note}（佐证材料：{names}）", user).save()
    problem.status = Problem.Status.FIXED
    problem.fix_note = note
    problem.fixed_at = timezone.now()
    problem.fixed_after_run_id = (
        AuditRun.objects.filter(site_id=problem.site_id).aggregate(m=Max("id"))["m"] or 0
    )
    problem.save()
    return problem


@transaction.atomic
def verify_after_run(run: AuditRun) -> list[Problem]:
    """Check the problems reported fixed on the run's site against this run (one made after the
    report): still there → 重新打开; gone from a page the run read again → 已核实整改; page not read
    again by a complete crawl (the page was removed or is no longer linked) → 已核实整改 too. A
    run that stopped at its page cap before reaching the page proves nothing: the problem keeps
    waiting. A failed run verifies nothing. Returns the problems whose status changed. Call it
    after monitoring.store.record_run."""
    if run.status != AuditRun.Status.DONE:
        return []
    waiting = list(
        Problem.objects.select_for_update().filter(
            site_id=run.site_id, status=Problem.Status.FIXED, fixed_after_run_id__lt=run.pk
        )
    )
    if not waiting:
        return []
    still_there = {finding_identity(f)[1]: f for f in run.findings.all()}
    read = set(run.pages)
    events, changed = [], []
    for problem in waiting:
        finding = still_there.get(problem.key)
        if finding is not None:
            new, note = Problem.Status.REOPENED, f"{run.as_of:%Y-%m-%d} 复查仍发现该问题：{finding.message}"
        elif problem.page in read or not (read or run.truncated):  # no page list: an imported run
            new, note = Problem.Status.VERIFIED, f"{run.as_of:%Y-%m-%d} 复查未再发现该问题，整改已核实"
        elif not run.truncated:
            new, note = (
                Problem.Status.VERIFIED,
                f"{run.as_of:%Y-%m-%d} 复查完整抓取网站，该页面已删除或不再链接，整改已核实",
            )
        else:
            continue  # the crawl stopped at its cap before this page: wait for a fuller run
        events.append(_event(problem, new, note, None))
        problem.status, problem.verified_by_run = new, run
        changed.append(problem)
    Problem.objects.bulk_update(changed, ["status", "verified_by_run"])
    ProblemEvent.objects.bulk_create(events)
    return changed


def verify_period(period: Period) -> list[Problem]:
    """verify_after_run with the newest completed run of every site that has problems of the
    period waiting for verification (the `gongkai verify --period` command)."""
    changed = []
    site_ids = (
        Problem.objects.filter(period=period, status=Problem.Status.FIXED)
        .values_list("site_id", flat=True)
        .distinct()
    )
    for site_id in site_ids:
        run = AuditRun.objects.filter(site_id=site_id, status=AuditRun.Status.DONE).order_by("-id").first()
        if run is not None:
            changed += verify_after_run(run)
    return changed


# deadlines --------------------------------------------------------------------------------------
def overdue(problems: QuerySet[Problem], today: date) -> QuerySet[Problem]:
    """Open problems whose deadline has passed (today is injected: tests fix it)."""
    return problems.filter(status__in=Problem.OPEN_STATUSES, deadline__lt=today)


@transaction.atomic
def refresh_overdue(today: date, problems: QuerySet[Problem] | None = None) -> int:
    """Set 逾期 on open problems past their deadline, with a history entry; returns how many."""
    base = Problem.objects.all() if problems is None else problems
    late = list(overdue(base, today).exclude(status=Problem.Status.OVERDUE).select_for_update())
    events = [_event(p, Problem.Status.OVERDUE, f"超过整改期限 {p.deadline:%Y-%m-%d}", None) for p in late]
    for problem in late:
        problem.status = Problem.Status.OVERDUE
    Problem.objects.bulk_update(late, ["status"])
    ProblemEvent.objects.bulk_create(events)
    return len(late)


def due_within(today: date, days: int) -> QuerySet[Problem]:
    """Open problems due within ``days`` days of today, or already overdue."""
    return Problem.objects.filter(
        status__in=Problem.OPEN_STATUSES, deadline__lte=today + timedelta(days=days)
    ).select_related("unit", "period")


@dataclass(slots=True)
class ReminderResult:
    sent: list[tuple[Unit, list[str], int]] = field(default_factory=list)  # unit, recipients, items
    no_address: list[Unit] = field(default_factory=list)
    newly_overdue: int = 0  # problems marked 逾期 by this round


def unit_admin_addresses(unit: Unit) -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, profile__role=Role.UNIT_ADMIN, profile__unit=unit)
        .exclude(email="")
    )
    return sorted(users.values_list("email", flat=True))


def send_reminders(today: date, days: int = 3) -> ReminderResult:
    """E-mail each unit's administrators the list of their problems due within ``days`` days or
    overdue (one message per unit, Django's configured e-mail backend)."""
    by_unit: dict[Unit, list[Problem]] = defaultdict(list)
    for problem in due_within(today, days).order_by("unit__order", "unit__name", "deadline", "id"):
        by_unit[problem.unit].append(problem)
    applications = application_reminders.due_soon(today)  # within 3 working days, or overdue
    messages = messages_reminders.due_soon(today)
    for unit in [*applications, *messages]:  # a unit with applications or messages only gets its mail too
        by_unit.setdefault(unit, [])
    result = ReminderResult()
    for unit, items in by_unit.items():
        recipients = unit_admin_addresses(unit)
        if not recipients:
            result.no_address.append(unit)
            continue
        if not items and unit in applications:
            extra = messages_reminders.mail_section(messages.get(unit, []))
            application_reminders.send_alone(unit, today, applications[unit], recipients, extra)
            result.sent.append((unit, recipients, len(applications[unit])))
            continue
        if not items:
            messages_reminders.send_alone(unit, today, messages[unit], recipients)
            result.sent.append((unit, recipients, len(messages[unit])))
            continue
        lines = [
            f"{i}. {p.message}（"
            + (f"页面：{p.page}；" if p.page else "")
            + f"期限：{p.deadline:%Y-%m-%d}"
            + ("，已逾期" if p.deadline < today else "")
            + "）"
            for i, p in enumerate(items, 1)
        ]
        late = sum(p.deadline < today for p in items)
        body = (
            f"{unit.name}：\n\n截至 {today:%Y-%m-%d}，贵单位有 {len(items)} 个整改问题即将到期或已逾期"
            f"（其中逾期 {late} 个），请尽快整改并在平台上报送整改情况和佐证材料。\n\n"
            + "\n".join(lines)
            + application_reminders.mail_section(applications.get(unit, []))
            + messages_reminders.mail_section(messages.get(unit, []))
            + "\n\n此邮件由 gongkai 政府网站与政务公开监管平台自动发送。"
        )
        send_mail(
            f"【整改提醒】{unit.name}有 {len(items)} 个问题即将到期或已逾期",
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
        result.sent.append((unit, recipients, len(items)))
    return result


def daily_reminders(today: date, days: int = 3, *, force: bool = False) -> ReminderResult | None:
    """The day's round: mark overdue problems, e-mail the reminders, and log it as an audit-log
    event. Runs once a day however many clocks call it (the serve process, Celery beat, cron):
    returns None, sending nothing, when the day's round is already logged, unless ``force`` (the
    `gongkai remind` command, run by hand). Nothing locks between the look and the log, so two
    clocks striking in the very same second could both send."""
    stamp = f"{today:%Y-%m-%d} "
    with transaction.atomic():
        done = Event.objects.filter(kind=Event.Kind.REMINDERS, message__startswith=stamp)
        if done.exists() and not force:
            return None
        late = refresh_overdue(today)
        result = send_reminders(today, days)
        result.newly_overdue = late
        events.record(
            Event.Kind.REMINDERS,
            f"{stamp}整改提醒：新增逾期 {late} 个，向 {len(result.sent)} 个单位发送提醒邮件"
            + (f"，{len(result.no_address)} 个单位的管理员没有登记邮箱" if result.no_address else ""),
        )
    return result
