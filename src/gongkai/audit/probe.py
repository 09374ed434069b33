"""Availability probes of a home page (the "unreachable" veto of rules.md §1).

A probe fails when the page has not opened within ``timeout`` seconds (15 s in the national
check) or answers with an error; an anti-bot wall's answer (error ``blocked``) is no failure. The failure ratio over all probes is what the 5 % veto and
the census deduction (−5 per 1 %) are computed from; storing probes is the Django side's job.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from gongkai.audit.clock import now
from gongkai.audit.config import AuditConfig
from gongkai.audit.fetch import Fetcher


@dataclass(slots=True)
class ProbeResult:
    at: str  # ISO time the probe started (UTC)
    ok: bool
    status: int | None
    error: str | None  # timeout, dns, tls, connect, http, blocked
    elapsed: float  # seconds
    detail: str = ""


@dataclass
class ProbeReport:
    url: str
    timeout: float
    results: list[ProbeResult] = field(default_factory=list)

    @property
    def failures(self) -> int:
        return sum(1 for r in self.results if not r.ok)

    @property
    def failure_ratio(self) -> float:
        return self.failures / len(self.results) if self.results else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "timeout": self.timeout,
            "count": len(self.results),
            "failures": self.failures,
            "failure_ratio": round(self.failure_ratio, 4),
            "probes": [asdict(r) for r in self.results],
        }


async def probe(
    url: str,
    count: int,
    interval: float,
    timeout: float = 15.0,
    on_result: Callable[[int, ProbeResult], None] | None = None,
) -> ProbeReport:
    """Open ``url`` ``count`` times, ``interval`` seconds apart; no retries (each probe counts)."""
    config = AuditConfig(
        start=url,
        total_timeout=timeout,
        connect_timeout=timeout,
        read_timeout=timeout,
        retries=0,
        rate=0,
        concurrency=1,
    )
    report = ProbeReport(url, timeout)
    loop = asyncio.get_running_loop()
    async with Fetcher(config) as fetcher:
        for i in range(count):
            began = loop.time()
            at = now()
            fetched = await fetcher.fetch(url, body=True, html_only=False)
            # an anti-bot wall answered in time: the server is up, and a wall says nothing about
            # whether people can open the site, so it is no failure of the unreachable veto
            opened = fetched.ok or fetched.error == "blocked"
            result = ProbeResult(
                at, opened, fetched.status, fetched.error, round(fetched.elapsed, 3), fetched.detail
            )
            report.results.append(result)
            if on_result is not None:
                on_result(i + 1, result)
            if i < count - 1:
                await asyncio.sleep(max(0.0, interval - (loop.time() - began)))
    return report
