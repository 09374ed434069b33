"""Fixtures of the API tests: one token per role, a draft and a published period of 偃师市 over
教育体育局 ("own") and 公安局 ("other"), with stored audit runs and computed scores."""

from __future__ import annotations

import pytest

from tests.assessment.conftest import CHECK_DATE, contract, make_period


@pytest.fixture
def tokens(users):
    from gongkai.api.tokens import create_token

    return {name: create_token(user, "测试")[1] for name, user in users.items()}


@pytest.fixture
def world(users, sample_county):
    from gongkai.assessment import services
    from gongkai.monitoring.store import record_run
    from gongkai.registry.models import Unit

    yanshi = sample_county["偃师市"]
    own = Unit.objects.get(region=yanshi, name="教育体育局")
    other = Unit.objects.get(region=yanshi, name="公安局")
    for unit in (own, other):
        site = unit.sites.first()
        record_run(
            site,
            contract(
                site.url,
                [
                    {
                        "kind": "broken_link",
                        "page": site.url,
                        "target": site.url + "gone.html",
                        "status": 404,
                        "error": None,
                        "home": True,
                        "message": f"{unit.name}首页链接不可用",
                    }
                ],
                as_of=CHECK_DATE,
            ),
        )
    draft = make_period(yanshi, "guoban-2019", user=users["supervisor"], units=[own, other])
    published = make_period(
        yanshi, "guoban-2019", user=users["supervisor"], units=[own, other], name="2026年10月考评"
    )
    services.recompute(published, reason="测试")
    services.recompute(draft, reason="测试")
    type(published).objects.filter(pk=published.pk).update(status="已发布")
    return {
        "draft": draft.pk,
        "published": published.pk,
        "own": own.pk,
        "other": other.pk,
        "own_site": own.sites.first().pk,
        "other_site": other.sites.first().pk,
    }
