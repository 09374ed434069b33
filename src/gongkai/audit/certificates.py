"""Why an HTTPS certificate was refused, in words a site's staff can act on.

The HTTP client only says that verification failed (a long English message, cut). Here the
handshake is made once more with verification, to get OpenSSL's reason, and once without, to
read the certificate the server sent (with ``cryptography``): its expiry date and the names it
covers. The result is one Chinese sentence such as ``证书已过期（到期日 2024-03-01）``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.x509.oid import NameOID

# OpenSSL verify codes (x509_vfy.h) that mean "the issuer is not trusted"
_UNTRUSTED_CODES = {2, 18, 19, 20, 21, 27}
_EXPIRED_CODE, _NOT_YET_VALID_CODE = 10, 9
_HOSTNAME_CODES = {62, 64}


@dataclass(frozen=True, slots=True)
class CertificateReport:
    """What the server's certificate is and what is wrong with it (empty ``problems``: nothing)."""

    host: str
    not_after: date | None
    names: tuple[str, ...]  # DNS names and IP addresses the certificate covers
    self_signed: bool
    problems: tuple[str, ...]  # Chinese, e.g. "证书已过期（到期日 2024-03-01）"

    @property
    def message(self) -> str:
        return "；".join(self.problems)


def _names(cert: x509.Certificate) -> tuple[str, ...]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return tuple(str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME))
    return (
        *san.get_values_for_type(x509.DNSName),
        *(str(ip) for ip in san.get_values_for_type(x509.IPAddress)),
    )


def covers(names: tuple[str, ...], host: str) -> bool:
    """True when one of the certificate's names matches ``host`` (one-label ``*.`` wildcards)."""
    host = host.strip("[]").lower().rstrip(".")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for name in names:
        name = name.lower().rstrip(".")
        if address is not None:
            try:
                if ipaddress.ip_address(name) == address:
                    return True
            except ValueError:
                continue
        elif name == host or (
            name.startswith("*.") and host.count(".") >= 2 and host.split(".", 1)[1] == name[2:]
        ):
            return True
    return False


def _handshake(host: str, port: int, context: ssl.SSLContext, timeout: float) -> bytes | None:
    with socket.create_connection((host.strip("[]"), port), timeout=timeout) as raw:
        with context.wrap_socket(raw, server_hostname=host.strip("[]")) as tls:
            return tls.getpeercert(binary_form=True)


def inspect_certificate(
    host: str,
    port: int = 443,
    *,
    ca_file: str | None = None,
    timeout: float = 5.0,
    now: datetime | None = None,
) -> CertificateReport | None:
    """Connect to ``host:port`` and judge its certificate; None when no TLS handshake succeeds at all."""
    verify_code: int | None = None
    try:
        _handshake(host, port, ssl.create_default_context(cafile=ca_file), timeout)
    except ssl.SSLCertVerificationError as exc:
        verify_code = exc.verify_code
    except (OSError, ssl.SSLError):
        return None
    lenient = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    lenient.check_hostname = False
    lenient.verify_mode = ssl.CERT_NONE
    try:
        der = _handshake(host, port, lenient, timeout)
        cert = x509.load_der_x509_certificate(der) if der else None
    except (OSError, ssl.SSLError, ValueError):
        return None
    if cert is None:
        return None
    now = now or datetime.now(UTC)
    names = _names(cert)
    not_after = cert.not_valid_after_utc
    self_signed = cert.issuer == cert.subject
    problems = []
    if verify_code in _UNTRUSTED_CODES:
        kind = "自签名证书" if self_signed else "签发机构不受信任或证书链不完整"
        problems.append(f"证书不受信任（{kind}）")
    if not_after < now or verify_code == _EXPIRED_CODE:
        problems.append(f"证书已过期（到期日 {not_after.date().isoformat()}）")
    elif cert.not_valid_before_utc > now or verify_code == _NOT_YET_VALID_CODE:
        problems.append(f"证书尚未生效（生效日 {cert.not_valid_before_utc.date().isoformat()}）")
    if not covers(names, host) or verify_code in _HOSTNAME_CODES:
        shown = "、".join(names[:3]) + ("等" if len(names) > 3 else "") or "无"
        problems.append(f"证书域名不符（证书适用于 {shown}，访问的是 {host.strip('[]')}）")
    if verify_code is not None and not problems:
        problems.append(f"证书校验未通过（OpenSSL 错误码 {verify_code}）")
    return CertificateReport(host, not_after.date(), names, self_signed, tuple(problems))


async def describe_tls_failure(url: str, *, ca_file: str | None, timeout: float, fallback: str) -> str:
    """The Chinese reason an HTTPS ``url`` was refused, or ``fallback`` when it cannot be told."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return fallback
    try:
        port = parts.port or 443
    except ValueError:
        return fallback
    report = await asyncio.to_thread(
        inspect_certificate, parts.hostname, port, ca_file=ca_file, timeout=timeout
    )
    if report is None or not report.problems:
        return fallback
    return report.message
