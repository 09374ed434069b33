"""The demonstration county, end to end: the main job of `gongkai demo`.

It generates the websites of the 偃师 units (seed 000) with planted problems
(:mod:`gongkai.demo`), serves them on loopback, points the registered sites at them, and runs a
whole assessment period on them: audits, availability probes, scores, and the circular.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from gongkai.assessment import services
from gongkai.assessment.models import Period
from gongkai.audit import AuditConfig, audit
from gongkai.audit.probe import probe
from gongkai.demo.manifest import CountyManifest
from gongkai.demo.server import RunningCounty, serve_county
from gongkai.demo.sites import generate_county
from gongkai.monitoring.evidence_files import audit_folder, evidence_options, new_run_folder
from gongkai.monitoring.store import config_for, record_probes, record_run
from gongkai.registry.models import Region, Site, Unit

DEMO_SCHEME = "pucha-2015"  # fully automatic: every deduction comes from the audit and the probes
PROBES_PER_SITE = 20  # rules.md §1 asks for at least 20 probes a day
AUDIT_CONCURRENCY = 8  # sites audited at once
# the demo keeps evidence (screenshots) for the sites with the most kinds of planted problems and
# the demo unit administrator's: screenshots of all 44 sites would take the demo from ~20 s to ~2 min
EVIDENCE_SITES = 6
EVIDENCE_UNIT = "统计局"  # the demo's unit administrator sees its evidence on the portal


@dataclass
class DemoCounty:
    manifest: CountyManifest
    server: RunningCounty
    sites: dict[str, Site]  # unit name -> registered site, now pointing at the loopback server


def start_demo_county(region: Region, root: Path, *, as_of: date) -> DemoCounty:
    """Generate one website per unit of the region, serve them, and register their addresses."""
    units = list(
        Unit.objects.filter(region=region).select_related("category").order_by("category__order", "order")
    )
    manifest = generate_county(root, as_of=as_of, units=[(u.name, u.category.name) for u in units])
    server = serve_county(root, manifest)
    sites = {}
    with transaction.atomic():
        for unit in units:
            site = unit.sites.order_by("id").first() or Site(unit=unit, name=unit.name)
            site.url = server.urls[unit.name]
            site.active = True
            site.save()
            site.columns.all().delete()  # columns are discovered on the generated sites
            sites[unit.name] = site
    return DemoCounty(manifest, server, sites)


async def _audit_all(jobs: list[tuple[Site, AuditConfig]]) -> list[tuple[Site, dict, dict]]:
    gate = asyncio.Semaphore(AUDIT_CONCURRENCY)

    async def one(site: Site, config: AuditConfig) -> tuple[Site, dict, dict]:
        async with gate:
            result = await audit(config)
            report = await probe(site.url, PROBES_PER_SITE, 0.0, timeout=3.0)
        return site, result.to_record(), report.to_dict()

    return await asyncio.gather(*(one(site, config) for site, config in jobs))


def _evidence_units(county: DemoCounty) -> set[str]:
    """The units whose audits keep evidence in the demo (EVIDENCE_SITES)."""
    reachable = [unit for unit in county.manifest.units if not unit.unreachable]
    worst = sorted(reachable, key=lambda unit: -len(unit.planted_kinds()))
    names = [unit.name for unit in worst if unit.name != EVIDENCE_UNIT][: EVIDENCE_SITES - 1]
    return set(names) | ({EVIDENCE_UNIT} & set(county.sites))


def run_demo_period(region: Region, county: DemoCounty, *, as_of: date, user) -> Period:
    """Create the period, audit and probe every site, store everything and score."""
    period = Period.objects.create(
        name=f"{as_of.year}年{as_of.month}月政府网站检查（演示）",
        kind=Period.Kind.MONTHLY,
        scheme=DEMO_SCHEME,
        check_date=as_of,
        start=as_of.replace(day=1),
        end=as_of,
        region=region,
        created_by=user,
    )
    units = services.default_units(region, services.scheme_for(DEMO_SCHEME))
    services.set_period_units(period, units, user=user, reason="演示：新建考评期")
    limits = {"rate": 0, "concurrency": 4, "retries": 0, "recheck_delay": 0.2, "veto_recheck_delay": 1.0}
    sensitive = county.manifest.sensitive_lists  # the demo plants words of a list it configures
    shown = _evidence_units(county)
    folders = {
        site.pk: audit_folder(new_run_folder(site.pk)) if name in shown else ""
        for name, site in county.sites.items()
    }
    jobs = [
        (
            site,
            config_for(
                site, as_of=as_of, sensitive_lists=sensitive, **limits, **evidence_options(folders[site.pk])
            ),
        )
        for site in county.sites.values()
    ]
    results = asyncio.run(_audit_all(jobs))
    for site, contract, probes in results:
        options = {"as_of": as_of.isoformat(), "demo": True}
        record_run(site, contract, options=options, evidence_dir=folders[site.pk])
        record_probes(site, probes)
    services.recompute(period, user=user, reason="演示：检查完成")
    return period
