"""A tiny real HTTP server on loopback for tests that need a website: path -> (status, HTML)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Audit options for a site served by serve_pages: no politeness delay, no retries, short recheck,
# timeouts generous enough for a loaded machine (AuditConfig's or config_for's keyword arguments)
LOOPBACK_AUDIT = dict(
    rate=0,
    retries=0,
    recheck_delay=0.1,
    veto_recheck_delay=0.1,
    connect_timeout=5.0,
    read_timeout=5.0,
    total_timeout=10.0,
    dns_timeout=1.0,
)


@contextmanager
def serve_pages(pages: Mapping[str, tuple[int, str]]) -> Iterator[str]:
    """Serve ``pages`` (unknown paths answer 404) and yield the base URL, e.g. http://127.0.0.1:PORT."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            status, body = pages.get(self.path, (404, "<html><body>未找到</body></html>"))
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_HEAD = do_GET

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
