"""The review models moved from followup to the review app (issue 13 item 3) keep their rows: a
database migrated to just before the move, with a Dismissal and a ReviewDecision written through
the historical followup models, migrated forward, gives back both rows through gongkai.review's
models, every field equal; and migrating back gives them back to followup."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.assessment.conftest import contract, make_period

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# the state made by the code before the move: followup's last migration, no review migration
BEFORE = [("followup", "0002_review_convert"), ("review", None)]


def _migrate(targets):
    """Migrate to ``targets`` with a fresh loader; the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _fields(row) -> dict:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


def test_moved_rows_survive_the_migrations(sample_county, users):
    from gongkai.monitoring.store import record_run
    from gongkai.registry.models import Unit

    yanshi = sample_county["偃师市"]
    unit = Unit.objects.get(region=yanshi, name="教育体育局")
    site = unit.sites.get()
    finding = {"kind": "page_error", "page": site.url, "page_hash": "h-1", "message": "页面出错"}
    run = record_run(site, contract(site.url, [finding]))
    period = make_period(yanshi, "guoban-2019", user=users["supervisor"], units=[unit])
    finding_id = run.findings.get().pk
    user_id = users["supervisor"].pk

    try:
        old = _migrate(BEFORE)
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))
        assert {"followup_dismissal", "followup_reviewdecision"} <= tables
        assert not {"review_dismissal", "review_reviewdecision"} & tables
        dismissal = old.get_model("followup", "Dismissal").objects.create(
            site_id=site.pk,
            kind="page_error",
            page=site.url,
            ident="",
            key="k" * 64,
            page_hash="h-1",
            reason="检查时网站维护",
            active=False,
            user_id=user_id,
        )
        decision = old.get_model("followup", "ReviewDecision").objects.create(
            period_id=period.pk,
            finding_id=finding_id,
            decision="convert",
            reason="确属单位问题",
            user_id=user_id,
        )
        old_dismissal, old_decision = _fields(dismissal), _fields(decision)

        _migrate(_latest())
        from gongkai.review.models import Decision, Dismissal, ReviewDecision

        assert _fields(Dismissal.objects.get()) == old_dismissal
        moved = ReviewDecision.objects.get()
        assert _fields(moved) == old_decision
        assert moved.decision == Decision.CONVERT
        assert (moved.period, moved.finding_id, moved.user) == (period, finding_id, users["supervisor"])
        assert Dismissal._meta.db_table == "review_dismissal"
        # the renamed tables go on numbering after the rows they hold
        newer = Dismissal.objects.create(site=site, kind="typo", page=site.url, key="n" * 64, reason="误报")
        assert newer.pk > old_dismissal["id"]
        newer.delete()

        back = _migrate(BEFORE)
        assert _fields(back.get_model("followup", "Dismissal").objects.get()) == old_dismissal
        assert _fields(back.get_model("followup", "ReviewDecision").objects.get()) == old_decision
    finally:
        _migrate(_latest())
