"""Who runs a background job, and whether that process still exists.

A worker is ``host|pid|start``: the host name, the process id and when the process started (on
Linux the machine's boot id and the process's start tick from ``/proc``, so neither a pid reused
by another process nor the same pid after a reboot passes for the old one). A job's worker on
this host is gone when no process with that pid and start is alive; on another host, or where
``/proc`` is missing (Windows), when its heartbeat is older than ``HEARTBEAT_STALE``.
"""

from __future__ import annotations

import os
import socket
import time
from datetime import datetime, timedelta
from pathlib import Path

HEARTBEAT_INTERVAL = 5.0  # seconds between two heartbeats of a running job
HEARTBEAT_STALE = timedelta(minutes=2)
_STARTED = f"t{time.time():.0f}"  # where /proc is missing: this process's import time


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()[:8]
    except OSError:
        return "boot"


def _proc_start(pid: int) -> str | None:
    """``boot:tick`` of process ``pid`` from /proc; None when there is no such process (or no /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: split after its last ")"
    return f"{_boot_id()}:{stat.rsplit(')', 1)[1].split()[19]}"


def _has_proc() -> bool:
    return Path("/proc/self/stat").exists()


def identity() -> str:
    """This process as a worker: ``host|pid|start``."""
    pid = os.getpid()
    start = _proc_start(pid) if _has_proc() else None
    return f"{socket.gethostname()}|{pid}|{start or _STARTED}"


def is_gone(worker: str, heartbeat: datetime | None, now: datetime) -> bool:
    """Whether the process ``worker`` that last beat at ``heartbeat`` is no longer running."""
    host, _, rest = worker.partition("|")
    pid_text, _, start = rest.partition("|")
    if host == socket.gethostname() and pid_text.isdigit() and _has_proc():
        return _proc_start(int(pid_text)) != start
    if worker == identity():
        return False
    return heartbeat is None or now - heartbeat > HEARTBEAT_STALE
