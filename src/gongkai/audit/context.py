"""What every check can see of the running audit besides the page in hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.audit.config import AuditConfig
from gongkai.audit.fetch import Fetcher
from gongkai.audit.linkbook import LinkBook
from gongkai.audit.urls import host_of


@dataclass
class AuditContext:
    config: AuditConfig
    start: str  # normalised start URL as given
    home: str  # the start page after redirects
    fetcher: Fetcher
    links: LinkBook = field(default_factory=LinkBook)
    hosts: set[str] = field(default_factory=set)  # hosts that belong to the site
    site: dict[str, Any] = field(
        default_factory=lambda: {"SiteIDCode": None, "https": None, "ipv6": None, "search": None}
    )
    columns: list[dict[str, Any]] = field(default_factory=list)
    pages_crawled: int = 0
    truncated: bool = False

    def is_internal(self, url: str) -> bool:
        return host_of(url) in self.hosts
