"""The time stamps of an audit: when it started and ended, when a page was fetched or captured."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    """Now in UTC, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
