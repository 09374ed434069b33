"""One audit per host at a time, across every worker: the engine's politeness (``rate`` requests
per second and ``concurrency`` connections per host, gongkai.audit.config) holds inside one
crawl, so two workers auditing two sites of the same server at once would double it.

With Celery (``settings.REDIS_URL``) the lock is a Redis key per host name (``SET NX`` with a
time to live, renewed by the crawl's heartbeat, so a worker that dies frees its host within
``LOCK_TTL``); in-process, a ``threading.Lock`` per host. Sites on different ports of one host
name share the lock: it is one server.
"""

from __future__ import annotations

import threading
import uuid
from urllib.parse import urlsplit

from django.conf import settings

LOCK_TTL = 60  # seconds a worker holds a host without renewing it
_local: dict[str, threading.Lock] = {}
_local_guard = threading.Lock()


def host_of(url: str) -> str:
    """The host name a site's address is served from (lower case, without port)."""
    return (urlsplit(url.strip()).hostname or url.strip()).lower()


class HostLock:
    """``acquire()`` (non-blocking, True when this caller now holds the host), ``renew()`` while
    crawling, ``release()`` at the end."""

    def __init__(self, host: str) -> None:
        self.host = host
        self.key = f"gongkai:audit-host:{host}"
        self.token = uuid.uuid4().hex
        self._redis = None
        self._held = False
        if settings.REDIS_URL:
            import redis

            self._redis = redis.Redis.from_url(settings.REDIS_URL)

    def acquire(self) -> bool:
        if self._redis is not None:
            self._held = bool(self._redis.set(self.key, self.token, nx=True, ex=LOCK_TTL))
        else:
            with _local_guard:
                lock = _local.setdefault(self.host, threading.Lock())
            self._held = lock.acquire(blocking=False)
        return self._held

    def renew(self) -> None:
        """Push the lock's expiry back (Redis); a lock lost meanwhile is taken back if free."""
        if self._redis is None or not self._held:
            return
        if self._redis.get(self.key) == self.token.encode():
            self._redis.expire(self.key, LOCK_TTL)
        else:
            self._redis.set(self.key, self.token, nx=True, ex=LOCK_TTL)

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        if self._redis is not None:
            # delete only our own key: compare and delete in one step
            self._redis.eval(
                "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
                1,
                self.key,
                self.token,
            )
            self._redis.close()
        else:
            _local[self.host].release()

    def holder(self) -> str | None:
        """Whether someone holds the host (Redis: its token; in-process: "local")."""
        if self._redis is not None:
            value = self._redis.get(self.key)
            return value.decode() if value else None
        lock = _local.get(self.host)
        return "local" if lock is not None and lock.locked() else None
