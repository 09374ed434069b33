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
| audit finding's screenshot, page, headers | yes       | yes      | yes    | own unit   |
| report a problem fixed (note, evidence)  | no         | no       | no     | own unit   |
| unit portal                              | no         | no       | no     | own unit   |
| start a period's audits (background)     | yes        | no       | no     | no         |
| live audit progress of a period          | yes        | yes      | yes    | no         |
| leader dashboard of the region           | yes        | yes      | yes    | no         |
| security audit log (changes, events)     | yes        | no       | no     | no         |

Periods are in scope when their region is the user's region or below it.

The rules on periods, scores and circulars are in gongkai.assessment.access, those on
rectification problems in gongkai.followup.access: each extends this module with the rules on
its own models, so a view imports the highest one it needs and finds every rule below it too.

A superuser counts as a supervisor of every region.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from gongkai.accounts.models import Profile, Role
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


def can_view_finding(user: AnyUser, finding) -> bool:
    """An audit finding and its evidence (screenshot, page as fetched, response headers): whoever
    may view the unit whose site it was found on. ``finding`` is a monitoring.Finding (duck-typed:
    this layer sits below monitoring)."""
    return visible_units(user).filter(pk=finding.run.site.unit_id).exists()


def can_edit_unit_content(user: AnyUser, unit: Unit) -> bool:
    """Sites, columns, responsible persons and new-media accounts of a unit."""
    return role_of(user) in (Role.SUPERVISOR, Role.UNIT_ADMIN) and can_view_unit(user, unit)


def can_manage_registry(user: AnyUser) -> bool:
    """Create, rename, delete units; import and export; categories."""
    return role_of(user) == Role.SUPERVISOR


def can_manage_region(user: AnyUser, region: Region) -> bool:
    return can_manage_registry(user) and visible_regions(user).filter(pk=region.pk).exists()


def can_view_published_circulars(user: AnyUser) -> bool:
    """The unit portal's list of published circulars."""
    return role_of(user) == Role.UNIT_ADMIN and profile_of(user).unit_id is not None


def can_use_unit_portal(user: AnyUser) -> bool:
    return role_of(user) == Role.UNIT_ADMIN and profile_of(user).unit_id is not None


# dashboard and audit log -----------------------------------------------------------------------
def can_view_dashboard(user: AnyUser) -> bool:
    """Rankings, trends and problems of the user's region (scoped by visible_periods)."""
    return role_of(user) in (Role.SUPERVISOR, Role.ASSESSOR, Role.LEADER)


def can_view_audit_log(user: AnyUser) -> bool:
    """Score changes and events of the user's region (scoped by visible_regions)."""
    return role_of(user) == Role.SUPERVISOR
