"""The ceiling: a bare asyncio fetch-and-parse loop with no checks, no politeness, no retries.

It GETs every same-host URL found in a/href, img/src, script/src and link/href once and parses
the HTML ones with selectolax (Lexbor). Nothing a real audit needs is done, so its pages/s is the
upper bound of what aiohttp + Lexbor can do against the same server.

    python bench/crawl/ceiling.py URL [--concurrency 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from urllib.parse import urldefrag, urljoin, urlsplit

import aiohttp
from selectolax.lexbor import LexborHTMLParser


async def crawl(start: str, concurrency: int) -> dict[str, object]:
    host = urlsplit(start).netloc
    seen = {start}
    queue: asyncio.Queue[str] = asyncio.Queue()
    queue.put_nowait(start)
    counts: dict[str, int] = {"html": 0, "other": 0, "errors": 0}
    broken: list[str] = []

    async def worker(session: aiohttp.ClientSession) -> None:
        while True:
            url = await queue.get()
            try:
                async with session.get(url) as resp:
                    if resp.status >= 400:
                        counts["errors"] += 1
                        broken.append(urlsplit(url).path)
                    elif resp.content_type == "text/html":
                        text = await resp.text(errors="replace")
                        counts["html"] += 1
                        for node in LexborHTMLParser(text).css("a[href], img[src], script[src], link[href]"):
                            raw = node.attributes.get("href") or node.attributes.get("src") or ""
                            target = urldefrag(urljoin(url, raw.strip()))[0]
                            if urlsplit(target).netloc == host and target not in seen:
                                seen.add(target)
                                queue.put_nowait(target)
                    else:
                        counts["other"] += 1
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
    return {**counts, "broken": sorted(broken)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    began = time.monotonic()
    counts = asyncio.run(crawl(args.url, args.concurrency))
    counts["seconds"] = round(time.monotonic() - began, 2)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
