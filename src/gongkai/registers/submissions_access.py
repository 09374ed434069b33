"""Who may see and keep the information-submissions register, on top of gongkai.accounts.access.

| action                                          | supervisor | assessor | leader | unit admin |
| see submissions, their flags, the statistics     | region     | region   | region | own unit   |
| submit an item, edit it                          | region     | no       | no     | own unit, until reviewed |
| mark adoption, level and key area (审核)          | region     | no       | no     | no         |
| import the register                              | region     | no       | no     | no         |
| statistics of a region                           | region     | region   | region | no         |
"""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.accounts import access
from gongkai.accounts.access import AnyUser
from gongkai.accounts.models import Role
from gongkai.registers.access import can_import, can_view_region_table, keepable_units, reads_regions
from gongkai.registers.access import can_keep_register as can_submit  # submit an item of a unit
from gongkai.registers.models import Submission

__all__ = ["can_import", "can_submit", "can_view_region_table", "keepable_units", "reads_regions"]


def visible_submissions(user: AnyUser) -> QuerySet[Submission]:
    return Submission.objects.filter(unit__in=access.visible_units(user))


def can_edit(user: AnyUser, submission: Submission) -> bool:
    """The unit edits its item until the office has reviewed it; the office always."""
    if not can_submit(user, submission.unit):
        return False
    return access.role_of(user) == Role.SUPERVISOR or submission.reviewed is None


def can_review(user: AnyUser, submission: Submission | None = None) -> bool:
    """Mark adoption, level and key area: the office (supervisors of the unit's region)."""
    if access.role_of(user) != Role.SUPERVISOR:
        return False
    return submission is None or access.can_view_unit(user, submission.unit)
