"""How a run is stored (issue 17 item 6): its page list packed (zlib-compressed JSON) comes back
unchanged, takes far less room than the JSON it replaces, its findings are written in bulk, and
migration 0008 packs the page lists of runs stored before it (and unpacks them going back)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from gongkai.followup.services import verify_after_run
from gongkai.monitoring.models import AuditRun, pack_pages, unpack_pages
from gongkai.monitoring.store import record_run, run_to_contract
from gongkai.registry.models import Unit
from tests.assessment.conftest import contract


def _site(sample_county):
    return Unit.objects.get(region=sample_county["偃师市"], name="教育体育局").sites.first()


def _pages(root: str, n: int) -> list[str]:
    return sorted([root] + [f"{root}xwzx/gzdt/{2026 - i % 5}/art_{i:06d}.html" for i in range(n)])


def _broken(root: str, i: int) -> dict:
    return {
        "kind": "broken_link",
        "page": f"{root}p{i}.html",
        "target": f"{root}gone{i}.html",
        "status": 404,
        "message": "链接无法打开",
    }


@pytest.mark.django_db
def test_pages_and_findings_round_trip(sample_county):
    site = _site(sample_county)
    pages = _pages(site.url, 5000) + [site.url + "文件/附件 1.pdf"]
    data = contract(site.url, [_broken(site.url, i) for i in range(2500)]) | {"pages": pages}
    with CaptureQueriesContext(connection) as queries:
        run = record_run(site, data)
    inserts = [q for q in queries.captured_queries if 'INSERT INTO "monitoring_finding"' in q["sql"]]
    # in bulk: batches of 1,000 (PostgreSQL), of what SQLite's 999 parameters allow (166 rows)
    assert 3 <= len(inserts) <= 2500 // 100
    stored = AuditRun.objects.get(pk=run.pk)
    assert stored.pages == pages
    assert len(bytes(stored.pages_packed)) * 5 < len(json.dumps(pages, ensure_ascii=False).encode())
    exported = run_to_contract(stored)
    assert [f["target"] for f in exported["findings"]] == [f["target"] for f in data["findings"]]
    assert "pages" not in exported  # the contract's JSON never carried them


@pytest.mark.django_db
def test_run_without_pages(sample_county):
    site = _site(sample_county)
    run = AuditRun.objects.get(pk=record_run(site, contract(site.url, [])).pk)
    assert run.pages == [] and bytes(run.pages_packed) == b""
    assert verify_after_run(run) == []
    assert unpack_pages(pack_pages(["a", "b"])) == ["a", "b"] and unpack_pages(None) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_packs_existing_page_lists(sample_county):
    site = _site(sample_county)
    before, after = [("monitoring", "0007_auditrun_messages")], [("monitoring", "0008_pages_packed_indexes")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("monitoring", "AuditRun")
    pages = _pages(site.url, 300)
    common = {"site_id": site.pk, "start": site.url, "as_of": "2026-11-20", "status": "done"}
    with_pages = old.objects.create(pages=pages, **common)
    without = old.objects.create(**common)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("monitoring", "AuditRun")
    assert unpack_pages(new.objects.get(pk=with_pages.pk).pages_packed) == pages
    assert bytes(new.objects.get(pk=without.pk).pages_packed) == b""

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    back = executor.loader.project_state(before).apps.get_model("monitoring", "AuditRun")
    assert back.objects.get(pk=with_pages.pk).pages == pages and back.objects.get(pk=without.pk).pages == []
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
