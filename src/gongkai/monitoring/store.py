"""Store audit results and probes of registered sites; give them back as the contract's JSON.

The engine (gongkai.audit) knows nothing of the database: it returns the contract's JSON, and
this module is the only place that maps it to rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet

from gongkai.audit.config import AuditConfig
from gongkai.monitoring.evidence_files import kept_folder
from gongkai.monitoring.models import AuditRun, Finding, Probe, pack_pages
from gongkai.registry.models import Site

_BASE_FIELDS = {"kind", "page", "message"}


def config_for(site: Site, *, as_of: date, **limits: Any) -> AuditConfig:
    """The audit options of a registered site: its registered columns (a 年报 column too) override
    discovery, its budgets (when set) the engine's defaults, and its unit's category says whose
    deadline the annual report has (a government's Mar 31 or a department's Jan 31). A column's
    own update window (``window_days``, seed 003's 月更/季更 columns) goes with its URL and type;
    None leaves the type's default to the audit."""
    columns = [(c.url, c.column_type, c.window_days) for c in site.columns.all()]
    limits.setdefault("annual_report_deadline", site.unit.category.annual_report_deadline)
    limits.setdefault("veto_recheck_delay", settings.VETO_RECHECK_DELAY)
    limits.setdefault("retry_backoff", settings.RETRY_BACKOFF)
    if site.max_requests:
        limits.setdefault("max_requests", site.max_requests)
    if site.max_pages:
        limits.setdefault("max_pages", site.max_pages)
        # a page costs a few requests (its links, images, attachments): a site allowed more pages
        # gets a request budget that lets it reach them, unless it set one of its own (above)
        limits.setdefault("max_requests", max(AuditConfig.max_requests, 4 * site.max_pages))
    if site.max_minutes:
        limits.setdefault("max_seconds", site.max_minutes * 60.0)
    # incremental re-audit: the site's page state, one file per site (gongkai.audit.page_state)
    limits.setdefault("page_state", str(settings.DATA_DIR / "page-state" / f"{site.pk}.sqlite"))
    return AuditConfig(start=site.url, as_of=as_of, columns=columns, **limits)


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@transaction.atomic
def record_run(
    site: Site, result: dict[str, Any], *, options: dict[str, Any] | None = None, evidence_dir: str = ""
) -> AuditRun:
    """Save one `gongkai check` result (the contract's JSON, with ``pages`` when the engine's
    ``to_record()`` made it) for a registered site; ``evidence_dir``: the folder the audit wrote
    its evidence to (monitoring.evidence_files), kept only when the audit left evidence there."""
    run = AuditRun.objects.create(
        evidence_dir=kept_folder(evidence_dir),
        site=site,
        status=AuditRun.Status.FAILED if result.get("error") else AuditRun.Status.DONE,
        start=result["start"],
        as_of=date.fromisoformat(result["as_of"]),
        started_at=_when(result.get("started_at")),
        finished_at=_when(result.get("finished_at")),
        pages_crawled=result.get("pages_crawled") or 0,
        truncated=bool(result.get("truncated")),
        error=result.get("error") or "",
        site_info=result.get("site") or {},
        columns=result.get("columns") or [],
        options=options or {},
        pages_packed=pack_pages(result.get("pages") or []),
        incomplete=result.get("incomplete") or [],
        annual_reports=result.get("annual_reports") or [],
        messages=result.get("messages") or [],
    )
    Finding.objects.bulk_create(
        [
            Finding(
                run=run,
                kind=f["kind"],
                page=f.get("page", ""),
                message=f.get("message", ""),
                data={k: v for k, v in f.items() if k not in _BASE_FIELDS},
                position=i,
            )
            for i, f in enumerate(result.get("findings") or [])
        ],
        batch_size=1000,
    )
    return run


def run_to_contract(run: AuditRun) -> dict[str, Any]:
    """The stored run as the contract's JSON, field for field."""
    return {
        "start": run.start,
        "as_of": run.as_of.isoformat(),
        "started_at": run.started_at.isoformat() if run.started_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "pages_crawled": run.pages_crawled,
        "truncated": run.truncated,
        "error": run.error or None,
        "site": run.site_info,
        "columns": run.columns,
        "findings": [f.to_contract() for f in run.findings.all()],
        "complete": not run.incomplete,
        "incomplete": run.incomplete,
        "annual_reports": run.annual_reports,
        "messages": run.messages,
    }


def counts_by_kind(run: AuditRun) -> dict[str, int]:
    return dict(run.findings.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))


def latest_runs_of(unit_ids: Iterable[int], check_date: date) -> dict[int, list[AuditRun]]:
    """The latest audit run of each active site of the units with ``as_of`` on or before the
    check date: the runs scoring and finding review look at, in three queries: {unit id: runs},
    in the order of the unit's sites (by name); a unit without such a run is absent. A run that
    could not audit the site counts too: its finding (kind ``site``, check ``unreachable``) is
    what the unit is scored on, rather than being scored as if nothing had been found."""
    sites = list(
        Site.objects.filter(unit_id__in=set(unit_ids), active=True)
        .order_by("unit_id", "name", "id")
        .values_list("id", "unit_id")
    )
    latest: dict[int, int] = {}  # site id -> its latest run's id
    for run_id, site_id in (
        AuditRun.objects.filter(
            site_id__in=[site_id for site_id, _ in sites],
            status__in=(AuditRun.Status.DONE, AuditRun.Status.FAILED),
            as_of__lte=check_date,
        )
        .order_by("site_id", "-as_of", "-id")
        .values_list("id", "site_id")
    ):
        latest.setdefault(site_id, run_id)
    runs = AuditRun.objects.in_bulk(list(latest.values()))
    by_unit: dict[int, list[AuditRun]] = {}
    for site_id, unit_id in sites:
        if site_id in latest:
            by_unit.setdefault(unit_id, []).append(runs[latest[site_id]])
    return by_unit


def record_probes(site: Site, report: dict[str, Any]) -> int:
    """Save the probes of one `gongkai probe` report; returns how many were stored."""
    rows = [
        Probe(
            site=site,
            url=report["url"],
            at=datetime.fromisoformat(p["at"]),
            ok=p["ok"],
            status=p.get("status"),
            error=p.get("error") or "",
            elapsed=p.get("elapsed") or 0.0,
            timeout=report.get("timeout", 15.0),
        )
        for p in report.get("probes", [])
    ]
    Probe.objects.bulk_create(rows)
    return len(rows)


def failure_ratio(probes: QuerySet[Probe]) -> float | None:
    """Failed probes / all probes (None without probes): the input of the 5 % veto."""
    agg = probes.aggregate(total=Count("id"), failed=Count("id", filter=Q(ok=False)))
    return agg["failed"] / agg["total"] if agg["total"] else None


def find_site(url: str) -> Site | None:
    """The registered site whose address is `url` (trailing slash and scheme case ignored)."""
    wanted = url.strip().rstrip("/")
    return Site.objects.filter(Q(url__iexact=wanted) | Q(url__iexact=wanted + "/")).first()
