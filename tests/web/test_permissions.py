"""The permission matrix: every role x every page and API endpoint of the registry.

Roles are scoped to 偃师市; `unit_admin` runs 教育体育局 ("own"), 公安局 is another unit of the same
county ("other"), 过风楼镇 is in 商南县 ("foreign"). Expected: an HTTP status per role. 302 on a page
means the view did its job and redirected (or, for anonymous users and the admin, sent them to a
login page); 403 is the Chinese refusal page.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from gongkai.registry.models import Column, Person, Site, Unit

ROLES = ["anonymous", "supervisor", "assessor", "leader", "unit_admin", "shangnan_supervisor"]

# (case id, method, url factory(ids) -> str, {role: expected status})
ALL_OK = dict.fromkeys(ROLES[1:], 200)


def _expect(default: int, **overrides: int) -> dict[str, int]:
    expected = {"anonymous": 302, **dict.fromkeys(ROLES[1:], default)}
    expected.update(overrides)
    return expected


CASES = [
    ("home", "get", lambda i: reverse("home"), _expect(302)),
    ("unit list", "get", lambda i: reverse("unit_list"), _expect(200)),
    (
        "own unit",
        "get",
        lambda i: reverse("unit_detail", args=[i["own"]]),
        _expect(200, shangnan_supervisor=403),
    ),
    (
        "other unit",
        "get",
        lambda i: reverse("unit_detail", args=[i["other"]]),
        _expect(200, unit_admin=403, shangnan_supervisor=403),
    ),
    (
        "foreign unit",
        "get",
        lambda i: reverse("unit_detail", args=[i["foreign"]]),
        _expect(403, shangnan_supervisor=200),
    ),
    (
        "new unit form",
        "get",
        lambda i: reverse("unit_new"),
        _expect(403, supervisor=200, shangnan_supervisor=200),
    ),
    ("edit own unit", "get", lambda i: reverse("unit_edit", args=[i["own"]]), _expect(403, supervisor=200)),
    (
        "delete other unit",
        "post",
        lambda i: reverse("unit_delete", args=[i["other"]]),
        _expect(403, supervisor=302),
    ),
    (
        "new site on own unit",
        "get",
        lambda i: reverse("child_new", args=[i["own"], "site"]),
        _expect(403, supervisor=200, unit_admin=200),
    ),
    (
        "new site on other unit",
        "get",
        lambda i: reverse("child_new", args=[i["other"], "site"]),
        _expect(403, supervisor=200),
    ),
    (
        "edit own site",
        "get",
        lambda i: reverse("child_edit", args=["site", i["own_site"]]),
        _expect(403, supervisor=200, unit_admin=200),
    ),
    (
        "edit other site",
        "get",
        lambda i: reverse("child_edit", args=["site", i["other_site"]]),
        _expect(403, supervisor=200),
    ),
    (
        "delete other site",
        "post",
        lambda i: reverse("child_delete", args=["site", i["other_site"]]),
        _expect(403, supervisor=302),
    ),
    (
        "delete own site",
        "post",
        lambda i: reverse("child_delete", args=["site", i["own_site"]]),
        _expect(403, supervisor=302, unit_admin=302),
    ),
    (
        "new column on own site",
        "get",
        lambda i: reverse("column_new", args=[i["own_site"]]),
        _expect(403, supervisor=200, unit_admin=200),
    ),
    (
        "edit other column",
        "get",
        lambda i: reverse("child_edit", args=["column", i["other_column"]]),
        _expect(403, supervisor=200),
    ),
    (
        "edit own person",
        "get",
        lambda i: reverse("child_edit", args=["person", i["own_person"]]),
        _expect(403, supervisor=200, unit_admin=200),
    ),
    (
        "edit other person",
        "get",
        lambda i: reverse("child_edit", args=["person", i["other_person"]]),
        _expect(403, supervisor=200),
    ),
    (
        "new account on own unit",
        "get",
        lambda i: reverse("child_new", args=[i["own"], "account"]),
        _expect(403, supervisor=200, unit_admin=200),
    ),
    (
        "categories",
        "get",
        lambda i: reverse("categories"),
        _expect(403, supervisor=200, shangnan_supervisor=200),
    ),
    (
        "import form",
        "get",
        lambda i: reverse("registry_import"),
        _expect(403, supervisor=200, shangnan_supervisor=200),
    ),
    (
        "export",
        "get",
        lambda i: reverse("registry_export"),
        _expect(403, supervisor=200, shangnan_supervisor=200),
    ),
    (
        "template",
        "get",
        lambda i: reverse("registry_template"),
        _expect(403, supervisor=200, shangnan_supervisor=200),
    ),
    (
        "admin index",
        "get",
        lambda i: reverse("admin:index"),
        _expect(302, supervisor=200, shangnan_supervisor=200),
    ),
    (
        "admin own unit",
        "get",
        lambda i: reverse("admin:registry_unit_change", args=[i["own"]]),
        _expect(302, supervisor=200, shangnan_supervisor=302),
    ),
    ("api units", "get", lambda i: "/api/units", {"anonymous": 401, **ALL_OK}),
    (
        "api own unit",
        "get",
        lambda i: f"/api/units/{i['own']}",
        {"anonymous": 401, **ALL_OK, "shangnan_supervisor": 403},
    ),
    (
        "api other unit",
        "get",
        lambda i: f"/api/units/{i['other']}",
        {"anonymous": 401, **ALL_OK, "unit_admin": 403, "shangnan_supervisor": 403},
    ),
    (
        "api foreign unit sites",
        "get",
        lambda i: f"/api/units/{i['foreign']}/sites",
        {"anonymous": 401, **dict.fromkeys(ROLES[1:], 403), "shangnan_supervisor": 200},
    ),
]


@pytest.fixture
def ids(users, sample_county):
    own = Unit.objects.get(region=sample_county["偃师市"], name="教育体育局")
    other = Unit.objects.get(region=sample_county["偃师市"], name="公安局")
    foreign = Unit.objects.get(region=sample_county["商南县"], name="过风楼镇")
    other_site = other.sites.get()
    return {
        "own": own.pk,
        "other": other.pk,
        "foreign": foreign.pk,
        "own_site": own.sites.get().pk,
        "other_site": other_site.pk,
        "other_column": Column.objects.create(
            site=other_site, name="工作动态", url="http://x.gov.cn/gzdt/"
        ).pk,
        "own_person": Person.objects.create(unit=own, role="管理员", name="李明").pk,
        "other_person": Person.objects.create(unit=other, role="管理员", name="王芳").pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_permission_matrix(case, users, ids):
    """One case, every role: all mismatches are reported together."""
    _name, method, url, expected = case
    mismatches = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        with transaction.atomic():  # each role starts from the same data, even after a delete
            response = getattr(client, method)(url(ids))
            transaction.set_rollback(True)
        if response.status_code != expected[role]:
            mismatches.append(
                f"{role}: {method.upper()} {url(ids)} -> {response.status_code}, expected {expected[role]}"
            )
        elif response.status_code == 403 and not url(ids).startswith("/api/"):
            body = response.content.decode()
            assert "无权" in body or "只有监管人员" in body, f"{role}: 403 page without a Chinese reason"
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
def test_unit_admin_list_shows_only_own_unit(users):
    client = Client()
    client.force_login(users["unit_admin"])
    body = client.get(reverse("unit_list")).content.decode()
    assert "教育体育局" in body
    assert "公安局" not in body
    api = client.get("/api/units").json()
    assert [u["name"] for u in api] == ["教育体育局"]


@pytest.mark.django_db
def test_supervisor_scope_excludes_other_county(users):
    client = Client()
    client.force_login(users["supervisor"])
    names = {u["name"] for u in client.get("/api/units").json()}
    assert "教育体育局" in names and "过风楼镇" not in names
    assert len(names) == 44  # seed 000: 31 departments + 13 towns
    admin_list = client.get(reverse("admin:registry_unit_changelist")).content.decode()
    assert "过风楼镇" not in admin_list


@pytest.mark.django_db
def test_refused_post_changes_nothing(users, ids):
    client = Client()
    client.force_login(users["unit_admin"])
    response = client.post(
        reverse("child_edit", args=["site", ids["other_site"]]), {"name": "篡改", "url": "http://a.gov.cn/"}
    )
    assert response.status_code == 403
    assert Site.objects.get(pk=ids["other_site"]).name != "篡改"
    assert client.post(reverse("unit_delete", args=[ids["other"]])).status_code == 403
    assert Unit.objects.filter(pk=ids["other"]).exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(users, ids):
    response = Client().get(reverse("unit_detail", args=[ids["own"]]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_csrf_enforced_on_forms(users, ids):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["supervisor"])
    response = client.post(reverse("unit_delete", args=[ids["other"]]))
    assert response.status_code == 403
    assert Unit.objects.filter(pk=ids["other"]).exists()
