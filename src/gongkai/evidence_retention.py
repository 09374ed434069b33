"""How long audit evidence is kept (issue 18): `gongkai evidence prune`.

A run's evidence folder (monitoring.evidence_files) is deleted once the run finished more than
``settings.EVIDENCE_KEEP_DAYS`` days ago, unless it still backs something a unit can contest:

- the latest run of its site (what the review pages and the next scoring read);
- a run with a finding behind a follow-up problem not yet verified fixed (the unit may still
  argue it);
- a run whose findings a published period scored (the circular cites them).

Folders under the evidence root that no run refers to (an audit killed before its run was
stored, spool files of a crash) go once their last change is older than the same limit. The run
keeps its ``evidence_dir`` and its findings their ``evidence`` paths, so the pages that show
evidence can say it was deleted by retention rather than never taken.

This module sits above the apps (it reads follow-up problems and published scores).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from gongkai.assessment.models import Period, Score
from gongkai.followup.models import Problem
from gongkai.monitoring.evidence_files import evidence_root, run_folder
from gongkai.monitoring.models import AuditRun, Finding

_ID_BATCH = 5000  # finding ids per query (SQLite's parameter limit)


@dataclass
class Pruned:
    """What a prune deleted (or, with ``dry_run``, would delete)."""

    runs: list[AuditRun] = field(default_factory=list)
    orphans: list[Path] = field(default_factory=list)
    kept: dict[str, int] = field(default_factory=dict)  # reason -> old runs kept for it
    bytes: int = 0


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _protected() -> dict[int, str]:
    """Run id -> why its evidence is kept whatever its age."""
    reasons: dict[int, str] = {}
    published_findings = set()
    for ids in Score.objects.filter(period__status=Period.Status.PUBLISHED).values_list(
        "finding_ids", flat=True
    ):
        published_findings.update(ids or ())
    ordered = sorted(published_findings)
    for start in range(0, len(ordered), _ID_BATCH):
        chunk = ordered[start : start + _ID_BATCH]
        for run_id in Finding.objects.filter(pk__in=chunk).values_list("run_id", flat=True).distinct():
            reasons[run_id] = "已发布通报引用"
    unverified = Problem.objects.exclude(status=Problem.Status.VERIFIED).exclude(finding=None)
    for run_id in unverified.values_list("finding__run_id", flat=True).distinct():
        reasons[run_id] = "整改问题尚未核实"
    latest = AuditRun.objects.values("site_id").annotate(last=Max("id")).values_list("last", flat=True)
    for run_id in latest:
        reasons[run_id] = "网站最近一次检查"
    return reasons


def prune(*, days: int | None = None, dry_run: bool = False) -> Pruned:
    """Delete the evidence older than ``days`` (default settings.EVIDENCE_KEEP_DAYS) that nothing
    still needs; with ``dry_run`` only say what would go."""
    keep_days = settings.EVIDENCE_KEEP_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=keep_days)
    protected = _protected()
    done = Pruned()
    referenced: set[Path] = set()
    for run in AuditRun.objects.exclude(evidence_dir="").order_by("id"):
        folder = run_folder(run)
        referenced.add(folder.resolve())
        if not folder.is_dir():
            continue  # deleted earlier
        finished = run.finished_at or run.started_at
        if finished is None or finished >= cutoff:
            continue
        if run.pk in protected:
            reason = protected[run.pk]
            done.kept[reason] = done.kept.get(reason, 0) + 1
            continue
        done.runs.append(run)
        done.bytes += _size(folder)
        if not dry_run:
            shutil.rmtree(folder, ignore_errors=True)
    done.orphans = _orphans(referenced, cutoff.timestamp())
    for orphan in done.orphans:
        done.bytes += _size(orphan)
        if not dry_run:
            shutil.rmtree(orphan, ignore_errors=True)
    return done


def _orphans(referenced: set[Path], cutoff: float) -> list[Path]:
    """Run folders (evidence/<site>/<name>) no run refers to, unchanged since before ``cutoff``."""
    root = evidence_root()
    if not root.is_dir():
        return []
    found = []
    for site in sorted(root.iterdir()):
        if not site.is_dir():
            continue
        for folder in sorted(site.iterdir()):
            if folder.is_dir() and folder.resolve() not in referenced and _last_change(folder) < cutoff:
                found.append(folder)
    return found


def _last_change(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.rglob("*")), default=folder.stat().st_mtime)


def describe(done: Pruned, *, days: int, dry_run: bool) -> str:
    """One Chinese sentence for the command and the audit log."""
    verb = "将删除" if dry_run else "已删除"
    kept = "，".join(f"{reason} {n} 次" for reason, n in sorted(done.kept.items()))
    text = (
        f"证据保存期限 {days} 天：{verb} {len(done.runs)} 次检查的证据"
        f"和 {len(done.orphans)} 个无检查记录的证据目录，共 {done.bytes / 1_048_576:.1f} MB"
    )
    return text + (f"；超过期限但保留：{kept}" if kept else "") + "。"
