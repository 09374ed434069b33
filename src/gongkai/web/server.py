"""The production WSGI server behind `gongkai serve` and `gongkai demo`: waitress (pure Python, so it
runs on the Windows machines of a county intranet as well as on Linux).

waitress reads requests in one asynchronous loop and hands only complete requests to a bounded
pool of threads, so half-open connections cost a socket, not a thread. On top of its inactivity
timeout (``channel_timeout``, which a client defeats by sending one byte now and then) every
request must arrive whole within a deadline: ``timeout`` for the headers, ``body_timeout`` for the
body. No ``Server`` banner beyond "gongkai".
"""

from __future__ import annotations

import select
import time
from collections.abc import Callable
from dataclasses import dataclass

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import MultiSocketServer, TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

IDENT = "gongkai"


@dataclass(frozen=True)
class Limits:
    threads: int = 8  # requests handled at once; more wait in the queue
    timeout: int = 20  # seconds: idle connection, and the whole header block of a request
    body_timeout: int = 300  # seconds: the whole request with its body (uploads up to the size limit)
    max_header_bytes: int = 64 * 1024
    max_body_bytes: int = 64 * 1024 * 1024  # Django's own limits (MAX_UPLOAD_BYTES) apply below this
    # poll() has no descriptor limit; Windows only has select(), limited to 512 sockets
    connections: int = 1000 if hasattr(select, "poll") else 400


class DeadlineChannel(HTTPChannel):
    """An HTTP connection that remembers when the request it is receiving began."""

    request_began = 0.0

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.request_began = time.time()
        return super().received(data)


class DeadlineServer(TcpWSGIServer):
    channel_class = DeadlineChannel

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        header_cutoff = now - self.adj.gongkai_timeout
        body_cutoff = now - self.adj.gongkai_body_timeout
        for channel in list(self.active_channels.values()):
            request = getattr(channel, "request", None)
            if request is None or channel.requests:
                continue
            cutoff = body_cutoff if request.headers_finished else header_cutoff
            if channel.request_began < cutoff:
                channel.will_close = True


def make_server(
    application: Callable, host: str, port: int, limits: Limits = Limits()
) -> TcpWSGIServer | MultiSocketServer:
    """A waitress server for ``application`` on ``host:port`` (every address ``host`` resolves to);
    call ``.run()`` to serve and ``.close()`` to stop."""
    adj = Adjustments(
        host=host,
        port=port,
        threads=limits.threads,
        connection_limit=limits.connections,
        channel_timeout=limits.timeout,
        cleanup_interval=max(1, min(limits.timeout // 2, 10)),
        max_request_header_size=limits.max_header_bytes,
        max_request_body_size=limits.max_body_bytes,
        asyncore_use_poll=hasattr(select, "poll"),
        ident=IDENT,
        expose_tracebacks=False,
    )
    adj.gongkai_timeout = limits.timeout
    adj.gongkai_body_timeout = limits.body_timeout
    socket_map: dict = {}
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(limits.threads)
    servers = [
        DeadlineServer(application, socket_map, dispatcher=dispatcher, adj=adj, sockinfo=sockinfo)
        for sockinfo in adj.listen
    ]
    if len(servers) == 1:
        return servers[0]
    listening = [(s.effective_host, s.effective_port) for s in servers]
    return MultiSocketServer(socket_map, adj, listening, dispatcher, servers[0].log_info)
