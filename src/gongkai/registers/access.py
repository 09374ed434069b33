"""Who may see and keep the disclosure-applications register, on top of gongkai.accounts.access.

| action                                         | supervisor | assessor | leader | unit admin |
| see applications, their clock and history       | region     | region   | region | own unit   |
| register, edit, move an application             | region     | no       | no     | own unit   |
| import the register, export it                  | region     | no       | no     | no (export: own unit) |
| tick the reply document's elements (checklist)  | region     | region   | no     | no         |
| annual table 三 of a unit                        | region     | region   | region | own unit   |
| annual table 三 of a region                      | region     | region   | region | no         |
"""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.accounts import access
from gongkai.accounts.access import AnyUser
from gongkai.accounts.models import Role
from gongkai.registers.models import Application
from gongkai.registry.models import Region, Unit

KEEPERS = (Role.SUPERVISOR, Role.UNIT_ADMIN)


def visible_applications(user: AnyUser) -> QuerySet[Application]:
    return Application.objects.filter(unit__in=access.visible_units(user))


def can_view_register(user: AnyUser, unit: Unit) -> bool:
    return access.can_view_unit(user, unit)


def can_keep_register(user: AnyUser, unit: Unit) -> bool:
    """Keep the registers of ``unit``: register its applications, edit them, move them through
    their states; submit and edit its submissions; register, edit and close its messages."""
    return access.role_of(user) in KEEPERS and access.can_view_unit(user, unit)


def can_edit_application(user: AnyUser, application: Application) -> bool:
    return can_keep_register(user, application.unit)


def can_check_reply(user: AnyUser, application: Application) -> bool:
    """Tick the elements of a replied application's reply document (reply_checks): supervisors
    and assessors of the unit's region; never the unit's own administrator."""
    return access.role_of(user) in (Role.SUPERVISOR, Role.ASSESSOR) and access.can_view_unit(
        user, application.unit
    )


def can_import(user: AnyUser) -> bool:
    """Import a register workbook (units of the supervisor's region)."""
    return access.role_of(user) == Role.SUPERVISOR


def reads_regions(user: AnyUser) -> bool:
    """Supervisors, assessors and leaders read whole regions; unit administrators do not."""
    return access.role_of(user) in (Role.SUPERVISOR, Role.ASSESSOR, Role.LEADER)


def can_view_region_table(user: AnyUser, region: Region) -> bool:
    """The annual table 三 summed over a region's units."""
    return reads_regions(user) and access.visible_regions(user).filter(pk=region.pk).exists()


def keepable_units(user: AnyUser) -> QuerySet[Unit]:
    """The units whose register the user keeps (for the unit choice of the form)."""
    if access.role_of(user) not in KEEPERS:
        return Unit.objects.none()
    return access.visible_units(user)
