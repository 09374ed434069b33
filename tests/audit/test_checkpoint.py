"""A crawl's state written as it goes (issue 12 item 11): an audit stopped half-way and started
again with the same checkpoint file fetches only what it had not fetched, and finds the same."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.audit.checkpoint import recorded_targets
from gongkai.audit.engine import AuditResult, audit
from tests.audit.conftest import fast_config
from tests.audit.trapsite import TrapSite


@pytest.fixture(scope="module")
def wide() -> Iterator[TrapSite]:
    server = TrapSite().start()
    yield server
    server.stop()


def _config(site: TrapSite, checkpoint: Path | None = None, agent: str = "whole"):  # type: ignore[no-untyped-def]
    return fast_config(
        site.url("/wide/0.html"),
        max_depth=3,
        concurrency=2,
        checkpoint=str(checkpoint) if checkpoint else None,
        # 5 s, not fast_config's 1 s: on a loaded machine a 1 s timeout retries a page
        total_timeout=5.0,
        read_timeout=5.0,
        connect_timeout=5.0,
        # each run is told apart by its User-Agent: the cancelled run's last requests, in flight
        # when it stopped, can reach the server after the next run began (a CI run counted
        # /wide/15.html twice that way)
        user_agent=f"gongkai-test {agent}",
    )


def _findings(result: AuditResult) -> list[tuple]:
    return sorted((f.kind, f.page, f.message, sorted(f.fields.items())) for f in result.findings)


async def _stopped_after(site: TrapSite, checkpoint: Path, pages: int) -> None:
    """Run the audit and cancel it (as a kill would) once ``pages`` pages were processed."""
    reached = asyncio.Event()

    def progress(done: int, waiting: int) -> None:
        if done >= pages:
            reached.set()

    task = asyncio.create_task(audit(_config(site, checkpoint, "stopped"), progress=progress))
    await reached.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_resumed_audit_fetches_only_the_rest_and_finds_the_same(wide: TrapSite, tmp_path: Path) -> None:
    wide.reset()
    whole = asyncio.run(audit(_config(wide)))
    requests_whole = len(wide.paths)  # 40 pages, the 81 links of the last level checked, robots.txt…
    assert whole.pages_crawled == 40 and requests_whole > 100

    checkpoint = tmp_path / "run.jsonl"
    wide.reset()
    asyncio.run(_stopped_after(wide, checkpoint, 12))
    with checkpoint.open("a", encoding="utf-8") as file:
        file.write('{"kind": "page", "target": "http://cut-short')  # the line a kill -9 cuts
    done = recorded_targets(checkpoint)
    assert 12 <= len(done) < 40

    wide.reset()
    resumed = asyncio.run(audit(_config(wide, checkpoint, "resumed")))
    fetched = wide.paths_from("gongkai-test resumed")
    again = {wide.url(p) for p in fetched} & done
    assert again == set()  # nothing the first run recorded is fetched again
    assert len(fetched) == requests_whole - len(done)
    assert resumed.pages_crawled == whole.pages_crawled
    assert resumed.pages == whole.pages
    assert len(_findings(whole)) >= 40 and _findings(resumed) == _findings(whole)
