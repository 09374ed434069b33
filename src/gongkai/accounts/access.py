"""The access rules, in one place. Views and API endpoints ask these functions; nothing else
decides who sees what.

| action                                   | supervisor | assessor | leader | unit admin |
| view units/sites/people in scope         | yes        | yes      | yes    | own unit   |
| edit sites, columns, people, new media   | yes        | no       | no     | own unit   |
| add/edit/delete units, import, export    | yes        | no       | no     | no         |
| Django admin                             | yes        | no       | no     | no         |
| create/edit assessment periods, recompute | yes       | no       | no     | no         |
| enter manual scores, import metrics      | yes        | yes      | no     | no         |
| period ranking, audit log of scores      | yes        | yes      | yes    | no         |
| a unit's score page and evidence         | yes        | yes      | yes    | own unit, published periods only |
| publish a period's circular              | yes        | no       | no     | no         |
| circular files, charts, comparison       | yes        | yes      | yes    | circular + own notice, published periods of its unit |
| review findings, issue problems (整改)    | yes        | yes      | no     | no         |
| follow-up overview of a period           | yes        | yes      | yes    | no         |
| see a problem and its evidence           | yes        | yes      | yes    | own unit   |
| report a problem fixed (note, evidence)  | no         | no       | no     | own unit   |
| unit portal                              | no         | no       | no     | own unit   |
| start a period's audits (background)     | yes        | no       | no     | no         |
| live audit progress of a period          | yes        | yes      | yes    | no         |
| leader dashboard of the region           | yes        | yes      | yes    | no         |
| security audit log (changes, events)     | yes        | no       | no     | no         |

Periods are in scope when their region is the user's region or below it.

A superuser counts as a supervisor of every region.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from gongkai.accounts.models import Profile, Role
from gongkai.assessment.models import Period
from gongkai.followup.models import Problem
from gongkai.registry.models import Region, Unit

AnyUser = AbstractBaseUser | AnonymousUser


def profile_of(user: AnyUser) -> Profile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def role_of(user: AnyUser) -> str | None:
    if user.is_authenticated and user.is_superuser:
        return Role.SUPERVISOR
    profile = profile_of(user)
    return profile.role if profile else None


def scope_region(user: AnyUser) -> Region | None:
    """The region a supervisor, assessor or leader works on (None: everything, for superusers)."""
    profile = profile_of(user)
    if profile is None:
        return None
    if profile.role == Role.UNIT_ADMIN:
        return profile.unit.region if profile.unit else None
    return profile.region


def visible_regions(user: AnyUser) -> QuerySet[Region]:
    if not user.is_authenticated:
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    region = scope_region(user)
    return region.descendants_and_self() if region else Region.objects.none()


def visible_units(user: AnyUser) -> QuerySet[Unit]:
    role = role_of(user)
    if role is None:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    profile = profile_of(user)
    if role == Role.UNIT_ADMIN:
        return Unit.objects.filter(pk=profile.unit_id)
    if profile.region is None:
        return Unit.objects.none()
    return Unit.objects.filter(region__path__startswith=profile.region.path)


def can_view_unit(user: AnyUser, unit: Unit) -> bool:
    return visible_units(user).filter(pk=unit.pk).exists()


def can_edit_unit_content(user: AnyUser, unit: Unit) -> bool:
    """Sites, columns, responsible persons and new-media accounts of a unit."""
    return role_of(user) in (Role.SUPERVISOR, Role.UNIT_ADMIN) and can_view_unit(user, unit)


def can_manage_registry(user: AnyUser) -> bool:
    """Create, rename, delete units; import and export; categories."""
    return role_of(user) == Role.SUPERVISOR


def can_manage_region(user: AnyUser, region: Region) -> bool:
    return can_manage_registry(user) and visible_regions(user).filter(pk=region.pk).exists()


# assessment periods and scores ---------------------------------------------------------------
def visible_periods(user: AnyUser) -> QuerySet[Period]:
    """Supervisors, assessors and leaders: periods of their regions; unit administrators: the
    published periods their unit takes part in."""
    role = role_of(user)
    if role is None:
        return Period.objects.none()
    if role == Role.UNIT_ADMIN:
        return Period.objects.filter(status=Period.Status.PUBLISHED, units=profile_of(user).unit_id)
    return Period.objects.filter(region__in=visible_regions(user))


def _period_in_region(user: AnyUser, period: Period) -> bool:
    return visible_regions(user).filter(pk=period.region_id).exists()


def can_view_period_ranking(user: AnyUser, period: Period) -> bool:
    """The ranking of all units and the audit log of a period."""
    return role_of(user) in (Role.SUPERVISOR, Role.ASSESSOR, Role.LEADER) and _period_in_region(user, period)


def can_manage_periods(user: AnyUser) -> bool:
    return role_of(user) == Role.SUPERVISOR


def can_manage_period(user: AnyUser, period: Period) -> bool:
    """Edit a period, recompute its scores."""
    return can_manage_periods(user) and _period_in_region(user, period)


def can_enter_scores(user: AnyUser, period: Period) -> bool:
    """Manual scores with evidence, metric imports."""
    return role_of(user) in (Role.SUPERVISOR, Role.ASSESSOR) and _period_in_region(user, period)


def can_view_unit_score(user: AnyUser, period: Period, unit: Unit) -> bool:
    """A unit's score page and its evidence files."""
    if not period.memberships.filter(unit=unit).exists():
        return False
    if role_of(user) == Role.UNIT_ADMIN:
        return period.status == Period.Status.PUBLISHED and profile_of(user).unit_id == unit.pk
    return can_view_period_ranking(user, period) and can_view_unit(user, unit)


# circulars (通报) ------------------------------------------------------------------------------
def can_publish_period(user: AnyUser, period: Period) -> bool:
    """Publish a period: freezes its scores and issues the circular."""
    return can_manage_period(user, period)


def can_download_circular_file(user: AnyUser, period: Period, kind: str, unit_id: int | None = None) -> bool:
    """A file of a period's circular (``kind`` as in circulars.files: circular, pdf, tables, table,
    problems, chart, notice; ``unit_id`` for a notice: the id, never the name, since two units of
    one period may share a name). Unit administrators: only the circular and their own unit's
    notice, of published periods their unit takes part in."""
    if role_of(user) == Role.UNIT_ADMIN:
        unit = profile_of(user).unit
        if unit is None or period.status != Period.Status.PUBLISHED:
            return False
        if not period.memberships.filter(unit=unit).exists():
            return False
        return kind in ("circular", "pdf") or (
            kind == "notice" and unit_id is not None and unit_id == unit.pk
        )
    return can_view_period_ranking(user, period)


def can_view_published_circulars(user: AnyUser) -> bool:
    """The unit portal's list of published circulars."""
    return role_of(user) == Role.UNIT_ADMIN and profile_of(user).unit_id is not None


# finding review and follow-up (整改) ----------------------------------------------------------
def can_review_findings(user: AnyUser, period: Period) -> bool:
    """Confirm or dismiss a period's findings, issue problems from them."""
    return role_of(user) in (Role.SUPERVISOR, Role.ASSESSOR) and _period_in_region(user, period)


def can_view_followup(user: AnyUser, period: Period) -> bool:
    """A period's review page (read) and follow-up overview: counts per status and unit."""
    return can_view_period_ranking(user, period)


def visible_problems(user: AnyUser) -> QuerySet[Problem]:
    """Unit administrators: their unit's problems; others: the problems of periods in scope."""
    role = role_of(user)
    if role is None:
        return Problem.objects.none()
    if role == Role.UNIT_ADMIN:
        return Problem.objects.filter(unit_id=profile_of(user).unit_id)
    return Problem.objects.filter(period__region__in=visible_regions(user))


def can_view_problem(user: AnyUser, problem: Problem) -> bool:
    """A problem, its history and its evidence files."""
    return visible_problems(user).filter(pk=problem.pk).exists()


def can_answer_problem(user: AnyUser, problem: Problem) -> bool:
    """Report a problem fixed: only the administrators of the problem's unit."""
    return role_of(user) == Role.UNIT_ADMIN and profile_of(user).unit_id == problem.unit_id


def can_use_unit_portal(user: AnyUser) -> bool:
    return role_of(user) == Role.UNIT_ADMIN and profile_of(user).unit_id is not None


# dashboard and audit log -----------------------------------------------------------------------
def can_view_dashboard(user: AnyUser) -> bool:
    """Rankings, trends and problems of the user's region (scoped by visible_periods)."""
    return role_of(user) in (Role.SUPERVISOR, Role.ASSESSOR, Role.LEADER)


def can_view_audit_log(user: AnyUser) -> bool:
    """Score changes and events of the user's region (scoped by visible_regions)."""
    return role_of(user) == Role.SUPERVISOR
