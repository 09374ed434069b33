"""The permission matrix of the assessment pages: every role x every page.

Roles are scoped to 偃师市 (see tests/conftest.py); `unit_admin` runs 教育体育局 ("own"), 公安局 is
"other". "draft" is an unpublished 偃师 period, "published" a published one. 302 for anonymous
users is the login redirect; for others it is the view having done its job; 403 is the Chinese
refusal page.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from gongkai.registry.models import Unit
from tests.assessment.conftest import make_period

ROLES = ["anonymous", "supervisor", "assessor", "leader", "unit_admin", "other_admin", "shangnan_supervisor"]


def _expect(default: int, **overrides: int) -> dict[str, int]:
    expected = {"anonymous": 302, **dict.fromkeys(ROLES[1:], default)}
    expected.update(overrides)
    return expected


STAFF = {"supervisor": 200, "assessor": 200, "leader": 200}
ENTER = {"supervisor": 200, "assessor": 200}

CASES = [
    ("period list", "get", lambda i: "/assessment/", _expect(200)),
    (
        "new period form",
        "get",
        lambda i: "/assessment/new/",
        _expect(403, supervisor=200, shangnan_supervisor=200),
    ),
    ("draft ranking", "get", lambda i: f"/assessment/{i['draft']}/", _expect(403, **STAFF)),
    ("published ranking", "get", lambda i: f"/assessment/{i['published']}/", _expect(403, **STAFF)),
    ("edit draft", "get", lambda i: f"/assessment/{i['draft']}/edit/", _expect(403, supervisor=200)),
    ("edit published", "get", lambda i: f"/assessment/{i['published']}/edit/", _expect(403)),
    (
        "recompute draft",
        "post",
        lambda i: f"/assessment/{i['draft']}/recompute/",
        _expect(403, supervisor=302),
    ),
    ("import into draft", "get", lambda i: f"/assessment/{i['draft']}/import/", _expect(403, **ENTER)),
    ("import into published", "get", lambda i: f"/assessment/{i['published']}/import/", _expect(403)),
    ("draft change log", "get", lambda i: f"/assessment/{i['draft']}/log/", _expect(403, **STAFF)),
    (
        "own unit, draft",
        "get",
        lambda i: f"/assessment/{i['draft']}/units/{i['own']}/",
        _expect(403, **STAFF),
    ),
    (
        "own unit, published",
        "get",
        lambda i: f"/assessment/{i['published']}/units/{i['own']}/",
        _expect(403, **STAFF, unit_admin=200),
    ),
    (
        "other unit, published",
        "get",
        lambda i: f"/assessment/{i['published']}/units/{i['other']}/",
        _expect(403, **STAFF, other_admin=200),
    ),
    (
        "manual entry, draft",
        "get",
        lambda i: f"/assessment/{i['draft']}/units/{i['own']}/manual/deductions/",
        _expect(403, **ENTER),
    ),
    (
        "manual entry, published",
        "get",
        lambda i: f"/assessment/{i['published']}/units/{i['own']}/manual/deductions/",
        _expect(403),
    ),
    (
        "save manual entry, draft",
        "post",
        lambda i: f"/assessment/{i['draft']}/units/{i['own']}/manual/deductions/",
        _expect(403, supervisor=302, assessor=302),
    ),
    (
        "unit's periods, own",
        "get",
        lambda i: f"/assessment/units/{i['own']}/",
        _expect(200, other_admin=403, shangnan_supervisor=403),
    ),
    (
        "unit's periods, foreign",
        "get",
        lambda i: f"/assessment/units/{i['foreign']}/",
        _expect(403, shangnan_supervisor=200),
    ),
    (
        "admin periods",
        "get",
        lambda i: "/admin/assessment/period/",
        _expect(302, supervisor=200, shangnan_supervisor=200),
    ),
    (
        "admin draft period",
        "get",
        lambda i: f"/admin/assessment/period/{i['draft']}/change/",
        _expect(302, supervisor=200, shangnan_supervisor=302),
    ),
    (
        "admin audit log",
        "get",
        lambda i: "/admin/assessment/scorechange/",
        _expect(302, supervisor=200, shangnan_supervisor=200),
    ),
]


@pytest.fixture
def ids(users, sample_county):
    yanshi = sample_county["偃师市"]
    own = Unit.objects.get(region=yanshi, name="教育体育局")
    other = Unit.objects.get(region=yanshi, name="公安局")
    draft = make_period(yanshi, "guoban-2019", user=users["supervisor"], units=[own, other])
    published = make_period(
        yanshi,
        "guoban-2019",
        user=users["supervisor"],
        units=[own, other],
        status="已发布",
        name="2026年10月考评",
    )
    foreign = Unit.objects.get(region=sample_county["商南县"], name="过风楼镇")
    return {
        "draft": draft.pk,
        "published": published.pk,
        "own": own.pk,
        "other": other.pk,
        "foreign": foreign.pk,
    }


POST_DATA = {"applicable": "on", "points": "90", "reason": "复核"}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_permission_matrix(case, users, ids):
    _name, method, url, expected = case
    mismatches = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        with transaction.atomic():
            response = client.post(url(ids), POST_DATA) if method == "post" else client.get(url(ids))
            transaction.set_rollback(True)
        if response.status_code != expected[role]:
            mismatches.append(
                f"{role}: {method.upper()} {url(ids)} -> {response.status_code}, expected {expected[role]}"
            )
        elif response.status_code == 403:
            body = response.content.decode()
            assert "无权" in body or "只有" in body, f"{role}: 403 page without a Chinese reason"
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
def test_period_list_shows_each_role_its_periods(users, ids):
    def names(role):
        client = Client()
        client.force_login(users[role])
        return client.get("/assessment/").content.decode()

    assert "2026年11月考评" in names("leader") and "2026年10月考评" in names("leader")
    unit_admin = names("unit_admin")
    assert "2026年10月考评" in unit_admin and "2026年11月考评" not in unit_admin
    assert "2026年10月考评" not in names("shangnan_supervisor")


@pytest.mark.django_db
def test_supervisor_creates_a_period_with_default_units(users, sample_county):
    client = Client()
    client.force_login(users["supervisor"])
    yanshi = sample_county["偃师市"]
    response = client.post(
        "/assessment/new/",
        {
            "name": "2026年12月考评",
            "kind": "月度",
            "scheme": "yanshi-monthly",
            "region": yanshi.pk,
            "check_date": "2026-12-20",
            "start": "2026-12-01",
            "end": "2026-12-31",
            "ranking": "dense",
            "status": "草稿",
        },
    )
    assert response.status_code == 302, response.content.decode()
    from gongkai.assessment.models import Period

    period = Period.objects.get(name="2026年12月考评")
    assert period.memberships.count() == 44 and period.created_by == users["supervisor"]
    # another county's region, a published status, an end before the start: refused
    response = client.post(
        "/assessment/new/",
        {
            "name": "x",
            "kind": "月度",
            "scheme": "nope",
            "region": sample_county["商南县"].pk,
            "check_date": "2026-12-20",
            "start": "2026-12-31",
            "end": "2026-12-01",
            "ranking": "dense",
            "status": "已发布",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"scheme", "region", "end", "status"} <= set(form.errors)
