"""What makes two findings "the same problem" across audit runs.

A finding is identified by its kind, the page it was seen on and the one kind-specific field
that names the problem on that page (the broken link's target, the misspelt text, the missing
tag...; see gongkai.audit.kinds). Dismissals add the page fingerprint (``page_hash``) so that they lapse when the page
changes; verification of a fixed problem deliberately ignores it (a fixed page has changed).

Pure functions on the contract's JSON: no Django here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from gongkai.audit.kinds import MESSAGE, PAGE, identified_by


def identifying_value(kind: str, data: Mapping[str, Any], message: str = "") -> str:
    """The value of the kind's identifying field ("" for kinds identified by the page alone)."""
    field = identified_by(kind)
    if field == PAGE:
        return ""
    if field is MESSAGE:
        return message
    value = data.get(field)
    return "" if value is None else str(value)


def finding_key(kind: str, page: str, ident: str) -> str:
    """A fixed-length digest of (kind, page, identifying value): URLs can be longer than an
    index allows, the digest is not."""
    raw = json.dumps([kind, page, ident], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def page_hash_of(data: Mapping[str, Any]) -> str:
    """The page fingerprint the audit engine attaches to a finding ("" when it has none)."""
    value = data.get("page_hash")
    return "" if value is None else str(value)
