"""Recomputation from stored audit runs, probes, metrics and manual entries gives exactly the
engine's result, stores the trace, and logs every change."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gongkai.assessment import services
from gongkai.assessment.models import MetricValue, Score, ScoreChange
from gongkai.monitoring.models import Probe
from gongkai.monitoring.store import record_run
from gongkai.registry.models import Unit
from gongkai.scoring import UnitInput, load_scheme, score_units
from tests.assessment.conftest import CHECK_DATE, contract, make_period

NAMES = ["教育体育局", "公安局", "交通运输局"]


def _findings(root: str, empty: int, stale: int, serious: int = 0) -> list[dict]:
    found = [
        {
            "kind": "empty_column",
            "page": f"{root}col{i}/",
            "column": f"{root}col{i}/",
            "message": f"栏目{i}没有任何内容",
        }
        for i in range(empty)
    ]
    found += [
        {
            "kind": "stale_column",
            "page": f"{root}news{i}/",
            "column": f"{root}news{i}/",
            "type": "动态",
            "newest": "2026-09-01",
            "window_days": 14,
            "message": f"动态栏目{i}超过14天未更新",
        }
        for i in range(stale)
    ]
    found += [
        {
            "kind": "typo",
            "page": f"{root}a{i}.html",
            "text": "中华人民共合国",
            "suggestion": "中华人民共和国",
            "severity": "serious",
            "context": "…",
            "message": "严重表述错误：国名写错",
        }
        for i in range(serious)
    ]
    return found


@pytest.fixture
def guoban(sample_county, users):
    """A guoban-2019 period over three 偃师 units: audit runs (one too new, one superseded),
    probes in and out of the window, manual scores."""
    yanshi = sample_county["偃师市"]
    units = {name: Unit.objects.get(region=yanshi, name=name) for name in NAMES}
    edu_site = units["教育体育局"].sites.get()
    root = edu_site.url
    record_run(edu_site, contract(root, _findings(root, 6, 1), as_of=CHECK_DATE - timedelta(days=20)))
    latest = _findings(root, 2, 3, serious=1)
    record_run(edu_site, contract(root, latest, pages=42))
    record_run(edu_site, contract(root, _findings(root, 9, 9), as_of=CHECK_DATE + timedelta(days=1)))
    police_site = units["公安局"].sites.get()
    # the probe week ends with the check date itself
    end = timezone.make_aware(datetime.combine(CHECK_DATE + timedelta(days=1), datetime.min.time()))
    probes = [
        Probe(
            site=police_site,
            url=police_site.url,
            at=end - timedelta(minutes=70 * (i + 1)),
            ok=i >= 7,
            elapsed=0.2,
        )
        for i in range(140)
    ]
    # after the check date: must not count
    probes += [
        Probe(site=police_site, url=police_site.url, at=end + timedelta(hours=1 + i), ok=False, elapsed=15)
        for i in range(20)
    ]
    Probe.objects.bulk_create(probes)
    period = make_period(yanshi, "guoban-2019", user=users["supervisor"], units=list(units.values()))
    for name, points in [("教育体育局", "85"), ("公安局", "90"), ("交通运输局", "82.5")]:
        services.save_manual_entry(
            period,
            units[name],
            "deductions",
            points=Decimal(points),
            applicable=True,
            reason="按国办检查指标逐项扣分",
            user=users["assessor"],
        )
    services.save_manual_entry(
        period,
        units["交通运输局"],
        "bonus",
        points=Decimal("12"),
        applicable=True,
        reason="创新做法",
        user=users["assessor"],
    )
    return period, units, latest, root


@pytest.mark.django_db
def test_recompute_gives_the_engine_result_and_stores_the_trace(guoban):
    period, units, latest, _root = guoban
    scheme = load_scheme("guoban-2019")
    manual = {
        "教育体育局": {"deductions": {"points": 85, "reason": "按国办检查指标逐项扣分"}},
        "公安局": {"deductions": {"points": 90, "reason": "按国办检查指标逐项扣分"}},
        "交通运输局": {
            "deductions": {"points": "82.5", "reason": "按国办检查指标逐项扣分"},
            "bonus": {"points": 12, "reason": "创新做法"},
        },
    }
    inputs = [
        UnitInput("教育体育局", "市直部门", {}, latest, {"pages_crawled": 42}, manual["教育体育局"]),
        UnitInput(
            "公安局",
            "市直部门",
            {},
            None,
            {"probes_total": 140, "probes_failed": 7, "probe_failed_percent": 5},
            manual["公安局"],
        ),
        UnitInput("交通运输局", "市直部门", {}, None, {}, manual["交通运输局"]),
    ]
    expected = {r.unit: r for r in score_units(scheme, inputs)}
    stored = {s.unit.name: s for s in Score.objects.filter(period=period).select_related("unit")}
    assert set(stored) == set(NAMES)
    for name, result in expected.items():
        score = stored[name]
        assert score.total == result.total and score.rank == result.rank
        assert score.passed == result.passed and score.vetoed == bool(result.vetoes)
        # the register note: no messages registered, so the scheme's default is used
        register_note = "台账无此单位的数据，也未录入：“超3个月未答复留言数”（按方案默认值计）"
        assert score.trace["notes"][0] == register_note
        assert {**score.trace, "notes": score.trace["notes"][1:]} == result.to_dict()
    # the cases really differ: serious typo and probe vetoes, bonus above 80
    assert stored["教育体育局"].vetoed and "严重错误" in stored["教育体育局"].veto_reasons[0]
    assert stored["公安局"].vetoed and "首页探测失败" in stored["公安局"].veto_reasons[0]
    assert not stored["交通运输局"].vetoed and stored["交通运输局"].total == Decimal("94.5")
    # trace references resolve to the stored findings of the latest run before the check date
    edu = stored["教育体育局"]
    assert len(edu.finding_ids) == len(latest)


@pytest.mark.django_db
def test_unit_score_page_shows_findings_behind_a_deduction(guoban, users, client):
    period, units, _latest, root = guoban
    client.force_login(users["leader"])
    body = client.get(f"/assessment/{period.pk}/units/{units['教育体育局'].pk}/").content.decode()
    assert "严重表述错误：国名写错" in body and f"{root}a0.html" in body
    assert "按国办检查指标逐项扣分" in body and "85" in body


@pytest.mark.django_db
def test_new_audit_run_and_recompute_command_log_the_total_with_no_user(guoban, capsys):
    period, units, _latest, root = guoban
    site = units["交通运输局"].sites.get()
    before = Score.objects.get(period=period, unit=units["交通运输局"]).total
    record_run(site, contract(site.url, _findings(site.url, 5, 0)))  # 5 empty columns: veto (c)
    call_command("recompute", period=period.pk)
    after = Score.objects.get(period=period, unit=units["交通运输局"])
    assert after.vetoed and after.total != before
    change = ScoreChange.objects.filter(period=period, unit=units["交通运输局"], what="总分").first()
    assert change.user is None and change.old == "94.5" and change.new == str(after.trace["total"])
    assert "重新计算" in change.reason
    assert "已重新计算 3 个单位" in capsys.readouterr().out


@pytest.mark.django_db
def test_manual_change_is_logged_with_user_old_new_reason(guoban, users):
    period, units, _latest, _root = guoban
    unit = units["交通运输局"]
    services.save_manual_entry(
        period,
        unit,
        "deductions",
        points=Decimal("70"),
        applicable=True,
        reason="复核发现办事指南要素缺失",
        user=users["supervisor"],
    )
    entry_change = ScoreChange.objects.filter(period=period, unit=unit, what="deductions").first()
    assert (entry_change.old, entry_change.new) == ("82.5 分", "70 分")
    assert entry_change.user == users["supervisor"] and entry_change.reason == "复核发现办事指南要素缺失"
    total_change = ScoreChange.objects.filter(period=period, unit=unit, what="总分").first()
    # 70 is not above 80: the bonus no longer counts
    assert (total_change.old, total_change.new) == ("94.5", "70")
    assert total_change.user == users["supervisor"]


@pytest.mark.django_db
def test_bad_manual_input_is_refused_and_stores_nothing(guoban, users):
    period, units, _latest, _root = guoban
    count = ScoreChange.objects.count()
    cases = [
        (dict(points=Decimal("101"), applicable=True, reason="x"), "0 至 100"),
        (dict(points=Decimal("50"), applicable=True, reason="  "), "评分理由"),
        (dict(points=None, applicable=True, reason="x"), "请填写得分"),
    ]
    for kwargs, message in cases:
        with pytest.raises(services.AssessmentError, match=message):
            services.save_manual_entry(
                period, units["公安局"], "deductions", user=users["assessor"], **kwargs
            )
    with pytest.raises(services.AssessmentError, match="没有编号"):
        services.save_manual_entry(
            period, units["公安局"], "nope", points=None, applicable=False, reason="x", user=users["assessor"]
        )
    assert ScoreChange.objects.count() == count


@pytest.mark.django_db
def test_published_period_refuses_every_change(guoban, users, client):
    period, units, _latest, _root = guoban
    period.status = "已发布"
    period.save()
    frozen_total = Score.objects.get(period=period, unit=units["公安局"]).total
    with pytest.raises(services.PeriodFrozen, match="已发布"):
        services.save_manual_entry(
            period,
            units["公安局"],
            "deductions",
            points=Decimal("10"),
            applicable=True,
            reason="x",
            user=users["supervisor"],
        )
    with pytest.raises(services.PeriodFrozen):
        services.set_metrics(period, {units["公安局"].pk: {"无办事服务": Decimal(1)}}, user=None, reason="x")
    with pytest.raises(services.PeriodFrozen):
        services.recompute(period, reason="x")
    with pytest.raises(CommandError, match="已发布"):
        call_command("recompute", period=period.pk)
    client.force_login(users["assessor"])
    response = client.post(
        f"/assessment/{period.pk}/units/{units['公安局'].pk}/manual/deductions/",
        {"applicable": "on", "points": "10", "reason": "x"},
    )
    assert response.status_code == 403 and "已发布" in response.content.decode()
    assert Score.objects.get(period=period, unit=units["公安局"]).total == frozen_total
    assert not MetricValue.objects.filter(period=period).exists()


@pytest.mark.django_db
def test_a_site_that_could_not_be_audited_is_vetoed_not_given_full_marks(sample_county, users):
    """Regression: a failed audit used to leave the unit without findings, scored as 100."""
    yanshi = sample_county["偃师市"]
    unit = Unit.objects.get(region=yanshi, name="金融工作局")
    site = unit.sites.get()
    failed = contract(
        site.url,
        [
            {
                "kind": "site",
                "page": site.url,
                "check": "unreachable",
                "detail": "HTTP 503",
                "message": "网站首页无法访问",
            }
        ],
    )
    failed["error"] = "网站首页无法访问:服务器返回错误(HTTP 503)"
    record_run(site, failed)
    period = make_period(yanshi, "pucha-2015", user=users["supervisor"], units=[unit])
    services.recompute(period, reason="测试")
    score = period.scores.get(unit=unit)
    assert score.vetoed and not score.passed
    assert "无法访问" in " ".join(score.veto_reasons)
