"""The production WSGI server behind `gongkai serve` and `gongkai demo`: waitress (pure Python, so it
runs on the Windows machines of a county intranet as well as on Linux).

waitress reads requests in one asynchronous loop and hands only complete requests to a bounded
pool of threads, so half-open connections cost a socket, not a thread. On top of its inactivity
timeout (``channel_timeout``, which a client defeats by sending one byte now and then) every
request must arrive whole within a deadline: ``timeout`` for the headers, ``body_timeout`` for the
body. One client address holds at most ``per_address`` connections. No ``Server`` banner beyond
"gongkai".
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


def _descriptor_budget() -> int:
    """Connections the process can hold: on POSIX the soft descriptor limit, raised towards the hard
    one, less a reserve for database and log files; Windows has only select(), limited to 512."""
    if not hasattr(select, "poll"):
        return 400
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 8192 if hard == resource.RLIM_INFINITY else min(hard, 8192)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return max(100, min(4000, soft - 200))


@dataclass(frozen=True)
class Limits:
    threads: int = 8  # requests handled at once; more wait in the queue
    timeout: int = 20  # seconds: idle connection, and the whole header block of a request
    body_timeout: int = 300  # seconds: the whole request with its body (uploads up to the size limit)
    max_header_bytes: int = 64 * 1024
    max_body_bytes: int = 64 * 1024 * 1024  # Django's own limits (MAX_UPLOAD_BYTES) apply below this
    connections: int | None = None  # open connections in all; None: what the process can hold
    per_address: int = 256  # open connections from one client address; more are closed at once


class DeadlineChannel(HTTPChannel):
    """An HTTP connection that remembers when the request it is receiving began, and closes itself
    at once when its client address already holds ``per_address`` connections."""

    request_began = 0.0

    def __init__(self, server, sock, addr, adj, map=None) -> None:
        super().__init__(server, sock, addr, adj, map)
        host = addr[0] if isinstance(addr, tuple) else addr
        same = sum(
            1 for channel in server.active_channels.values() if channel.addr and channel.addr[0] == host
        )
        if same > adj.gongkai_per_address:
            self.will_close = True  # one client must not take every connection

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
        connection_limit=limits.connections or _descriptor_budget(),
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
    adj.gongkai_per_address = limits.per_address
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
