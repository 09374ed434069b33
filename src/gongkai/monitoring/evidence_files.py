"""Where the evidence of audit runs is kept (issue 18): one folder per run under the data directory.

The engine writes a run's evidence (``gongkai.audit.evidence``: ``pages/<key>.html``,
``.headers.txt``, ``.png``, ``index.json``) into the folder given as ``AuditConfig.evidence_dir``;
``AuditRun.evidence_dir`` keeps that folder relative to ``settings.DATA_DIR`` and each finding's
``data["evidence"]`` keeps paths relative to the folder. Everything that serves or prints evidence
goes through :func:`evidence_file`, which never leaves the run's folder.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

ROOT = "evidence"


def evidence_root() -> Path:
    """The folder holding every run's evidence."""
    return Path(settings.DATA_DIR) / ROOT


def new_run_folder(site_id: int, when: datetime | None = None) -> str:
    """A fresh folder name for a run of site ``site_id`` (relative to the data directory)."""
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    return f"{ROOT}/{site_id}/{stamp}-{secrets.token_hex(4)}"


def job_folder(site_id: int, job_id: int) -> str:
    """The folder of a background job's evidence: the same when an interrupted job is resumed."""
    return f"{ROOT}/{site_id}/job-{job_id}"


def audit_folder(folder: str) -> str:
    """``folder`` when evidence is kept (``settings.EVIDENCE``, ``GONGKAI_EVIDENCE``), else ""."""
    return folder if settings.EVIDENCE else ""


def evidence_options(folder: str) -> dict[str, str]:
    """The engine's option (``AuditConfig.evidence_dir``) writing an audit's evidence into
    ``folder`` (relative to the data directory); none for ""."""
    return {"evidence_dir": str(Path(settings.DATA_DIR) / folder)} if folder else {}


def kept_folder(folder: str) -> str:
    """``folder`` when the audit left evidence in it (pages with findings), else "": a folder the
    audit left empty (nothing found, the site unreachable) is removed."""
    if not folder:
        return ""
    path = Path(settings.DATA_DIR) / folder
    if path.is_dir() and any(path.iterdir()):
        return folder
    if path.is_dir():
        path.rmdir()
    return ""


def run_folder(run) -> Path | None:
    """The absolute folder of ``run``'s evidence, or None when the run kept none."""
    if not run.evidence_dir:
        return None
    return Path(settings.DATA_DIR) / run.evidence_dir


def evidence_file(run, relative: str | None) -> Path | None:
    """The file ``relative`` (a path from a finding's ``evidence``) of ``run``'s evidence, or None
    when the run kept none, the path leaves the run's folder, or the file is gone (retention)."""
    folder = run_folder(run)
    if folder is None or not relative:
        return None
    root = folder.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path
