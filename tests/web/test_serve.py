"""`gongkai serve` as an attacker meets it: the real command in a subprocess on a loopback port.
200 half-open connections (partial headers, never finished) do not stop a normal request, and are
closed once the header timeout passes; responses carry a Content-Security-Policy and the other
security headers and no server or Python version."""

from __future__ import annotations

import os
import re
import select
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

HALF_OPEN = 200
TIMEOUT = 3  # seconds, passed as --timeout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, dict(response.headers.items()), response.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path_factory.mktemp("serve"))}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gongkai.cli",
            "serve",
            "--port",
            str(port),
            "--no-reminders",
            "--timeout",
            str(TIMEOUT),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            _get(base + "/accounts/login/", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("gongkai serve did not start: " + process.stdout.read().decode(errors="replace"))
            time.sleep(0.3)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_half_open_connections_neither_block_nor_linger(server):
    port = int(server.rsplit(":", 1)[1])
    idle = []
    for _ in range(HALF_OPEN):
        conn = socket.create_connection(("127.0.0.1", port), timeout=5)
        conn.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        idle.append(conn)
    try:
        began = time.monotonic()
        status, _, body = _get(server + "/accounts/login/", timeout=5)
        took = time.monotonic() - began
        assert status == 200 and "登录".encode() in body
        assert took < 2, f"a normal request took {took:.1f} s behind {HALF_OPEN} half-open connections"
        # every half-open connection is closed by the server once the timeout has passed
        deadline = time.monotonic() + TIMEOUT * 4 + 5
        open_ = set(idle)
        while open_ and time.monotonic() < deadline:
            readable, _, _ = select.select(list(open_), [], [], 0.5)
            for conn in readable:
                try:
                    data = conn.recv(4096)
                except ConnectionResetError:
                    data = b""
                if not data or data.startswith(b"HTTP/1.1 408"):
                    open_.discard(conn)
        closed_after = time.monotonic() - began
        assert not open_, (
            f"{len(open_)} of {HALF_OPEN} half-open connections still open after {closed_after:.0f} s"
        )
    finally:
        for conn in idle:
            conn.close()


def test_a_trickled_header_is_cut_off_at_the_deadline(server):
    """Slowloris: one header byte a second keeps the connection active, so only the deadline for
    the whole header block closes it."""
    port = int(server.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        began = time.monotonic()
        closed = False
        while time.monotonic() - began < TIMEOUT * 5:
            try:
                conn.sendall(b"a")
                conn.settimeout(1)
                closed = conn.recv(100) == b"" or closed
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                closed = True
            if closed:
                break
        assert closed, f"still open after {time.monotonic() - began:.0f} s of trickled header"
        assert time.monotonic() - began <= TIMEOUT * 3


def test_one_address_cannot_take_every_connection(server):
    """1,000 half-open connections from one address: past its share they are closed at once, and a
    client at another address is served right away."""
    port = int(server.rsplit(":", 1)[1])
    idle = []
    try:
        for _ in range(1000):
            conn = socket.create_connection(("127.0.0.1", port), timeout=5)
            conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            idle.append(conn)
        began = time.monotonic()
        with socket.create_connection(
            ("127.0.0.1", port), timeout=5, source_address=("127.0.0.2", 0)
        ) as other:
            other.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            assert other.recv(12) == b"HTTP/1.1 200"
        assert time.monotonic() - began < 2
        for conn in idle[-50:]:  # well past the per-address share: closed without an answer
            conn.settimeout(2)
            try:
                assert conn.recv(10) == b""
            except ConnectionResetError:  # closed with our partial request unread
                pass
    finally:
        for conn in idle:
            conn.close()


def test_security_headers_and_no_version_banner(server):
    _, headers, _ = _get(server + "/accounts/login/")
    assert headers.get("Server", "gongkai") == "gongkai"
    assert not re.search(
        r"python|cpython|wsgiserver|waitress", " ".join(f"{k}: {v}" for k, v in headers.items()), re.I
    )
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    # static files go through the same stack
    _, static_headers, _ = _get(server + "/static/web/gongkai.css")
    assert "default-src 'self'" in static_headers.get("Content-Security-Policy", "")


@pytest.mark.django_db
def test_hsts_when_https_is_on(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600  # what settings.py sets with GONGKAI_HTTPS=1
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=3600")
    assert "default-src 'self'" in response["Content-Security-Policy"]


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on… event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_have_nothing_the_policy_would_block():
    """script-src/style-src 'self' blocks inline code: every template of the product keeps its
    scripts and styles in static files."""
    root = Path(__file__).resolve().parents[2] / "src" / "gongkai"
    found = [
        f"{path.relative_to(root)}: {label}"
        for path in root.rglob("templates/**/*.html")
        for pattern, label in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
