"""The audit log page: supervisors only, their region's score changes and events."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from gongkai.api.tokens import create_token
from gongkai.assessment import services
from gongkai.registry.models import Unit
from tests.assessment.conftest import make_period

ROLES = ["anonymous", "supervisor", "assessor", "leader", "unit_admin", "other_admin", "shangnan_supervisor"]


@pytest.fixture
def logged(users, sample_county):
    yanshi, shangnan = sample_county["偃师市"], sample_county["商南县"]
    own = Unit.objects.get(region=yanshi, name="教育体育局")
    period = make_period(yanshi, "guoban-2019", user=users["supervisor"], units=[own])
    services.set_metrics(
        period, {own.pk: {"超3个月未答复留言数": Decimal(2)}}, user=users["assessor"], reason="核对后更正"
    )
    create_token(users["leader"], "偃师令牌")
    create_token(users["shangnan_supervisor"], "商南令牌")
    make_period(shangnan, "guoban-2019", user=users["shangnan_supervisor"], name="商南县11月考评")
    return period


def _client(users, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_audit_log_matrix(logged, users, role):
    expected = {"anonymous": 302, "supervisor": 200, "shangnan_supervisor": 200}.get(role, 403)
    assert _client(users, role).get("/audit-log/").status_code == expected


@pytest.mark.django_db
def test_audit_log_lists_changes_and_events_of_the_region_only(logged, users):
    html = _client(users, "supervisor").get("/audit-log/").content.decode()
    assert "核对后更正" in html and "超3个月未答复留言数" in html
    assert "偃师令牌" in html and "商南令牌" not in html and "商南县11月考评" not in html
    only_events = _client(users, "supervisor").get("/audit-log/?kind=令牌创建").content.decode()
    assert "偃师令牌" in only_events and "核对后更正" not in only_events
    only_scores = _client(users, "supervisor").get("/audit-log/?kind=score").content.decode()
    assert "核对后更正" in only_scores and "偃师令牌" not in only_scores
    other = _client(users, "shangnan_supervisor").get("/audit-log/?kind=令牌创建").content.decode()
    assert "商南令牌" in other and "偃师令牌" not in other
    full = _client(users, "shangnan_supervisor").get("/audit-log/").content.decode()
    assert "商南县11月考评" in full and "第 1 / " in full and "2026年11月考评 · 教育体育局" not in full
