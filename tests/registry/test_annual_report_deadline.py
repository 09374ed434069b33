"""Whose deadline a unit's annual report has (rules.md §5: departments Jan 31, local governments
Mar 31): its category says (UnitCategory.government, defaulting from the name), and the audit of
its sites gets it, with registered 年报 columns; the migration sets existing categories from their
names and leaves stored runs readable (no annual reports)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.monitoring.store import config_for, record_run, run_to_contract
from gongkai.registry.models import Column, ColumnType, Unit, UnitCategory, government_by_name
from tests.assessment.conftest import contract

AS_OF = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("name", "government"),
    [
        ("县市区", True),
        ("镇街", True),
        ("街道办事处", True),
        ("乡镇", True),
        ("市直部门", False),
        ("县直部门", False),
        ("功能区", False),
        ("县政府部门", False),
    ],
)
def test_a_category_name_gives_the_default(name, government):
    assert government_by_name(name) is government


@pytest.mark.django_db
def test_the_deadline_follows_the_units_category(sample_county):
    yanshi = sample_county["偃师市"]
    department = Unit.objects.get(region=yanshi, name="教育体育局")
    town = Unit.objects.get(region=yanshi, name="大口镇")
    assert (department.category.name, town.category.name) == ("市直部门", "镇街")
    assert config_for(department.sites.first(), as_of=AS_OF).annual_report_deadline == "department"
    assert config_for(town.sites.first(), as_of=AS_OF).annual_report_deadline == "government"
    # a supervisor corrects a category: its units' audits follow
    UnitCategory.objects.filter(pk=department.category_id).update(government=True)
    department.refresh_from_db()
    assert config_for(department.sites.first(), as_of=AS_OF).annual_report_deadline == "government"
    # the caller may still say otherwise (a scheme's own date)
    assert (
        config_for(town.sites.first(), as_of=AS_OF, annual_report_deadline="02-28").annual_report_deadline
        == "02-28"
    )
    # a new category defaults from its name; an explicit flag is kept
    assert UnitCategory.objects.create(name="街道").government is True
    assert UnitCategory.objects.create(name="县直机关部门").government is False
    assert UnitCategory.objects.create(name="管委会", government=True).government is True


@pytest.mark.django_db
def test_a_registered_annual_report_column_reaches_the_audit(sample_county):
    site = Unit.objects.get(region=sample_county["偃师市"], name="大口镇").sites.first()
    column = Column.objects.create(
        site=site, name="信息公开年报", url=site.url + "nb/", column_type=ColumnType.ANNUAL_REPORT
    )
    assert column.effective_window_days == 365
    assert (site.url + "nb/", "年报", None) in config_for(site, as_of=AS_OF).columns


@pytest.mark.django_db
def test_a_run_keeps_the_reports_it_read(sample_county):
    site = Unit.objects.get(region=sample_county["偃师市"], name="大口镇").sites.first()
    reports = [
        {
            "year": 2025,
            "page": site.url + "nb/1.html",
            "readable": True,
            "table": {"（七）总计": [1, 0, 0, 0, 0, 0, 1]},
        }
    ]
    run = record_run(site, contract(site.url, []) | {"annual_reports": reports})
    run.refresh_from_db()
    assert run.annual_reports == reports and run_to_contract(run)["annual_reports"] == reports
    assert record_run(site, contract(site.url, [])).annual_reports == []


@pytest.mark.django_db
def test_the_models_match_the_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


BEFORE = [("registry", "0004_audit_budgets"), ("monitoring", "0005_auditjob_worker")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migrations_apply_on_the_previous_state(sample_county):
    site = Unit.objects.get(region=sample_county["偃师市"], name="大口镇").sites.first()
    try:
        old = _migrate(BEFORE)
        OldCategory = old.get_model("registry", "UnitCategory")
        OldCategory.objects.create(name="乡镇街道", order=50)
        OldCategory.objects.create(name="县直部门（新）", order=51)
        old_run = old.get_model("monitoring", "AuditRun").objects.create(
            site_id=site.pk, status="done", start=site.url, as_of=AS_OF
        )
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        flags = dict(UnitCategory.objects.values_list("name", "government"))
        assert flags["乡镇街道"] and flags["镇街"] and flags["县市区"]
        assert not flags["县直部门（新）"] and not flags["市直部门"] and not flags["功能区"]
        from gongkai.monitoring.models import AuditRun

        assert AuditRun.objects.get(pk=old_run.pk).annual_reports == []
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
