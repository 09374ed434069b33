"""site: site-level problems — HTTPS, IPv6, site search, and an unreachable start page.

IPv6 means an AAAA record *and* a working TCP connection to it (rules.md §4). The resolver can
be pointed at another DNS server (``AuditConfig.dns_server``), which is how the tests check it
against a DNS server on loopback. When the answer cannot be known (a host given as an IPv4
address, no resolver answering), ``ipv6`` stays null and no finding is made.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

import dns.asyncresolver
import dns.exception
import dns.resolver

from gongkai.audit.checks.base import Check
from gongkai.audit.context import AuditContext
from gongkai.audit.fetch import FetchResult
from gongkai.audit.findings import ERROR_TEXT, Finding
from gongkai.audit.page import Page

_SEARCH_NAMES = {"q", "query", "keyword", "keywords", "searchword", "kw", "wd", "word", "key", "sword", "qt"}
_SEARCH_TEXT = re.compile(r"搜索|检索|站内搜|search", re.IGNORECASE)


def has_search(page: Page) -> bool:
    """A search form or a link to a search page on the home page."""
    for form in page.tree.css("form"):
        action = form.attributes.get("action") or ""
        if _SEARCH_TEXT.search(action) or "so" in action.lower().split("/"):
            return True
        for field in form.css("input"):
            kind = (field.attributes.get("type") or "text").lower()
            name = (field.attributes.get("name") or "").lower()
            if kind == "search" or (kind == "text" and name in _SEARCH_NAMES):
                return True
    for link in page.tree.css("a[href]"):
        if _SEARCH_TEXT.search(link.text()) or "search" in (link.attributes.get("href") or "").lower():
            return True
    return False


def _certificate_problem(result: FetchResult) -> str | None:
    """The Chinese reason a certificate was refused (see :mod:`gongkai.audit.certificates`)."""
    detail = result.detail or ""
    return detail if result.error == "tls" and detail.startswith("证书") else None


def unreachable_finding(url: str, result: FetchResult) -> Finding:
    certificate = _certificate_problem(result)
    if certificate:
        return Finding(
            "site",
            url,
            f"网站首页无法安全访问:{certificate}。请更换由受信任机构签发、在有效期内、与域名相符的证书。",
            {
                "check": "unreachable",
                "detail": certificate,
            },
        )
    reason = ERROR_TEXT.get(result.error or "http", "无法访问")
    if result.status:
        reason += f"(HTTP {result.status})"
    return Finding(
        "site",
        url,
        f"网站首页无法访问:{reason}。请检查服务器、域名解析和网络。",
        {
            "check": "unreachable",
            "detail": result.detail or reason,
        },
    )


async def ipv6_status(
    host: str, port: int, *, dns_server: str | None = None, timeout: float = 3.0
) -> tuple[bool | None, str]:
    """(True/False/None, detail): AAAA record found and a TCP connection over IPv6 works."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    if address is not None:
        if address.version == 4:
            return None, "以 IPv4 地址访问,不适用"
        addresses = [str(address)]
    else:
        resolver = dns.asyncresolver.Resolver(configure=dns_server is None)
        if dns_server:
            ip, _, dns_port = (
                dns_server.rpartition(":") if dns_server.count(":") == 1 else (dns_server, "", "")
            )
            resolver.nameservers = [ip]
            resolver.port = int(dns_port or 53)
        resolver.lifetime = timeout
        try:
            answer = await resolver.resolve(host, "AAAA")
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return False, "域名没有 AAAA 记录"
        except (dns.exception.DNSException, OSError) as exc:
            return None, f"DNS 查询失败:{type(exc).__name__}"
        addresses = [rdata.address for rdata in answer]
    for addr in addresses:
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(addr, port, family=socket.AF_INET6), timeout
            )
        except (OSError, TimeoutError):
            continue
        writer.close()
        return True, f"IPv6 连接成功:[{addr}]:{port}"
    return False, "有 AAAA 记录但无法通过 IPv6 建立连接:" + ", ".join(addresses)


class SiteCheck(Check):
    """The HTTPS and IPv6 probes start with the start page and run while the site is crawled,
    each with its own timeout (``probe_timeout``, ``dns_timeout``); ``finish`` takes their answers."""

    name = "site"
    replayable = True  # reads the start page only, which is parsed in every audit

    def __init__(self) -> None:
        self._home: str | None = None
        self._probes: asyncio.Task[tuple[tuple[bool, str], tuple[bool | None, str]]] | None = None

    def _start_probes(self, ctx: AuditContext, home: str) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a check run by hand, outside an audit: ``finish`` probes
            return
        self._probes = loop.create_task(self._probe(ctx, home))

    async def _probe(self, ctx: AuditContext, home: str) -> tuple[tuple[bool, str], tuple[bool | None, str]]:
        parts = urlsplit(home)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        https, ipv6 = await asyncio.gather(
            self._https(ctx, home),
            ipv6_status(
                parts.hostname or "", port, dns_server=ctx.config.dns_server, timeout=ctx.config.dns_timeout
            ),
        )
        return https, ipv6

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        if page.is_start:
            self._home = page.url
            self._start_probes(ctx, page.url)
            ctx.site["SiteIDCode"] = page.meta.get("siteidcode") or ctx.site["SiteIDCode"]
            ctx.site["search"] = has_search(page)
            if not ctx.site["search"]:
                yield Finding(
                    "site",
                    page.url,
                    "首页未发现站内搜索功能,请在首页提供站内搜索。",
                    {
                        "check": "search",
                        "detail": "首页没有搜索表单或搜索入口链接",
                    },
                )

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        home = self._home or ctx.home
        probes = self._probes if self._probes is not None else self._probe(ctx, home)
        (https, detail), (ipv6, ipv6_detail) = await probes
        findings: list[Finding] = []
        ctx.site["https"] = https
        if not https and detail.startswith("证书"):
            findings.append(
                Finding(
                    "site",
                    home,
                    f"网站 HTTPS 证书无效:{detail}。请更换有效证书。",
                    {
                        "check": "https",
                        "detail": detail,
                    },
                )
            )
        elif not https:
            findings.append(
                Finding(
                    "site",
                    home,
                    f"网站不支持 HTTPS 访问({detail}),请部署有效证书并启用 HTTPS。",
                    {
                        "check": "https",
                        "detail": detail,
                    },
                )
            )
        detail = ipv6_detail
        ctx.site["ipv6"] = ipv6
        if ipv6 is False:
            findings.append(
                Finding(
                    "site",
                    home,
                    f"网站不支持 IPv6 访问({detail}),请完成 IPv6 改造。",
                    {
                        "check": "ipv6",
                        "detail": detail,
                    },
                )
            )
        return findings

    @staticmethod
    async def _https(ctx: AuditContext, home: str) -> tuple[bool, str]:
        parts = urlsplit(home)
        if parts.scheme == "https":
            return True, "首页以 HTTPS 访问"
        host = parts.hostname or ""
        url = urlunsplit(("https", f"[{host}]" if ":" in host else host, "/", "", ""))
        try:
            result = await asyncio.wait_for(
                ctx.fetcher.fetch(url, body=False, retries=0), ctx.config.probe_timeout
            )
        except TimeoutError:
            result = FetchResult(url, url, error="timeout", detail=f"{ctx.config.probe_timeout:g} 秒内无应答")
        if result.status is not None:  # any HTTP answer over TLS: HTTPS works
            return True, f"{url} 可以访问"
        certificate = _certificate_problem(result)
        if certificate:
            return False, certificate
        reason = ERROR_TEXT.get(result.error or "http", "无法访问")
        return False, f"{url} {reason}"
