"""Who may see and keep the messages register, on top of gongkai.accounts.access.

| action                                         | supervisor | assessor | leader | unit admin |
| see messages, their limits, the statistics      | region     | region   | region | own unit   |
| register, edit, close (办结) a message           | region     | no       | no     | own unit   |
| import the register                             | region     | no       | no     | no         |
| statistics of a region                          | region     | region   | region | no         |
"""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.accounts import access
from gongkai.accounts.access import AnyUser
from gongkai.registers.access import can_import, can_view_region_table, keepable_units, reads_regions
from gongkai.registers.access import can_keep_register as can_keep  # register, edit, close a unit's messages
from gongkai.registers.models import Message

__all__ = ["can_import", "can_keep", "can_view_region_table", "keepable_units", "reads_regions"]


def visible_messages(user: AnyUser) -> QuerySet[Message]:
    return Message.objects.filter(unit__in=access.visible_units(user))
