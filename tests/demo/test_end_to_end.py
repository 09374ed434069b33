"""End to end: a generated county served on loopback, every unit audited by the real engine with
every check on, and the findings compared with the manifest for EVERY finding kind.

Twelve units: the four good ones, the five bad ones of seed 000 (together they carry every planted
kind) and three ordinary ones. All audits run in one asyncio loop, as the platform runs them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from gongkai.audit import AuditConfig, audit
from gongkai.audit.engine import AuditResult
from gongkai.demo import plan
from gongkai.demo.manifest import CountyManifest, UnitSite
from gongkai.demo.server import serve_county
from gongkai.demo.sites import generate_county
from tests.demo.conftest import AS_OF, yanshi_units

CONTENT_KINDS = (
    "empty_column",
    "stale_column",
    "home_not_updated",
    "typo",
    "privacy",
    "sensitive_word",
    "policy_metadata",
    "interpretation_unlinked",
)
# the fields that identify a finding of each kind (besides kind and page)
KEYS: dict[str, tuple[str, ...]] = {
    "broken_link": ("target", "element", "home"),
    "missing_meta": ("name",),
    "footer": ("missing",),
    "site": ("check",),
    "empty_column": ("column",),
    "stale_column": ("column", "newest", "window_days"),
    "home_not_updated": ("newest",),
    "typo": ("text", "suggestion", "severity"),
    "privacy": ("category", "text"),
    "sensitive_word": ("text", "list"),
    "policy_metadata": ("missing",),
    "interpretation_unlinked": ("target",),
    "annual_report_missing": ("year", "deadline"),
    "annual_report_late": ("year", "published", "deadline"),
    "annual_report_identity": ("year", "where"),
    "annual_report_copied": ("year", "basis"),
}


def _units() -> list[tuple[str, str]]:
    wanted = set(plan.SEED_GOOD) | set(plan.SEED_BAD)
    units = yanshi_units()
    chosen = [u for u in units if u[0] in wanted]
    return chosen + [u for u in units if u[0] not in wanted][:3]


@pytest.fixture(scope="module")
def county(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[CountyManifest, dict[str, AuditResult]]]:
    root: Path = tmp_path_factory.mktemp("county12")
    manifest = generate_county(root, as_of=AS_OF, units=_units())
    with serve_county(root, manifest) as served:

        async def run_all() -> list[AuditResult]:
            configs = [
                AuditConfig(
                    start=served.urls[u.name],
                    as_of=AS_OF,
                    rate=0,
                    concurrency=8,
                    retries=0,
                    recheck_delay=0.05,
                    veto_recheck_delay=0.05,
                    sensitive_lists=manifest.sensitive_lists,
                )
                for u in manifest.units
            ]
            return await asyncio.gather(*(audit(c) for c in configs))

        results = asyncio.run(run_all())
    yield manifest, {u.name: r for u, r in zip(manifest.units, results, strict=True)}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _value(kind: str, name: str, value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if kind in ("broken_link", "interpretation_unlinked") and name == "target" and value:
        return _path(value) if value.startswith("http://127.0.0.1") else value
    return value


def _key(kind: str, page: str, fields: dict[str, Any]) -> tuple[Any, ...]:
    return (kind, page, *(_value(kind, n, fields.get(n)) for n in KEYS.get(kind, ())))


def _found(result: AuditResult) -> set[tuple[Any, ...]]:
    return {
        _key(f.kind, _path(f.page), f.fields)
        for f in result.findings
        if not (f.kind == "site" and f.fields.get("check") in ("https", "ipv6"))  # loopback: never planted
    }


def _planted(unit: UnitSite) -> set[tuple[Any, ...]]:
    return {_key(p.kind, p.page, p.fields) for p in unit.planted}


def test_every_planted_problem_found_and_nothing_else(
    county: tuple[CountyManifest, dict[str, AuditResult]],
) -> None:
    manifest, results = county
    assert set(manifest.summary()) >= set(CONTENT_KINDS)  # the twelve units carry every content kind
    report = []
    for unit in manifest.units:
        found, planted = _found(results[unit.name]), _planted(unit)
        report += [f"{unit.name} 漏报 {k}" for k in sorted(planted - found, key=str)]
        report += [f"{unit.name} 多报 {k}" for k in sorted(found - planted, key=str)]
    assert report == []
    for kind, names in manifest.summary().items():  # and so every kind was found where planted
        assert all(any(k[0] == kind for k in _found(results[n])) for n in names), kind


def test_clean_units_have_no_content_findings(county: tuple[CountyManifest, dict[str, AuditResult]]) -> None:
    manifest, results = county
    clean = [u for u in manifest.units if u.profile == "good"]
    assert len(clean) >= 4
    for unit in clean:
        assert [f.to_dict() for f in results[unit.name].findings if f.kind in CONTENT_KINDS] == []


def test_columns_records_and_weekly_data(county: tuple[CountyManifest, dict[str, AuditResult]]) -> None:
    manifest, results = county
    for unit in manifest.units:
        result = results[unit.name]
        if unit.unreachable:
            assert result.columns == [] and result.error
            continue
        records = {_path(c["url"]): c for c in result.columns}
        assert set(records) == {c.path for c in unit.columns}, unit.name
        for column in unit.columns:
            record = records[column.path]
            assert (record["name"], record["type"]) == (column.name, column.type)
            assert record["status"] == ("empty" if column.items == 0 else record["status"])
            if column.type == "动态":  # every list page read: all items, and the weekly data complete
                weekly = record["weekly"]
                assert record["items"] == column.items and weekly["complete"] is True
                assert weekly["start"] == f"{AS_OF.year}-01-01" and weekly["end"] == AS_OF.isoformat()
                assert (
                    0 <= weekly["misses"] <= weekly["weeks"]
                    and len(weekly["missed_weeks"]) == weekly["misses"]
                )
            else:
                assert record["weekly"] is None and 0 < record["items"] <= column.items or column.items == 0


def test_every_finding_has_a_page_hash_and_attachments_were_read(
    county: tuple[CountyManifest, dict[str, AuditResult]],
) -> None:
    manifest, results = county
    for unit in manifest.units:
        result = results[unit.name]
        data = result.to_dict()
        assert all(len(f["page_hash"]) == 16 for f in data["findings"]), unit.name
        assert not [f for f in data["findings"] if f["kind"] == "page_error"], unit.name
        if not unit.unreachable:
            assert result.stats.get("attachments_scanned", 0) >= 3, unit.name  # a .docx and two .pdf
            pages = {f["page"]: f["page_hash"] for f in data["findings"]}
            assert len(set(pages.values())) == len(pages)  # different pages, different hashes
