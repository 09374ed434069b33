"""robots.txt, obeyed by default: a supervisor's crawler must respect what the site asks."""

from __future__ import annotations

from protego import Protego

from gongkai.audit.fetch import Fetcher
from gongkai.audit.urls import host_of

AGENT = "gongkai"


class Robots:
    """robots.txt rules per host, fetched on first use; a missing or broken file allows all."""

    def __init__(self, fetcher: Fetcher, obey: bool) -> None:
        self._fetcher = fetcher
        self._obey = obey
        self._rules: dict[str, Protego | None] = {}

    async def load(self, url: str) -> None:
        host = host_of(url)
        if not self._obey or host in self._rules:
            return
        scheme = url.split(":", 1)[0]
        result = await self._fetcher.fetch(
            f"{scheme}://{host}/robots.txt", body=True, html_only=False, retries=0
        )
        rules = None
        if result.ok and result.body and result.status == 200:
            try:
                rules = Protego.parse(result.body.decode("utf-8", "replace"))
            except Exception:  # a robots.txt protego cannot read is treated as absent
                rules = None
        self._rules[host] = rules

    def allowed(self, url: str) -> bool:
        if not self._obey:
            return True
        rules = self._rules.get(host_of(url))
        return rules is None or rules.can_fetch(url, AGENT)
