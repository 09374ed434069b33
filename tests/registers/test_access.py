"""Who sees and keeps which application: pages and API tokens follow registers.access. A unit
administrator never sees or edits another unit's application (404), nor through its token."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from gongkai.api.tokens import create_token
from gongkai.registers.models import Application, State
from tests.registers.helpers import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def apps(make_app):
    return {"own": make_app("own", "OWN-1"), "other": make_app("other", "OTHER-1")}


def test_a_unit_admin_sees_only_its_own_units_register(users, apps):
    client = logged_in(users["unit_admin"])
    page = client.get("/applications/").content.decode()
    assert "OWN-1" in page and "OTHER-1" not in page
    other = apps["other"].pk
    assert client.get(f"/applications/{other}/").status_code == 404
    assert client.get(f"/applications/{other}/edit/").status_code == 404
    moved = client.post(f"/applications/{other}/withdraw/", {"on": "2025-03-10"})
    assert moved.status_code == 404
    assert Application.objects.get(pk=other).state == State.RECEIVED
    exported = client.get("/applications/export.xlsx")
    assert exported.status_code == 200 and b"OTHER-1" not in exported.content


def test_a_unit_admin_cannot_register_for_another_unit(users, units, apps):
    client = logged_in(users["unit_admin"])
    answer = client.post(
        "/applications/new/",
        {
            "unit": units["other"].pk,
            "number": "X",
            "applicant_type": "自然人",
            "channel": "网络",
            "received": "2025-03-03",
            "fee_mode": "不收费",
        },
    )
    assert answer.status_code == 200 and "选择一个有效的选项" in answer.content.decode()
    assert not Application.objects.filter(number="X").exists()


def test_supervisors_keep_their_region_and_readers_only_read(users, apps):
    supervisor = logged_in(users["supervisor"])
    page = supervisor.get("/applications/").content.decode()
    assert "OWN-1" in page and "OTHER-1" in page
    assert (
        supervisor.post(f"/applications/{apps['other'].pk}/withdraw/", {"on": "2025-03-10"}).status_code
        == 302
    )
    assert Application.objects.get(pk=apps["other"].pk).state == State.WITHDRAWN
    leader = logged_in(users["leader"])
    apps["own"].applicant_name = "张三丰"
    apps["own"].save()
    assert "张三丰" in supervisor.get(f"/applications/{apps['own'].pk}/").content.decode()
    seen = leader.get(f"/applications/{apps['own'].pk}/")
    assert seen.status_code == 200 and "张三丰" not in seen.content.decode()
    assert leader.get(f"/applications/{apps['own'].pk}/edit/").status_code == 403
    assert leader.post(f"/applications/{apps['own'].pk}/withdraw/", {"on": "2025-03-10"}).status_code == 403
    assert leader.get("/applications/new/").status_code == 403
    elsewhere = logged_in(users["shangnan_supervisor"])
    assert elsewhere.get(f"/applications/{apps['own'].pk}/").status_code == 404
    assert "OWN-1" not in elsewhere.get("/applications/").content.decode()


def test_the_api_token_of_a_unit_admin_sees_only_its_unit(users, units, apps):
    key = create_token(users["unit_admin"], "测试")[1]
    client = Client(headers={"Authorization": f"Bearer {key}"})
    listed = client.get("/api/applications")
    assert listed.status_code == 200
    assert [row["number"] for row in listed.json()] == ["OWN-1"]
    assert client.get(f"/api/applications/{apps['other'].pk}").status_code == 404
    assert client.get(f"/api/applications?unit={units['other'].pk}").status_code == 403
    detail = client.get(f"/api/applications/{apps['own'].pk}").json()
    assert detail["reply_due"] == "2025-03-31" and detail["correction_notice_due"] == "2025-03-12"
    assert "applicant_name" not in detail


def test_the_api_filters_by_unit_state_and_year(users, units, apps, make_app):
    make_app(
        "own",
        "OLD",
        date(2024, 5, 6),
        state=State.REPLIED,
        replied=date(2024, 5, 20),
        result="（一）予以公开",
    )
    key = create_token(users["supervisor"], "测试")[1]
    client = Client(headers={"Authorization": f"Bearer {key}"})

    def numbers(query: str) -> list[str]:
        response = client.get(f"/api/applications?{query}")
        assert response.status_code == 200, response.content
        return sorted(row["number"] for row in response.json())

    assert numbers("") == ["OLD", "OTHER-1", "OWN-1"]
    assert numbers(f"unit={units['own'].pk}") == ["OLD", "OWN-1"]
    assert numbers("state=已答复") == ["OLD"]
    assert numbers("year=2025") == ["OTHER-1", "OWN-1"]
    assert client.get("/api/applications?state=没有").status_code == 400
    assert Client().get("/api/applications").status_code == 401


def test_bad_query_parameters_are_a_400(users, apps):
    client = logged_in(users["supervisor"])
    assert client.get("/applications/?unit=abc").status_code == 400
    assert client.get("/applications/?unit=99999999999999999999999").status_code == 400
    assert client.get("/applications/?year=20x5").status_code == 400
    assert client.get("/applications/annual/?region=-1").status_code == 400


def test_the_admin_is_for_supervisors_and_scoped_to_their_region(users, apps, sample_county):
    from django.contrib.auth.models import User

    from gongkai.accounts.models import Profile, Role

    supervisor = logged_in(users["supervisor"])
    listing = supervisor.get("/admin/registers/application/")
    assert listing.status_code == 200 and "OWN-1" in listing.content.decode()
    elsewhere = User.objects.create_user("sn_staff", password=None, is_staff=True)
    Profile.objects.create(user=elsewhere, role=Role.SUPERVISOR, region=sample_county["商南县"])
    assert "OWN-1" not in logged_in(elsewhere).get("/admin/registers/application/").content.decode()
    staff_admin = users["unit_admin"]
    staff_admin.is_staff = True
    staff_admin.save()
    assert logged_in(staff_admin).get("/admin/registers/application/").status_code == 403


def test_the_openapi_description_lists_the_application_endpoints(users):
    schema = logged_in(users["supervisor"]).get("/api/openapi.json").json()
    assert {"/api/applications", "/api/applications/{application_id}"} <= set(schema["paths"])
    assert "依申请公开" in schema["paths"]["/api/applications"]["get"]["summary"]
