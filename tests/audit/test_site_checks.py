"""Site-level checks: HTTPS, IPv6 (through a DNS server on loopback), site search, unreachable."""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gongkai.audit.certificates import covers, inspect_certificate
from gongkai.audit.checks.site import has_search, ipv6_status
from gongkai.audit.engine import AuditResult, audit
from gongkai.audit.page import Page
from tests.audit.conftest import fast_config
from tests.audit.dnsserver import DnsServer
from tests.audit.testsite import BARE_HOME, GovSite, free_port, home
from tests.audit.tlscerts import CertAuthority


def site_findings(result: AuditResult, check: str) -> list:
    return [f for f in result.findings if f.kind == "site" and f.fields["check"] == check]


@pytest.fixture(scope="module")
def dns_server() -> Iterator[DnsServer]:
    server = DnsServer(
        {
            "localhost": ["::1"],
            "v6.gongkai.test": ["::1"],
            "dead6.gongkai.test": ["::1"],
            "v4only.gongkai.test": [],
        }
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
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
    assert finding.fields["detail"] == "证书不受信任（自签名证书）"


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
    ok, detail = asyncio.run(
        ipv6_status("dead6.gongkai.test", port, dns_server=dns_server.address, timeout=1)
    )
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


# -- certificates: why HTTPS is refused, in Chinese, with the expiry date ------------------------


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> CertAuthority:
    return CertAuthority(tmp_path_factory.mktemp("ca"))


EXPIRED_ON = datetime(2024, 3, 1, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def tls_sites(ca: CertAuthority) -> Iterator[dict[str, GovSite]]:
    """One HTTPS test site per certificate: valid (signed by the test CA), self-signed, expired,
    issued for another host."""
    issued = {
        "valid": ca.issue("valid"),
        "self_signed": ca.issue("self", self_signed=True),
        "expired": ca.issue("expired", not_before=EXPIRED_ON - timedelta(days=365), not_after=EXPIRED_ON),
        "wrong_host": ca.issue("wrong", names=("www.other.gov.cn",)),
    }
    sites = {name: GovSite(tls=cert.server_context()).start() for name, cert in issued.items()}
    yield sites
    for server in sites.values():
        server.stop()


def https_audit(server: GovSite, ca: CertAuthority) -> AuditResult:
    return asyncio.run(audit(fast_config(server.url("/bare/"), max_pages=2, ca_file=str(ca.path))))


def test_valid_ca_signed_certificate_passes(tls_sites: dict[str, GovSite], ca: CertAuthority) -> None:
    result = https_audit(tls_sites["valid"], ca)
    assert result.error is None and result.site["https"] is True
    assert site_findings(result, "https") == [] and site_findings(result, "unreachable") == []
    report = inspect_certificate("127.0.0.1", tls_sites["valid"].port, ca_file=str(ca.path))
    assert report is not None and report.problems == () and "127.0.0.1" in report.names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("self_signed", "证书不受信任（自签名证书）"),
        ("expired", "证书已过期（到期日 2024-03-01）"),
        ("wrong_host", "证书域名不符（证书适用于 www.other.gov.cn，访问的是 127.0.0.1）"),
    ],
)
def test_certificate_problem_is_reported_in_chinese(
    tls_sites: dict[str, GovSite], ca: CertAuthority, name: str, expected: str
) -> None:
    result = https_audit(tls_sites[name], ca)
    (finding,) = site_findings(result, "unreachable")
    assert finding.fields["detail"] == expected
    assert expected in finding.message and "证书" in (result.error or "")
    assert not any(c.isascii() and c.isalpha() for c in finding.message.split("（")[0])  # no English


def test_certificate_problems_without_the_ca_add_up(tls_sites: dict[str, GovSite]) -> None:
    report = inspect_certificate("127.0.0.1", tls_sites["expired"].port)  # system store: CA unknown
    assert report is not None and report.not_after == EXPIRED_ON.date()
    assert report.problems == (
        "证书不受信任（签发机构不受信任或证书链不完整）",
        "证书已过期（到期日 2024-03-01）",
    )


def test_certificate_problem_on_a_linked_site(
    site: GovSite, tls_sites: dict[str, GovSite], ca: CertAuthority
) -> None:
    target = tls_sites["expired"].url("/")
    site.raw["expired-link.html"] = f'<a href="{target}">证书过期的网站</a>'.encode()
    result = asyncio.run(
        audit(fast_config(site.url("/raw/expired-link.html"), external=True, ca_file=str(ca.path)))
    )
    (finding,) = [f for f in result.findings if f.kind == "broken_link"]
    assert finding.fields["error"] == "tls" and "证书已过期（到期日 2024-03-01）" in finding.message


@pytest.mark.parametrize(
    ("names", "host", "expected"),
    [
        (("www.a.gov.cn",), "www.a.gov.cn", True),
        (("*.a.gov.cn",), "www.a.gov.cn", True),
        (("*.a.gov.cn",), "a.gov.cn", False),
        (("*.a.gov.cn",), "x.www.a.gov.cn", False),
        (("127.0.0.1",), "127.0.0.1", True),
        (("::1",), "[::1]", True),
        (("www.a.gov.cn",), "127.0.0.1", False),
        (("WWW.A.GOV.CN",), "www.a.gov.cn.", True),
    ],
)
def test_certificate_name_matching(names: tuple[str, ...], host: str, expected: bool) -> None:
    assert covers(names, host) is expected
