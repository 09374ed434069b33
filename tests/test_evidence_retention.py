"""Evidence retention (issue 18): `gongkai evidence prune` deletes the evidence of runs older than
the limit, but keeps the latest run of each site, runs behind a problem not yet verified fixed,
and runs a published circular scored; folders no run refers to go when they are old too."""

from __future__ import annotations

import os
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from gongkai.assessment.models import Period, Score
from gongkai.followup.models import Problem
from gongkai.monitoring.evidence_files import evidence_file, new_run_folder, run_folder
from gongkai.monitoring.models import AuditRun, Finding
from gongkai.oversight.models import Event
from gongkai.registry.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _run(site: Site, days_ago: int) -> AuditRun:
    """A run finished ``days_ago`` days ago with one broken link whose evidence is on disk."""
    finished = timezone.now() - timedelta(days=days_ago)
    run = AuditRun.objects.create(
        site=site,
        start=site.url,
        as_of=finished.date(),
        started_at=finished,
        finished_at=finished,
        evidence_dir=new_run_folder(site.pk, finished),
    )
    pages = run_folder(run) / "pages"
    pages.mkdir(parents=True)
    (pages / "k.html").write_bytes(b"<a href='/gone'>x</a>")
    (pages / "k.png").write_bytes(b"\x89PNG" + b"0" * 1000)
    Finding.objects.create(
        run=run,
        kind="broken_link",
        page=site.url,
        message="链接不可用",
        data={"target": site.url + "gone", "evidence": {"html": "pages/k.html", "screenshot": "pages/k.png"}},
    )
    return run


def _gone(run: AuditRun) -> bool:
    return evidence_file(run, "pages/k.png") is None


def test_prune_keeps_what_can_still_be_contested(sample_county, users, data_dir):
    sites = list(Site.objects.order_by("id")[:2])
    old, behind_problem, published, latest = (
        _run(sites[0], 900),
        _run(sites[0], 800),
        _run(sites[0], 760),
        _run(sites[0], 740),
    )
    recent = _run(sites[1], 10)
    other_latest = _run(sites[1], 5)
    period = Period.objects.create(
        name="已发布考评期",
        scheme="guoban-2019",
        check_date=date.today() - timedelta(days=760),
        start=date.today() - timedelta(days=790),
        end=date.today() - timedelta(days=760),
        region=sites[0].unit.region,
        created_by=users["supervisor"],
        status=Period.Status.PUBLISHED,
    )
    finding = behind_problem.findings.get()
    Problem.objects.create(
        period=period,
        unit=sites[0].unit,
        site=sites[0],
        finding=finding,
        kind=finding.kind,
        page=finding.page,
        key="k1",
        message=finding.message,
        deadline=date.today(),
        status=Problem.Status.FIXED,  # reported fixed, not yet verified: still contestable
    )
    Score.objects.create(
        period=period, unit=sites[0].unit, category="x", finding_ids=[published.findings.get().pk]
    )
    orphan = data_dir / "evidence" / str(sites[0].pk) / "job-999"
    (orphan / ".spool-x").mkdir(parents=True)
    (orphan / ".spool-x" / "a.html").write_bytes(b"x")
    stamp = (timezone.now() - timedelta(days=1000)).timestamp()
    for path in (orphan / ".spool-x" / "a.html", orphan / ".spool-x", orphan):
        os.utime(path, (stamp, stamp))

    out = StringIO()
    call_command("evidence", "prune", "--dry-run", stdout=out)
    assert "将删除 1 次检查的证据和 1 个无检查记录的证据目录" in out.getvalue()
    assert not any(_gone(r) for r in (old, behind_problem, published, latest)) and orphan.exists()

    out = StringIO()
    call_command("evidence", "prune", stdout=out)
    text = out.getvalue()
    assert "已删除 1 次检查的证据和 1 个无检查记录的证据目录" in text
    assert (
        "网站最近一次检查 1 次" in text and "整改问题尚未核实 1 次" in text and "已发布通报引用 1 次" in text
    )
    assert _gone(old) and not orphan.exists()
    assert not any(_gone(r) for r in (behind_problem, published, latest, recent, other_latest))
    # the run and its finding still say where the evidence was: pages can tell it was deleted
    old.refresh_from_db()
    assert old.evidence_dir and old.findings.get().data["evidence"]["screenshot"] == "pages/k.png"
    assert Event.objects.filter(kind=Event.Kind.EVIDENCE_PRUNED, message__contains="已删除 1 次").exists()

    # a shorter limit reaches the recent run of the second site, never its latest
    call_command("evidence", "prune", "--days", "7", stdout=StringIO())
    assert _gone(recent) and not _gone(other_latest)


def test_prune_refuses_a_negative_limit(db, data_dir):
    with pytest.raises(CommandError, match="保存天数不能为负数"):
        call_command("evidence", "prune", "--days", "-1", stdout=StringIO())
