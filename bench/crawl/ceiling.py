"""The ceiling: a bare asyncio fetch-and-parse loop with no checks, no politeness, no retries.

It GETs every same-host URL found in a/href, img/src, script/src and link/href once and parses
the HTML ones with selectolax (Lexbor). Nothing a real audit needs is done, so its pages/s is the
upper bound of what aiohttp + Lexbor can do against the same server.

With ``--state FILE`` it is also the ceiling of an incremental re-audit: the ETag and links of
every URL are kept in FILE (JSON); a run with FILE present asks every URL conditionally
(If-None-Match) and takes the links of a 304 from FILE instead of parsing.

    python bench/crawl/ceiling.py URL [--concurrency 10] [--state FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import aiohttp
from selectolax.lexbor import LexborHTMLParser


async def crawl(
    start: str, concurrency: int, state: dict[str, list] | None = None
) -> tuple[dict[str, object], dict[str, list]]:
    host = urlsplit(start).netloc
    seen = {start}
    queue: asyncio.Queue[str] = asyncio.Queue()
    queue.put_nowait(start)
    counts: dict[str, int] = {"html": 0, "other": 0, "errors": 0, "not_modified": 0}
    broken: list[str] = []
    known = state or {}
    kept: dict[str, list] = {}  # url -> [etag, links]

    async def worker(session: aiohttp.ClientSession) -> None:
        while True:
            url = await queue.get()
            try:
                old = known.get(url)
                headers = {"If-None-Match": old[0]} if old and old[0] else None
                async with session.get(url, headers=headers) as resp:
                    links: list[str] = []
                    if resp.status == 304 and old:
                        counts["not_modified"] += 1
                        links = old[1]
                    elif resp.status >= 400:
                        counts["errors"] += 1
                        broken.append(urlsplit(url).path)
                    elif resp.content_type == "text/html":
                        text = await resp.text(errors="replace")
                        counts["html"] += 1
                        for node in LexborHTMLParser(text).css("a[href], img[src], script[src], link[href]"):
                            raw = node.attributes.get("href") or node.attributes.get("src") or ""
                            target = urldefrag(urljoin(url, raw.strip()))[0]
                            if urlsplit(target).netloc == host:
                                links.append(target)
                    else:
                        counts["other"] += 1
                    if state is not None:
                        kept[url] = [resp.headers.get("ETag"), links]
                for target in links:
                    if target not in seen:
                        seen.add(target)
                        queue.put_nowait(target)
            except aiohttp.ClientError:
                counts["errors"] += 1
                broken.append(urlsplit(url).path)
            finally:
                queue.task_done()

    connector = aiohttp.TCPConnector(limit_per_host=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        workers = [asyncio.create_task(worker(session)) for _ in range(concurrency)]
        await queue.join()
        for w in workers:
            w.cancel()
    return {**counts, "broken": sorted(broken)}, kept


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--state", type=Path, help="ETags and links kept between runs (JSON)")
    args = parser.parse_args()
    began = time.monotonic()
    state = None
    if args.state is not None:
        state = json.loads(args.state.read_text()) if args.state.exists() else {}
    counts, kept = asyncio.run(crawl(args.url, args.concurrency, state))
    if args.state is not None:
        args.state.write_text(json.dumps(kept))
    counts["seconds"] = round(time.monotonic() - began, 2)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
