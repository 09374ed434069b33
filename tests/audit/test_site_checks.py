"""Site-level checks: HTTPS, IPv6 (through a DNS server on loopback), site search, unreachable."""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.audit.checks.site import has_search, ipv6_status
from gongkai.audit.engine import AuditResult, audit
from gongkai.audit.page import Page
from tests.audit.conftest import fast_config
from tests.audit.dnsserver import DnsServer
from tests.audit.testsite import BARE_HOME, GovSite, free_port, home


def site_findings(result: AuditResult, check: str) -> list:
    return [f for f in result.findings if f.kind == "site" and f.fields["check"] == check]


@pytest.fixture(scope="module")
def dns_server() -> Iterator[DnsServer]:
    server = DnsServer({
        "localhost": ["::1"], "v6.gongkai.test": ["::1"], "dead6.gongkai.test": ["::1"],
        "v4only.gongkai.test": [],
    }).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


@pytest.fixture(scope="module")
def tls_site(tls_files: tuple[Path, Path]) -> Iterator[GovSite]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*tls_files)
    server = GovSite(tls=context).start()
    yield server
    server.stop()


def test_http_only_site_has_https_finding(site: GovSite) -> None:
    result = asyncio.run(audit(fast_config(site.url("/bare/"))))
    (finding,) = site_findings(result, "https")
    assert result.site["https"] is False and "HTTPS" in finding.message


def test_https_site_has_no_https_finding(tls_site: GovSite, tls_files: tuple[Path, Path]) -> None:
    result = asyncio.run(audit(fast_config(tls_site.url("/bare/"), ca_file=str(tls_files[0]))))
    assert result.error is None and result.site["https"] is True
    assert site_findings(result, "https") == []


def test_untrusted_certificate_is_a_tls_error_not_a_crash(tls_site: GovSite) -> None:
    result = asyncio.run(audit(fast_config(tls_site.url("/bare/"))))
    assert result.error is not None and "HTTPS" in result.error
    (finding,) = site_findings(result, "unreachable")
    assert "CERTIFICATE" in finding.fields["detail"].upper()


def test_tls_error_on_a_link_is_a_finding(site: GovSite, tls_site: GovSite) -> None:
    site.raw["tls-link.html"] = f'<a href="{tls_site.url("/")}">证书有问题的网站</a>'.encode()
    result = asyncio.run(audit(fast_config(site.url("/raw/tls-link.html"), external=True)))
    (finding,) = [f for f in result.findings if f.kind == "broken_link"]
    assert finding.fields["error"] == "tls" and finding.fields["target"] == tls_site.url("/")
    assert "证书" in finding.message


def test_search_present_on_home() -> None:
    assert has_search(Page("http://x/", 200, "text/html", home(80), 0, True))
    link_only = '<a href="/jsearch/index.html">站内检索</a>'
    assert has_search(Page("http://x/", 200, "text/html", link_only, 0, True))
    assert not has_search(Page("http://x/", 200, "text/html", BARE_HOME, 0, True))


def test_search_missing(site: GovSite) -> None:
    result = asyncio.run(audit(fast_config(site.url("/bare/"), max_pages=1)))
    (finding,) = site_findings(result, "search")
    assert result.site["search"] is False and "搜索" in finding.message


def test_unreachable_start_page() -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    result = asyncio.run(audit(fast_config(url)))
    assert result.error is not None and "无法访问" in result.error
    (finding,) = site_findings(result, "unreachable")
    assert finding.page == url and result.pages_crawled == 0


def test_ipv6_aaaa_and_connection(dns_server: DnsServer) -> None:
    with socket.socket(socket.AF_INET6) as listener:
        listener.bind(("::1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        ok, detail = asyncio.run(ipv6_status("v6.gongkai.test", port, dns_server=dns_server.address))
    assert ok is True and "::1" in detail
    assert "v6.gongkai.test." in dns_server.queries


def test_ipv6_record_without_connection(dns_server: DnsServer) -> None:
    port = free_port()
    ok, detail = asyncio.run(ipv6_status("dead6.gongkai.test", port, dns_server=dns_server.address, timeout=1))
    assert ok is False and "无法" in detail


def test_ipv6_no_aaaa_record(dns_server: DnsServer) -> None:
    assert asyncio.run(ipv6_status("v4only.gongkai.test", 80, dns_server=dns_server.address))[0] is False
    assert asyncio.run(ipv6_status("nowhere.gongkai.test", 80, dns_server=dns_server.address))[0] is False


def test_ipv6_not_applicable_to_ipv4_literal() -> None:
    assert asyncio.run(ipv6_status("127.0.0.1", 80))[0] is None


def test_ipv6_unknown_when_no_resolver_answers() -> None:
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    try:
        address = f"127.0.0.1:{silent.getsockname()[1]}"
        assert asyncio.run(ipv6_status("v6.gongkai.test", 80, dns_server=address, timeout=0.5))[0] is None
    finally:
        silent.close()


def test_whole_audit_reports_ipv6_through_the_dns_option(site: GovSite, dns_server: DnsServer) -> None:
    url = f"http://localhost:{site.port}/bare/"
    result = asyncio.run(audit(fast_config(url, max_pages=1, dns_server=dns_server.address)))
    assert result.site["ipv6"] is True and site_findings(result, "ipv6") == []
    assert "localhost." in dns_server.queries
