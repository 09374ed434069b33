"""A site's own page limit (Site.max_pages, issue 17 item 5) reaches its audit: a 50,000-page site
is no longer cut at the default 5,000 pages, and a small limit stops the crawl there, marked
truncated."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from gongkai.audit.config import AuditConfig
from gongkai.audit.engine import audit
from gongkai.monitoring.store import config_for
from gongkai.registry.models import Site, Unit
from tests.loopback import LOOPBACK_AUDIT, serve_pages

AS_OF = date(2026, 6, 30)

LINKS = "".join(f'<li><a href="/p{i}.html">第{i}篇信息</a></li>' for i in range(10))
PAGES = {
    "/": (
        200,
        f'<html><head><meta charset="utf-8"><title>测试网站</title></head><body><ul>{LINKS}</ul></body></html>',
    ),
    **{
        f"/p{i}.html": (
            200,
            f'<html><head><meta charset="utf-8"><title>第{i}篇</title></head><body>正文</body></html>',
        )
        for i in range(10)
    },
}


@pytest.mark.django_db
def test_the_sites_page_limit_sets_the_audits_budgets(sample_county):
    unit = Unit.objects.filter(region=sample_county["偃师市"]).first()
    plain = Site.objects.create(unit=unit, name="普通网站", url="http://127.0.0.1:9/")
    big = Site.objects.create(unit=unit, name="大网站", url="http://127.0.0.1:9/big/", max_pages=50_000)
    both = Site.objects.create(
        unit=unit, name="限定请求数", url="http://127.0.0.1:9/both/", max_pages=50_000, max_requests=30_000
    )
    assert config_for(plain, as_of=AS_OF).max_pages == AuditConfig.max_pages == 5000
    assert config_for(plain, as_of=AS_OF).max_requests == AuditConfig.max_requests
    assert config_for(big, as_of=AS_OF).max_pages == 50_000
    # 50,000 pages need more than the default 20,000 requests; an explicit budget is kept
    assert config_for(big, as_of=AS_OF).max_requests == 200_000
    assert config_for(both, as_of=AS_OF).max_requests == 30_000


@pytest.mark.django_db
def test_a_small_page_limit_stops_the_crawl_there(sample_county):
    unit = Unit.objects.filter(region=sample_county["偃师市"]).first()
    with serve_pages(PAGES) as base:
        site = Site.objects.create(unit=unit, name="测试网站", url=base + "/", max_pages=4)
        capped = asyncio.run(audit(config_for(site, as_of=AS_OF, **LOOPBACK_AUDIT))).to_record()
        site.max_pages = None
        whole = asyncio.run(audit(config_for(site, as_of=AS_OF, **LOOPBACK_AUDIT))).to_record()
    assert capped["truncated"] is True and capped["pages_crawled"] == 4
    assert whole["truncated"] is False and whole["pages_crawled"] == 11
