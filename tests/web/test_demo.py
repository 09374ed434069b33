"""The main job (`gongkai demo --no-serve`): a whole period on the generated county, end to end."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from docx import Document

from gongkai.assessment.models import Period
from gongkai.followup.models import Problem
from gongkai.monitoring.models import AuditRun, Finding, Probe
from gongkai.registers.models import Application

CONTRACT_KINDS = {
    "broken_link", "empty_column", "stale_column", "home_not_updated", "typo", "privacy", "sensitive_word",
    "missing_meta", "footer", "policy_metadata", "interpretation_unlinked", "site",
}  # fmt: skip
# the 政府信息公开工作年度报告 problems the demo plants (docs/audit-json.md)
ANNUAL_KINDS = {
    "annual_report_missing",
    "annual_report_late",
    "annual_report_identity",
    "annual_report_copied",
}


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # like every transactional test: a plain flush re-creates content types that a later serialized test would insert again
def test_demo_runs_a_full_period_and_publishes_the_circular(tmp_path, settings, capsys):
    settings.DATA_DIR = tmp_path / "data"
    out = tmp_path / "out"
    call_command("demo", no_serve=True, out=out)
    printed = capsys.readouterr().out

    period = Period.objects.get()
    assert period.status == Period.Status.PUBLISHED and period.scheme == "pucha-2015"
    assert period.memberships.count() == 44  # the 偃师 units of seed 000
    assert AuditRun.objects.filter(status=AuditRun.Status.DONE).count() == 43  # 金融工作局 answers 503
    assert AuditRun.objects.filter(status=AuditRun.Status.FAILED, site__unit__name="金融工作局").exists()
    assert Probe.objects.filter(site__unit__name="金融工作局", ok=False).count() == 20
    assert set(Finding.objects.values_list("kind", flat=True)) == CONTRACT_KINDS | ANNUAL_KINDS
    # publication sends every finding (none dismissed) to its unit, the unreachable site's included
    assert Problem.objects.filter(period=period).count() == Finding.objects.count()
    assert scores_of(period)["金融工作局"] == 0  # 100 % failed probes: the unreachable veto

    folder = out / f"period-{period.pk}"
    title = Document(folder / "circular.docx").paragraphs
    assert any("政府网站" in p.text and "通报" in p.text for p in title)
    # the body reads as an official document: URLs only in the problem list table, no doubled marks
    body = "".join(p.text for p in title)
    assert "链接不可用（共" in body
    assert "http" not in body and "。。" not in body and "。；" not in body
    assert (folder / "tables.xlsx").stat().st_size > 0
    scores = scores_of(period)
    assert scores["统计局"] == 0  # home page not updated: a veto
    assert scores["教育体育局"] > scores["社保中心"]
    # the disclosure-applications register is filled too, the demo unit's among them
    assert "依申请公开登记簿：偃师市各单位已登记 36 件申请" in printed
    assert "信息报送登记簿：偃师市各单位已报送" in printed
    assert Application.objects.filter(unit__name="统计局").exists()
    assert "依申请公开登记簿：商南县各单位已登记 36 件申请" in printed  # 商南's registers too
    assert "政务新媒体：商南县各单位已登记" in printed
    assert Application.objects.filter(unit__name="县统计局").exists()  # danwei_sn's unit
    for line in ("演示账号", "jiandu", "danwei", "danwei_sn", str(folder), "http://127.0.0.1:8000/"):
        assert line in printed


def scores_of(period: Period) -> dict:
    return dict(period.scores.values_list("unit__name", "total"))
