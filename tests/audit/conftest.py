from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from gongkai.audit.config import AuditConfig
from tests.audit.testsite import GovSite


@pytest.fixture(scope="session")
def site() -> Iterator[GovSite]:
    server = GovSite().start()
    yield server
    server.stop()


def fast_config(start: str, **overrides: object) -> AuditConfig:
    """Audit settings for a loopback server: no politeness delays, short timeouts."""
    values: dict[str, object] = dict(
        start=start,
        as_of=date(2025, 12, 1),
        concurrency=8,
        rate=0,
        total_timeout=1.0,
        read_timeout=1.0,
        connect_timeout=1.0,
        retries=1,
        retry_backoff=0.05,
        recheck_delay=0.1,
        veto_recheck_delay=0.1,
        max_page_bytes=1024 * 1024,
        max_query_variants=10,
        max_retry_after=5,
        dns_timeout=1.0,
    )
    values.update(overrides)
    return AuditConfig(**values)  # type: ignore[arg-type]
