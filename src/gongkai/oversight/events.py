"""Write audit-log events; every module that does something worth auditing calls ``record``."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from gongkai.oversight.models import Event
from gongkai.registry.models import Region


def record(
    kind: str, message: str, *, user: AbstractBaseUser | None = None, region: Region | None = None
) -> Event:
    """Store one event. ``region`` scopes who sees it: supervisors of that region and above (None:
    superusers only)."""
    if user is not None and not user.is_authenticated:
        user = None
    return Event.objects.create(kind=kind, message=message, user=user, region=region)
