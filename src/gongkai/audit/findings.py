"""The uniform finding record of every check (GSA site-scanning style).

A finding has ``kind``, ``page`` (absolute URL where it was seen) and a Chinese ``message`` a
person can act on; kind-specific fields (see the table in ``audit-contract.md``) live in
``fields`` and are serialised at the top level of the JSON object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Named failure reasons of a fetch (contract: broken_link.error), plus "blocked" for answers of
# firewalls and anti-bot pages, which are reported as kind "blocked" and never as broken links.
ERROR_TEXT = {
    "timeout": "访问超时",
    "dns": "域名无法解析",
    "tls": "HTTPS 证书或加密连接错误",
    "connect": "无法建立连接",
    "http": "服务器返回错误",
    "blocked": "被防火墙或防爬虫机制拦截",
}


@dataclass(slots=True)
class Finding:
    kind: str
    page: str
    message: str
    fields: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "page": self.page, **self.fields, "message": self.message}


def from_record(record: dict[str, Any]) -> Finding:
    """A finding from the plain dicts of the content analysers and the text engine
    (``kind``, ``page``, ``message`` and the kind's fields)."""
    fields = {k: v for k, v in record.items() if k not in ("kind", "page", "message")}
    return Finding(record["kind"], record["page"], record["message"], fields)
