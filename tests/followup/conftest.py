"""Fixtures of the review and follow-up tests: a guoban-2019 period over two 偃师 units whose
sites have stored audit runs (contract JSON through monitoring.store.record_run)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.assessment.conftest import CHECK_DATE, contract, make_period

__all__ = ["CHECK_DATE", "contract", "edu_findings", "police_findings"]


def edu_findings(root: str, *, typo_hash: str = "h-a0", link_hash: str = "h-index") -> list[dict]:
    """A serious typo (a veto under guoban-2019), a broken link and an empty column (no page_hash)."""
    return [
        {
            "kind": "typo",
            "page": f"{root}a0.html",
            "page_hash": typo_hash,
            "text": "中华人民共合国",
            "suggestion": "中华人民共和国",
            "severity": "serious",
            "context": "…中华人民共合国…",
            "message": "严重表述错误：国名写错",
        },
        {
            "kind": "broken_link",
            "page": root,
            "page_hash": link_hash,
            "target": f"{root}files/old.pdf",
            "status": 404,
            "error": "http",
            "text": "旧文件",
            "element": "a",
            "home": True,
            "message": "链接“旧文件”无法打开（404）",
        },
        {
            "kind": "empty_column",
            "page": f"{root}col1/",
            "column": f"{root}col1/",
            "message": "栏目“通知公告”没有任何内容",
        },
    ]


def police_findings(root: str) -> list[dict]:
    return [
        {
            "kind": "missing_meta",
            "page": f"{root}news/1.html",
            "page_hash": "p-1",
            "name": "SiteIDCode",
            "message": "页面缺少 SiteIDCode 元数据",
        }
    ]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def setup(sample_county, users):
    """{period, edu, police, edu_site, police_site, edu_run, police_run}: a draft period with
    manual deductions entered, and one audit run per site on the check date."""
    from gongkai.assessment import services
    from gongkai.monitoring.store import record_run
    from gongkai.registry.models import Unit

    yanshi = sample_county["偃师市"]
    edu = Unit.objects.get(region=yanshi, name="教育体育局")
    police = Unit.objects.get(region=yanshi, name="公安局")
    edu_site, police_site = edu.sites.get(), police.sites.get()
    edu_run = record_run(edu_site, contract(edu_site.url, edu_findings(edu_site.url)))
    police_run = record_run(police_site, contract(police_site.url, police_findings(police_site.url)))
    period = make_period(yanshi, "guoban-2019", user=users["supervisor"], units=[edu, police])
    for unit in (edu, police):
        services.save_manual_entry(
            period,
            unit,
            "deductions",
            points=Decimal("85"),
            applicable=True,
            reason="按国办检查指标逐项扣分",
            user=users["assessor"],
        )
    return {
        "period": period,
        "edu": edu,
        "police": police,
        "edu_site": edu_site,
        "police_site": police_site,
        "edu_run": edu_run,
        "police_run": police_run,
    }
