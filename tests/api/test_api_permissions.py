"""The API's permission matrix with tokens: every role x every read endpoint, the same answers as
the pages give; no or bad token: 401."""

from __future__ import annotations

import pytest
from django.test import Client

ROLES = ["anonymous", "supervisor", "assessor", "leader", "unit_admin", "other_admin", "shangnan_supervisor"]
STAFF = {"supervisor": 200, "assessor": 200, "leader": 200}


def _expect(default: int, **overrides: int) -> dict[str, int]:
    return {"anonymous": 401, **dict.fromkeys(ROLES[1:], default), **overrides}


CASES = [
    ("units", lambda i: "/api/units", _expect(200)),
    ("periods", lambda i: "/api/periods", _expect(200)),
    ("draft period", lambda i: f"/api/periods/{i['draft']}", _expect(403, **STAFF)),
    (
        "published period",
        lambda i: f"/api/periods/{i['published']}",
        _expect(403, **STAFF, unit_admin=200, other_admin=200),
    ),
    ("draft scores", lambda i: f"/api/periods/{i['draft']}/scores", _expect(403, **STAFF)),
    ("published scores", lambda i: f"/api/periods/{i['published']}/scores", _expect(403, **STAFF)),
    ("draft findings", lambda i: f"/api/periods/{i['draft']}/findings", _expect(403, **STAFF)),
    (
        "own score, draft",
        lambda i: f"/api/periods/{i['draft']}/units/{i['own']}/score",
        _expect(403, **STAFF),
    ),
    (
        "own score, published",
        lambda i: f"/api/periods/{i['published']}/units/{i['own']}/score",
        _expect(403, **STAFF, unit_admin=200),
    ),
    (
        "own site findings",
        lambda i: f"/api/sites/{i['own_site']}/findings",
        _expect(403, **STAFF, unit_admin=200),
    ),
    (
        "other site findings",
        lambda i: f"/api/sites/{i['other_site']}/findings",
        _expect(403, **STAFF, other_admin=200),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_token_matrix(world, tokens, role):
    client = Client()
    headers = {} if role == "anonymous" else {"Authorization": f"Bearer {tokens[role]}"}
    for name, url, expected in CASES:
        response = client.get(url(world), headers=headers)
        assert response.status_code == expected[role], (name, role, response.content[:200])


@pytest.mark.django_db
def test_scopes_of_the_lists(world, tokens):
    def ids(role: str, url: str) -> set[int]:
        response = Client().get(url, headers={"Authorization": f"Bearer {tokens[role]}"})
        return {row["id"] for row in response.json()}

    assert ids("supervisor", "/api/periods") == {world["draft"], world["published"]}
    assert ids("unit_admin", "/api/periods") == {world["published"]}
    assert ids("shangnan_supervisor", "/api/periods") == set()
    assert ids("unit_admin", "/api/units") == {world["own"]}


@pytest.mark.django_db
def test_session_auth_still_works(world, users):
    client = Client()
    client.force_login(users["leader"])
    assert client.get(f"/api/periods/{world['draft']}/scores").status_code == 200
    client.force_login(users["unit_admin"])
    assert client.get(f"/api/periods/{world['draft']}/scores").status_code == 403
