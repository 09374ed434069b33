"""Ordinary bad input never gives a 500: every URL pattern of the product, with out-of-range and
non-numeric ids in the path and in every query or form parameter the views read, as a supervisor
and as a superuser, on pages, the admin and the API; and duplicate names or addresses in the
registry forms are form errors in Chinese, not IntegrityErrors."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.followup.conftest import setup  # noqa: F401  (a fixture: a period with findings)

HUGE = "9999999999999999999999"
# every parameter name the views parse as an id or a number, plus the admin's filter lookups
PARAMS = ["category", "unit", "region", "period", "site", "page", "kind", "state", "index", "units"]
ADMIN_FILTERS = ["category__id__exact", "unit__id__exact", "region__id__exact", "site__id__exact"]
BAD_VALUES = [HUGE, "-" + HUGE, "abc"]
PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _routes(patterns=None, prefix: str = ""):
    """(route, converters) of every URL pattern without a regex (the admin's catch-all excluded)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "(?P" not in route and "^" not in route:
            yield route, pattern.pattern.converters


def _fill(route: str, converters: dict, ids: dict[str, int] | None) -> str:
    """The route with every placeholder filled: an existing object's id from ``ids`` (by
    placeholder name), or HUGE when ``ids`` is None; a valid word for the other converters."""

    def one(match: re.Match) -> str:
        converter = converters.get(match["name"])
        regex = getattr(converter, "regex", "")
        if type(converter).__name__ in ("IntConverter", "StringConverter", "PathConverter"):
            if ids is None:
                return HUGE
            if match["name"] == "parent_id" and route.startswith("sites/"):
                return str(ids["site_id"])
            return str(ids.get(match["name"], ids["unit_id"]))
        if "|" in regex:  # KindConverter and the like: one of its words
            return regex.split("|")[0]
        return "x"

    return "/" + PLACEHOLDER.sub(one, route)


@pytest.fixture
def ids(setup):  # noqa: F811  (the fixture imported above)
    """Ids of real objects, so that views get past their lookups to the parameters they parse."""
    from gongkai.monitoring.models import Finding

    period = setup["period"]
    return {
        "period_id": period.pk,
        "unit_id": setup["edu"].pk,
        "parent_id": setup["edu"].pk,
        "site_id": setup["edu_site"].pk,
        "pk": setup["edu_site"].pk,
        "finding_id": Finding.objects.filter(run=setup["edu_run"]).first().pk,
        "index": 0,
        "indicator_id": "deductions",
    }


@pytest.fixture
def clients(users):
    root = User.objects.create_superuser("root", password=None)
    made = {}
    for name, user in (("supervisor", users["supervisor"]), ("root", root)):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        made[name] = client
    return made


@pytest.mark.django_db
def test_no_url_gives_500_on_out_of_range_or_malformed_numbers(clients, ids, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    failures = []
    routes = list(_routes())
    assert len(routes) > 100  # the walk found the product's pages, the admin and the API
    for route, converters in routes:
        if route.startswith(("accounts/logout", "admin/logout")):
            continue
        for known in (ids, None):
            url = _fill(route, converters, known)
            filters = ADMIN_FILTERS if route.startswith("admin/") else []
            # with HUGE in the path the view stops at its lookup: one bad query value is enough
            for bad in BAD_VALUES if known else BAD_VALUES[:1]:
                query = {name: bad for name in [*PARAMS, *filters]}
                for who, client in clients.items():
                    for method in ("get", "post"):
                        if method == "post" and known and "delete/" in route:
                            continue  # a POST to a delete view deletes what the next URLs need
                        response = getattr(client, method)(url, query)
                        if response.status_code >= 500:
                            failures.append((who, method.upper(), url, bad, response.status_code))
    assert not failures, "\n".join(map(str, failures[:40])) + f"\n… {len(failures)} in all"


@pytest.mark.django_db
def test_bad_ids_are_400_in_chinese_on_pages_and_the_api(clients, ids):
    client = clients["supervisor"]
    for url in (
        f"/units/?category={HUGE}",
        "/units/?region=abc",
        f"/assessment/{ids['period_id']}/log/?unit={HUGE}",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "应为编号（正整数）" in response.content.decode(), url
    assert client.get("/units/?category=&region=").status_code == 200  # the empty choice of the filters
    response = client.get(f"/api/periods/{ids['period_id']}/findings?unit={HUGE}")
    assert response.status_code == 400
    assert response.json()["detail"] == "参数有误：unit。编号应为正整数。"
    assert client.get(f"/api/units/{HUGE}").status_code == 400
    response = client.post("/assessment/new/", {"units": [HUGE], "name": "x"})
    assert response.status_code == 200  # the form again, with the error on the field
    assert "units" in response.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "field", "data"),
    [
        ("site", "url", {"name": "第二个网站", "url": "{site_url}", "site_id_code": "", "active": "on"}),
        (
            "column",
            "url",
            {"name": "栏目二", "url": "{column_url}", "column_type": "其他", "window_days": ""},
        ),
        (
            "account",
            "name",
            {"platform": "微博", "name": "偃师教育", "account_id": "", "status": "已备案", "url": ""},
        ),
    ],
)
def test_duplicates_in_registry_forms_are_form_errors(clients, ids, kind, field, data):
    from gongkai.registry.models import Column, NewMediaAccount, Site

    site = Site.objects.get(pk=ids["site_id"])
    column = Column.objects.create(site=site, name="栏目一", url=f"{site.url}col1/")
    NewMediaAccount.objects.create(unit=site.unit, platform="微博", name="偃师教育")
    counts = (Site.objects.count(), Column.objects.count(), NewMediaAccount.objects.count())
    values = {k: v.format(site_url=site.url, column_url=column.url) for k, v in data.items()}
    url = f"/sites/{site.pk}/columns/new/" if kind == "column" else f"/units/{site.unit_id}/{kind}/new/"
    response = clients["supervisor"].post(url, values)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and "已登记" in errors[field][0], errors
    assert (Site.objects.count(), Column.objects.count(), NewMediaAccount.objects.count()) == counts
