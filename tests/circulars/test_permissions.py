"""Who may publish, download which file, see the charts and the unit portal: every role x every
page, on a published seed-002 period and an unpublished one. Roles of 商南县 publish and see
everything; 过风楼镇's administrator only the circular and its own notice; 偃师 users nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.test import Client

from gongkai.assessment import access
from gongkai.circulars.services import publish
from tests.circulars.conftest import quarter_period

ROLES = [
    "anonymous",
    "shangnan_supervisor",
    "sn_assessor",
    "sn_leader",
    "gfl_admin",  # 过风楼镇: has problems, so a notice
    "rm_admin",  # 县融媒体中心: has its own notice
    "zc_admin",  # 赵川镇: in the period, no notice
    "supervisor",  # 偃师市: another region
    "unit_admin",  # 偃师 教育体育局: not in the period
]
SN_STAFF = {"shangnan_supervisor": 200, "sn_assessor": 200, "sn_leader": 200}
MEMBERS = {"gfl_admin": 200, "rm_admin": 200, "zc_admin": 200}


def _expect(default: int, **overrides: int) -> dict[str, int]:
    expected = {"anonymous": 302, **dict.fromkeys(ROLES[1:], default)}
    expected.update(overrides)
    return expected


def _file(ids, kind: str, unit: str = "") -> str:
    index = next(n for n, f in enumerate(ids["files"]) if f["kind"] == kind and f["unit"] == unit)
    return f"/circulars/{ids['published']}/files/{index}/"


CASES = [
    ("circular docx", "get", lambda i: _file(i, "circular"), _expect(403, **SN_STAFF, **MEMBERS)),
    ("tables xlsx", "get", lambda i: _file(i, "tables"), _expect(403, **SN_STAFF)),
    ("problem list csv", "get", lambda i: _file(i, "problems"), _expect(403, **SN_STAFF)),
    ("own notice", "get", lambda i: _file(i, "notice", "过风楼镇"), _expect(403, **SN_STAFF, gfl_admin=200)),
    ("other notice", "get", lambda i: _file(i, "notice", "县融媒体中心"), _expect(403, **SN_STAFF, rm_admin=200)),
    ("no such file", "get", lambda i: f"/circulars/{i['published']}/files/999/", _expect(403, **dict.fromkeys([*SN_STAFF, *MEMBERS], 404))),
    ("unpublished file", "get", lambda i: f"/circulars/{i['draft']}/files/0/", _expect(403, **dict.fromkeys(SN_STAFF, 404))),
    ("chart", "get", lambda i: f"/circulars/{i['published']}/charts/score_distribution.png", _expect(403, **SN_STAFF)),
    ("period page", "get", lambda i: f"/assessment/{i['published']}/", _expect(403, **SN_STAFF)),
    ("settings of draft", "get", lambda i: f"/circulars/{i['draft']}/settings/", _expect(403, shangnan_supervisor=200)),
    ("settings of published", "get", lambda i: f"/circulars/{i['published']}/settings/", _expect(403)),
    ("publish draft", "post", lambda i: f"/circulars/{i['draft']}/publish/", _expect(403, shangnan_supervisor=302)),
    ("unit portal", "get", lambda i: "/circulars/", _expect(403, **MEMBERS, unit_admin=200)),
]  # fmt: skip


@pytest.fixture
def ids(seed002, shangnan_people, sample_county):
    record = publish(seed002, user=shangnan_people["shangnan_supervisor"], pdf=False)
    draft = quarter_period(
        sample_county["商南县"], shangnan_people["shangnan_supervisor"], name="2021年第三季度",
        start=date(2021, 7, 1), check=date(2021, 10, 10), scale=2,
    )  # fmt: skip
    return {"published": seed002.pk, "draft": draft.pk, "files": record.files, "draft_period": draft}


@pytest.mark.django_db
def test_permission_matrix(shangnan_people, ids):
    mismatches = []
    for name, method, url, expected in CASES:
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(shangnan_people[role])
            with transaction.atomic():
                if method == "post":
                    response = client.post(url(ids), {"confirm": "yes"})
                else:
                    response = client.get(url(ids))
                transaction.set_rollback(True)
            status = response.status_code
            if status != expected[role]:
                mismatches.append(
                    f"{name} / {role}: {method.upper()} {url(ids)} -> {status}, expected {expected[role]}"
                )
            elif status == 403:
                body = response.content.decode()
                assert "无权" in body or "只有" in body, f"{name} / {role}: 403 without a Chinese reason"
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
def test_downloads_are_attachments_with_the_real_file(shangnan_people, ids):
    client = Client()
    client.force_login(shangnan_people["gfl_admin"])
    response = client.get(_file(ids, "notice", "过风楼镇"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a real .docx (zip)
    chart = Client()
    chart.force_login(shangnan_people["sn_leader"])
    png = chart.get(f"/circulars/{ids['published']}/charts/score_distribution.png")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.django_db
def test_access_functions_refuse_unit_admins_unpublished_files(shangnan_people, ids):
    draft = ids["draft_period"]
    gfl_unit = access.profile_of(shangnan_people["gfl_admin"]).unit
    for kind in ("circular", "pdf", "tables", "notice"):
        assert not access.can_download_circular_file(shangnan_people["gfl_admin"], draft, kind, gfl_unit.pk)
    assert access.can_download_circular_file(shangnan_people["sn_assessor"], draft, "tables")


@pytest.mark.django_db
def test_pages_show_files_comparison_and_the_portal(shangnan_people, ids):
    staff = Client()
    staff.force_login(shangnan_people["shangnan_supervisor"])
    page = staff.get(f"/assessment/{ids['published']}/").content.decode()
    assert "通报文件" in page and "附件表格（Excel）" in page and "整改通知：过风楼镇" in page
    assert "发布通报" not in page  # already published
    draft_page = staff.get(f"/assessment/{ids['draft']}/").content.decode()
    assert f'action="/circulars/{ids["draft"]}/publish/"' in draft_page
    assert "与上期比较（2021年第二季度信息报送）" in draft_page
    # Q3 doubles every 采用信息: 过风楼镇 30.4 -> 55.4, still first
    row = '<td>过风楼镇</td><td class="num">55.4</td><td class="num">1</td>\n<td class="num">30.4</td><td class="num">1</td>\n<td class="num">+25</td>'
    assert row in draft_page
    portal = Client()
    portal.force_login(shangnan_people["gfl_admin"])
    body = portal.get("/circulars/").content.decode()
    assert "商南县人民政府办公室关于2021年二季度" in body and "本单位得分 30.4 分" in body
    assert "整改通知：过风楼镇" in body and "附件表格" not in body and "县融媒体中心" not in body
    assert "已发布通报" in body  # nav link


@pytest.mark.django_db
def test_publish_from_the_page_needs_the_confirmation(shangnan_people, ids):
    client = Client()
    client.force_login(shangnan_people["shangnan_supervisor"])
    client.post(f"/circulars/{ids['draft']}/publish/", {})
    ids["draft_period"].refresh_from_db()
    assert not ids["draft_period"].frozen
    response = client.post(f"/circulars/{ids['draft']}/publish/", {"confirm": "yes"}, follow=True)
    ids["draft_period"].refresh_from_db()
    assert ids["draft_period"].frozen
    assert "已发布《" in response.content.decode()
