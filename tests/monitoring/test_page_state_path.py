"""A registered site's audits keep its page state (issue 17 item 4): config_for points the audit at
<DATA_DIR>/page-state/<site id>.sqlite, so the second audit of the site takes its unchanged pages
over instead of parsing them."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from gongkai.audit.engine import audit
from gongkai.monitoring.store import config_for
from gongkai.registry.models import Site, Unit
from tests.loopback import LOOPBACK_AUDIT, serve_pages

PAGES = {
    "/": (
        200,
        '<html><head><meta charset="utf-8"><title>测试网站</title></head><body><a href="/p.html">第一篇信息</a></body></html>',
    ),
    "/p.html": (
        200,
        '<html><head><meta charset="utf-8"><title>第一篇</title></head><body>正文</body></html>',
    ),
}


@pytest.mark.django_db
def test_registered_sites_keep_a_page_state_each(sample_county):
    unit = Unit.objects.filter(region=sample_county["偃师市"]).first()
    with serve_pages(PAGES) as base:
        site = Site.objects.create(unit=unit, name="测试网站", url=base + "/")
        other = Site.objects.create(unit=unit, name="另一网站", url="http://127.0.0.1:9/")
        config = config_for(site, as_of=date(2026, 6, 30), **LOOPBACK_AUDIT)
        assert config.page_state == str(Path(settings.DATA_DIR) / "page-state" / f"{site.pk}.sqlite")
        assert config_for(other, as_of=date(2026, 6, 30)).page_state != config.page_state
        first = asyncio.run(audit(config))
        second = asyncio.run(audit(config_for(site, as_of=date(2026, 7, 31), **LOOPBACK_AUDIT)))
    assert Path(config.page_state).exists()
    # serve_pages sends no validators: the same content hash tells the page did not change
    assert first.pages_unchanged == 0 and second.pages_unchanged == 1
    assert (
        config_for(site, as_of=date(2026, 6, 30), page_state=None).page_state is None
    )  # a caller may turn it off
