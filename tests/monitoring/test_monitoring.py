"""Audit runs and probes of registered sites, against a real HTTP server on loopback."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command

from gongkai.monitoring.models import AuditRun, Finding, Probe
from gongkai.monitoring.store import failure_ratio, find_site
from gongkai.registry.models import Column, Site, Unit
from tests.loopback import serve_pages

PAGES = {
    "/": (
        200,
        "<html><head><title>测试县人民政府</title></head><body>"
        '<a href="/news/">工作动态</a> <a href="/gone.html">已删除的文件</a>'
        "<div>主办单位：测试县人民政府办公室</div></body></html>",
    ),
    "/news/": (
        200,
        '<html><body><ul><li><a href="/">首页</a><span>2026-11-20</span></li></ul></body></html>',
    ),
    "/flaky": (500, "error"),
}


@pytest.fixture(scope="module")
def server():
    with serve_pages(PAGES) as url:
        yield url


@pytest.fixture
def site(sample_county, server):
    unit = Unit.objects.get(name="教育体育局")
    site = Site.objects.create(unit=unit, name="测试网站", url=server + "/")
    Column.objects.create(site=site, name="工作动态", url=server + "/news/", column_type="工作动态")
    return site


@pytest.mark.django_db
def test_audit_command_stores_the_run_and_exports_the_contract_json(site, tmp_path, capsys):
    call_command("audit", site=[site.pk], as_of=date(2026, 11, 22), rate=0, max_pages=50)
    run = AuditRun.objects.get(site=site)
    assert run.status == AuditRun.Status.DONE and run.pages_crawled >= 2
    broken = Finding.objects.get(run=run, kind="broken_link", data__target__endswith="/gone.html")
    assert broken.data["status"] == 404 and broken.data["home"] is True
    assert "记录" in capsys.readouterr().out

    out = tmp_path / "run.json"
    call_command("audit", export=run.pk, json_file=str(out))
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["as_of"] == "2026-11-22"
    assert set(exported) >= {
        "start",
        "as_of",
        "started_at",
        "finished_at",
        "pages_crawled",
        "truncated",
        "error",
        "site",
        "columns",
        "findings",
    }
    kinds = [f["kind"] for f in exported["findings"]]
    assert kinds.count("broken_link") == 1
    assert all(f["message"] for f in exported["findings"])


@pytest.mark.django_db
def test_unreachable_site_is_stored_as_failed(sample_county):
    unit = Unit.objects.get(name="公安局")
    dead = Site.objects.create(unit=unit, name="停机网站", url="http://127.0.0.1:9/")
    call_command("audit", site=[dead.pk], as_of=date(2026, 11, 22))
    run = AuditRun.objects.get(site=dead)
    assert run.status == AuditRun.Status.FAILED and run.error


@pytest.mark.django_db
def test_probe_command_records_probes_of_a_registered_site(site, server, capsys):
    from gongkai.monitoring.management.commands.probe import Command

    with pytest.raises(SystemExit) as done:
        Command().run_from_argv(
            ["gongkai", "probe", server + "/", "--count", "3", "--interval", "0", "--timeout", "5"]
        )
    assert done.value.code == 0
    assert Probe.objects.filter(site=site, ok=True).count() == 3
    assert failure_ratio(Probe.objects.filter(site=site)) == 0.0
    assert "已记录" in capsys.readouterr().err


@pytest.mark.django_db
def test_probe_failures_give_the_failure_ratio(site, server):
    from gongkai.monitoring.management.commands.probe import Command

    site.url = server + "/flaky"
    site.save()
    with pytest.raises(SystemExit):
        Command().run_from_argv(["gongkai", "probe", server + "/flaky", "--count", "2", "--interval", "0"])
    probes = Probe.objects.filter(site=site)
    assert probes.count() == 2 and failure_ratio(probes) == 1.0
    assert set(probes.values_list("status", flat=True)) == {500}


@pytest.mark.django_db
def test_find_site_ignores_trailing_slash(site, server):
    assert find_site(server) == site
    assert find_site(server + "/") == site
    assert find_site(server + "/other/") is None
