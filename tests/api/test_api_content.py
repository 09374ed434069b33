"""What the endpoints return: scores with the trace, findings of a period and of a site, and the
OpenAPI description listing them."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.assessment.models import Score
from gongkai.monitoring.models import Finding


def _get(token: str, url: str):
    response = Client().get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content[:300]
    return response.json()


@pytest.mark.django_db
def test_scores_with_trace_match_the_stored_scores(world, tokens):
    rows = _get(tokens["assessor"], f"/api/periods/{world['draft']}/scores")
    stored = {s.unit_id: s for s in Score.objects.filter(period_id=world["draft"])}
    assert {r["unit_id"] for r in rows} == set(stored) == {world["own"], world["other"]}
    for row in rows:
        score = stored[row["unit_id"]]
        assert row["rank"] == score.rank and row["category"] == score.category
        assert (row["total"] is None) == (score.total is None)
    detail = _get(tokens["unit_admin"], f"/api/periods/{world['published']}/units/{world['own']}/score")
    score = Score.objects.get(period_id=world["published"], unit_id=world["own"])
    assert detail["trace"] == score.trace and detail["finding_ids"] == score.finding_ids
    assert detail["finding_ids"], "评分应引用检查发现"


@pytest.mark.django_db
def test_findings_of_a_period_and_of_a_site(world, tokens):
    rows = _get(tokens["leader"], f"/api/periods/{world['draft']}/findings")
    assert {r["unit_id"] for r in rows} == {world["own"], world["other"]}
    assert all(r["kind"] == "broken_link" and r["data"]["status"] == 404 for r in rows)
    own_only = _get(tokens["leader"], f"/api/periods/{world['draft']}/findings?unit={world['own']}")
    assert [r["message"] for r in own_only] == ["教育体育局首页链接不可用"]
    assert _get(tokens["leader"], f"/api/periods/{world['draft']}/findings?kind=typo") == []

    site = _get(tokens["unit_admin"], f"/api/sites/{world['own_site']}/findings")
    stored = Finding.objects.filter(run__site_id=world["own_site"])
    assert site["run_id"] == stored.first().run_id and [f["id"] for f in site["findings"]] == [
        f.pk for f in stored
    ]


@pytest.mark.django_db
def test_openapi_lists_the_endpoints_and_the_bearer_scheme(users):
    client = Client()
    client.force_login(users["supervisor"])
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/units",
        "/api/periods",
        "/api/periods/{period_id}",
        "/api/periods/{period_id}/scores",
        "/api/periods/{period_id}/units/{unit_id}/score",
        "/api/periods/{period_id}/findings",
        "/api/sites/{site_id}/findings",
    } <= paths
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert client.get("/api/docs").status_code == 200
