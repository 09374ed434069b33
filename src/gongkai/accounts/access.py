"""The access rules, in one place. Views and API endpoints ask these functions; nothing else
decides who sees what.

| action                                   | supervisor | assessor | leader | unit admin |
| view units/sites/people in scope         | yes        | yes      | yes    | own unit   |
| edit sites, columns, people, new media   | yes        | no       | no     | own unit   |
| add/edit/delete units, import, export    | yes        | no       | no     | no         |
| Django admin                             | yes        | no       | no     | no         |

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


def can_edit_unit_content(user: AnyUser, unit: Unit) -> bool:
    """Sites, columns, responsible persons and new-media accounts of a unit."""
    return role_of(user) in (Role.SUPERVISOR, Role.UNIT_ADMIN) and can_view_unit(user, unit)


def can_manage_registry(user: AnyUser) -> bool:
    """Create, rename, delete units; import and export; categories."""
    return role_of(user) == Role.SUPERVISOR


def can_manage_region(user: AnyUser, region: Region) -> bool:
    return can_manage_registry(user) and visible_regions(user).filter(pk=region.pk).exists()
