"""The downloader on its own: politeness limits, redirect caps, walls, size caps."""

from __future__ import annotations

import asyncio
import ssl
import time

import aiohttp
import pytest
from aiohttp.client_reqrep import ConnectionKey

from gongkai.audit.fetch import Fetcher, FetchResult, _classify, looks_like_challenge
from tests.audit.conftest import fast_config
from tests.audit.testsite import GovSite


async def fetch_all(config_kwargs: dict, urls: list[str]) -> list[FetchResult]:
    async with Fetcher(fast_config(urls[0], **config_kwargs)) as fetcher:
        return await asyncio.gather(*(fetcher.fetch(u) for u in urls))


def test_connection_limit_per_host(site: GovSite) -> None:
    site.max_in_flight = 0
    urls = [site.url(f"/concurrent/{i}") for i in range(8)]
    results = asyncio.run(fetch_all({"concurrency": 2}, urls))
    assert all(r.ok for r in results)
    assert site.max_in_flight == 2


def test_request_rate_per_host(site: GovSite) -> None:
    urls = [site.url(f"/concurrent/r{i}") for i in range(6)]
    began = time.monotonic()
    results = asyncio.run(fetch_all({"rate": 10.0}, urls))
    assert all(r.ok for r in results)
    assert time.monotonic() - began >= 0.45  # 6 requests at 10/s: the last starts 0.5 s after the first


def test_redirect_cap(site: GovSite) -> None:
    (result,) = asyncio.run(fetch_all({"max_redirects": 4}, [site.url("/chain/0")]))
    assert result.error == "http" and result.detail == "重定向次数过多"
    assert result.final_url == site.url("/chain/4")


def test_redirect_is_followed(site: GovSite) -> None:
    (result,) = asyncio.run(fetch_all({}, [site.url("/redirect-ok")]))
    assert result.ok and result.final_url == site.url("/col/news/") and result.body


def test_size_cap_stops_the_download(site: GovSite) -> None:
    (result,) = asyncio.run(fetch_all({"max_page_bytes": 100_000}, [site.url("/huge.html")]))
    assert result.ok and result.truncated and len(result.body or b"") == 100_000


def test_walls_are_blocked_not_broken(site: GovSite) -> None:
    results = asyncio.run(
        fetch_all(
            {"retries": 0},
            [
                site.url(p)
                for p in ("/challenge", "/always429", "/js-wall", "/waf412", "/notfound-with-script")
            ],
        )
    )
    assert [(r.status, r.error) for r in results] == [
        (403, "blocked"),
        (429, "blocked"),
        (200, "blocked"),
        (412, "blocked"),
        (404, "http"),
    ]


def test_challenge_heuristic_spares_ordinary_pages() -> None:
    article = "<html><body><p>本系统登录需要安全验证。</p>" + "<a href='/x'>x</a>" * 10 + "</body></html>"
    assert not looks_like_challenge(200, article.encode())
    assert not looks_like_challenge(200, b"<p>plain small page</p>")
    assert looks_like_challenge(503, "<p>请开启JavaScript后访问</p>".encode())


def _key() -> ConnectionKey:
    return ConnectionKey("x.gov.cn", 443, True, True, None, None, None, None)


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (TimeoutError(), "timeout"),
        (aiohttp.ClientConnectorDNSError(_key(), OSError(-2, "Name or service not known")), "dns"),
        (aiohttp.ClientConnectorCertificateError(_key(), ssl.SSLCertVerificationError("bad cert")), "tls"),
        (aiohttp.ClientConnectorError(_key(), ConnectionRefusedError(111, "refused")), "connect"),
        (aiohttp.ServerDisconnectedError(), "connect"),
        (aiohttp.ClientPayloadError("broken gzip"), "http"),
    ],
)
def test_client_failures_get_named_reasons(exc: BaseException, reason: str) -> None:
    assert _classify(exc)[0] == reason
