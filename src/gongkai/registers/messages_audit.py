"""The messages a site's own message list showed (``AuditRun.messages``, read by the audit's
``MessagesCheck``) filled into the unit's messages register: each listed message not registered
yet (same title and 收到日期) becomes a Message with source 网站检查, its reply date as 办结日期.
A message the list shows as answered without a reply date is not filled in (its 办结日期 is not
known); the unit registers it. Registered messages are never changed by an audit."""

from __future__ import annotations

import hashlib
from datetime import date

from gongkai.monitoring.models import AuditRun
from gongkai.registers.models import Message, MessageChannel, MessageSource

TITLE_LENGTH = Message._meta.get_field("title").max_length


def _number(title: str, received: date) -> str:
    digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:6]
    return f"WZ{received:%Y%m%d}-{digest}"


def fill_from_run(run: AuditRun) -> list[Message]:
    """Create the run's listed messages missing from its unit's register; returns those created."""
    unit = run.site.unit
    known = {(m.title, m.received) for m in Message.objects.filter(unit=unit).only("title", "received")}
    numbers = set(Message.objects.filter(unit=unit).values_list("number", flat=True))
    made: list[Message] = []
    for listed in run.messages or []:
        try:
            title = str(listed["title"])[:TITLE_LENGTH]
            received = date.fromisoformat(listed["received"])
            replied = date.fromisoformat(listed["replied"]) if listed.get("replied") else None
        except (KeyError, TypeError, ValueError):
            continue  # a record from an older or hand-made JSON: nothing to fill
        if (title, received) in known or (listed.get("answered") and replied is None):
            continue
        number = _number(title, received)
        if number in numbers:
            continue
        known.add((title, received))
        numbers.add(number)
        made.append(
            Message(
                unit=unit,
                number=number,
                channel=MessageChannel.MESSAGE,
                title=title,
                received=received,
                handled=replied,
                public=True,
                source=MessageSource.AUDIT,
            )
        )
    Message.objects.bulk_create(made)
    return made
