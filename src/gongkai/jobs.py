"""Where background work runs: on Celery workers when ``settings.REDIS_URL`` is set, otherwise on a
pool of two threads inside the web process (nothing to install or start on a laptop).

Tasks are Celery tasks either way, so the same function body runs in both modes; in-process
the task object is simply called in a pool thread. Tasks must be safe to receive twice (Celery
redelivers a message when a worker dies with ``acks_late``): the audit task claims its job with
a conditional UPDATE first.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

IN_PROCESS_WORKERS = 2

_pool: ThreadPoolExecutor | None = None
_pending: set[Future] = set()
_lock = threading.Lock()


def uses_celery() -> bool:
    return bool(settings.REDIS_URL)


def submit(task: Any, *args: Any) -> None:
    """Run the Celery task ``task`` with ``args`` in the background."""
    if uses_celery():
        _send(task, args)
        return
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=IN_PROCESS_WORKERS, thread_name_prefix="gongkai-job")
        future = _pool.submit(_run_in_thread, task, args)
        _pending.add(future)
    future.add_done_callback(_forget)


def _send(task: Any, args: tuple) -> None:
    from gongkai.celery import app

    # the broker address is read at send time, so a changed REDIS_URL takes effect at once
    with app.connection_for_write(settings.REDIS_URL) as connection:
        task.apply_async(args=args, connection=connection, queue=settings.CELERY_TASK_DEFAULT_QUEUE)


def _run_in_thread(task: Any, args: tuple) -> None:
    try:
        task(*args)
    except Exception:
        logger.exception("后台任务 %s%r 出错", getattr(task, "name", task), args)
    finally:
        # each pool thread has its own database connections: give them back
        connections.close_all()


def _forget(future: Future) -> None:
    with _lock:
        _pending.discard(future)


def wait_idle(timeout: float | None = None) -> bool:
    """Wait for the in-process jobs submitted so far; False if some are still running at the
    timeout. (Celery jobs are the workers' business: nothing to wait for here.)"""
    with _lock:
        pending = set(_pending)
    done, not_done = wait(pending, timeout=timeout)
    return not not_done
