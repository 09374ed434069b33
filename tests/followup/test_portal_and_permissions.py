"""The unit portal and the permission matrix of every review and follow-up page and action.

Roles are scoped to 偃师市 (tests/conftest.py); `unit_admin` runs 教育体育局 ("own"), `other_admin`
公安局. 302 for anonymous users is the login redirect; for others it is the view having done its
job; 403 is the Chinese refusal page.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from gongkai.followup import services
from gongkai.followup.models import FixEvidence, Problem
from tests.assessment.conftest import figure_bytes
from tests.zipbombs import docx_bomb, traced_peak

ROLES = ["anonymous", "supervisor", "assessor", "leader", "unit_admin", "other_admin", "shangnan_supervisor"]
STAFF = {"supervisor": 200, "assessor": 200, "leader": 200}


def _expect(default: int, **overrides: int) -> dict[str, int]:
    expected = {"anonymous": 302, **dict.fromkeys(ROLES[1:], default)}
    expected.update(overrides)
    return expected


def _fix_post() -> dict:
    return {"note": "已整改", "files": SimpleUploadedFile("截图.pdf", figure_bytes("pdf"))}


CASES = [
    ("index", "get", lambda i: "/followup/", _expect(200, unit_admin=302, other_admin=302)),
    ("portal", "get", lambda i: "/followup/portal/", _expect(403, unit_admin=200, other_admin=200)),
    ("review page", "get", lambda i: f"/followup/periods/{i['period']}/review/", _expect(403, **STAFF)),
    (
        "review decision",
        "post",
        lambda i: f"/followup/periods/{i['period']}/findings/{i['finding']}/review/",
        _expect(403, supervisor=302, assessor=302),
    ),
    ("overview", "get", lambda i: f"/followup/periods/{i['period']}/", _expect(403, **STAFF)),
    (
        "issue problems",
        "post",
        lambda i: f"/followup/periods/{i['period']}/",
        _expect(403, supervisor=302, assessor=302),
    ),
    (
        "own problem",
        "get",
        lambda i: f"/followup/problems/{i['own']}/",
        _expect(403, **STAFF, unit_admin=200),
    ),
    (
        "mark own problem fixed",
        "post",
        lambda i: f"/followup/problems/{i['own']}/",
        _expect(403, unit_admin=302),
    ),
    (
        "other unit's problem",
        "get",
        lambda i: f"/followup/problems/{i['other']}/",
        _expect(403, **STAFF, other_admin=200),
    ),
    (
        "mark other unit's problem fixed",
        "post",
        lambda i: f"/followup/problems/{i['other']}/",
        _expect(403, other_admin=302),
    ),
    (
        "own evidence",
        "get",
        lambda i: f"/followup/evidence/{i['evidence']}/",
        _expect(403, **STAFF, unit_admin=200),
    ),
]


@pytest.fixture
def ids(setup, users, media):
    period = setup["period"]
    services.issue_problems(period, user=users["supervisor"])
    fixed = Problem.objects.get(kind="empty_column")
    services.mark_fixed(
        fixed,
        note="已补充内容",
        files=[SimpleUploadedFile("补充.pdf", figure_bytes("pdf"))],
        user=users["unit_admin"],
    )
    return {
        "period": period.pk,
        "finding": setup["edu_run"].findings.get(kind="typo").pk,
        "own": Problem.objects.get(kind="broken_link").pk,
        "other": Problem.objects.get(kind="missing_meta").pk,
        "evidence": fixed.evidence.get().pk,
    }


def _post_data(name: str) -> dict:
    if name.startswith("mark"):
        return _fix_post()
    if name == "review decision":
        return {"decision": "confirm"}
    return {"deadline": "2026-12-31"}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_permission_matrix(case, users, ids):
    name, method, url, expected = case
    mismatches = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        with transaction.atomic():
            response = client.post(url(ids), _post_data(name)) if method == "post" else client.get(url(ids))
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
def test_home_sends_unit_admins_to_the_portal(users, client):
    client.force_login(users["unit_admin"])
    assert client.get("/").url == "/followup/portal/"


@pytest.mark.django_db
def test_portal_shows_only_own_problems_with_overdue_in_red(ids, users, client, setup):
    Problem.objects.filter(pk=ids["own"]).update(deadline=date(2020, 1, 2))
    client.force_login(users["unit_admin"])
    body = client.get("/followup/portal/").content.decode()
    assert "链接“旧文件”无法打开（404）" in body and "页面缺少 SiteIDCode 元数据" not in body
    assert 'class="overdue"' in body and "（已逾期）" in body and "1 个已逾期" in body
    assert "栏目“通知公告”没有任何内容" in body  # reported fixed, waiting for the next audit
    assert f"/units/{setup['edu'].pk}/" in body
    # scores: only published periods, with a link to the trace page
    assert "尚无已发布的考评结果" in body
    period = setup["period"]
    period.status = period.Status.PUBLISHED
    period.save()
    body = client.get("/followup/portal/").content.decode()
    assert f"/assessment/{period.pk}/units/{setup['edu'].pk}/" in body and period.name in body

    client.force_login(users["other_admin"])
    other = client.get("/followup/portal/").content.decode()
    assert "页面缺少 SiteIDCode 元数据" in other and "旧文件" not in other


@pytest.mark.django_db
def test_unit_admin_answers_through_the_form_and_fake_file_is_refused(ids, users, client):
    client.force_login(users["unit_admin"])
    url = f"/followup/problems/{ids['own']}/"
    fake = SimpleUploadedFile("截图.pdf", b"not a pdf at all \x00\x01\x02")
    response = client.post(url, {"note": "已删除", "files": fake})
    assert response.status_code == 200 and "内容不是允许的类型" in response.content.decode()
    assert Problem.objects.get(pk=ids["own"]).status == Problem.Status.OPEN
    response = client.post(url, _fix_post())
    assert response.status_code == 302
    assert Problem.objects.get(pk=ids["own"]).status == Problem.Status.FIXED


@pytest.mark.django_db
def test_overview_counts_per_status_and_unit(ids, users, client):
    Problem.objects.filter(pk=ids["other"]).update(deadline=date(2020, 1, 2))
    client.force_login(users["leader"])
    body = client.get(f"/followup/periods/{ids['period']}/").content.decode()
    assert "下发整改</button>" not in body  # leaders read only
    overdue = body.split('id="overdue"')[1]
    assert "页面缺少 SiteIDCode 元数据" in overdue and "旧文件" not in overdue
    counts = body.split('id="status-counts"')[1].split("</table>")[0]
    edu_row = counts.split("<td>教育体育局</td>")[1].split("</tr>")[0]
    # statuses in order: 待整改, 已整改待核验, 已核实整改, 逾期, 重新打开; then the total
    cells = [c.split(">")[1] for c in edu_row.split("</td>")[:-1]]
    assert cells == ["2", "1", "0", "0", "0", "3"]  # open: typo, link; waiting: the column


@pytest.mark.django_db
def test_a_december_period_gets_an_estimated_deadline_in_the_next_year(ids, users, client):
    """The packaged holiday calendar ends with 2026: a check date of 2026-12-20 plus 15 working days
    falls in 2027, estimated from the statutory holidays and said so, instead of refused."""
    from gongkai.assessment.models import Period

    Period.objects.filter(pk=ids["period"]).update(check_date=date(2026, 12, 20))
    period = Period.objects.get(pk=ids["period"])
    deadline = services.default_deadline(period)
    assert deadline == date(2027, 1, 11)  # 15 Mon–Fri days from 12-21, 2027-01-01 (元旦) skipped
    client.force_login(users["supervisor"])
    body = client.get(f"/followup/periods/{ids['period']}/").content.decode()
    assert "默认期限：2027-01-11" in body and "2027 年的放假安排尚未收录，按法定节假日估算" in body


@pytest.mark.django_db
def test_a_zip_bomb_answer_is_refused_and_the_problem_stays_open(ids, users, client, media):
    """Issue 12.5: the rectification answer goes through the same streaming check as evidence."""
    client.force_login(users["unit_admin"])
    before = FixEvidence.objects.count()
    stored = sorted(media.rglob("*"))
    bomb = SimpleUploadedFile("整改说明.docx", docx_bomb())
    response, peak = traced_peak(
        lambda: client.post(f"/followup/problems/{ids['own']}/", {"note": "已整改", "files": bomb})
    )
    body = response.content.decode()
    assert response.status_code == 200 and "文件“整改说明.docx”被拒绝" in body and "压缩炸弹" in body
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"
    assert Problem.objects.get(pk=ids["own"]).status == Problem.Status.OPEN
    assert FixEvidence.objects.count() == before
    assert sorted(media.rglob("*")) == stored


@pytest.mark.django_db
def test_fix_evidence_is_stored_under_the_problem_with_a_random_name(ids, media, users):
    evidence = FixEvidence.objects.get(pk=ids["evidence"])
    problem = evidence.problem
    assert re.fullmatch(
        rf"followup/{problem.period_id}/{problem.unit_id}/[0-9a-f]{{32}}\.pdf", evidence.file.name
    )
    assert evidence.file.path.startswith(str(media))
    assert (evidence.original_name, evidence.content_type) == ("补充.pdf", "application/pdf")
    assert evidence.uploaded_by == users["unit_admin"] and evidence.size == evidence.file.size


@pytest.mark.django_db
def test_fix_evidence_download_is_an_attachment_with_the_original_name(ids, users):
    evidence = FixEvidence.objects.get(pk=ids["evidence"])
    client = Client()
    client.force_login(users["unit_admin"])
    response = client.get(f"/followup/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"fix-{evidence.pk}.pdf\"; filename*=UTF-8''{quote('补充.pdf')}"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == evidence.sha256


@pytest.mark.django_db
def test_a_lost_fix_evidence_file_is_a_404_not_an_error(ids, users):
    evidence = FixEvidence.objects.get(pk=ids["evidence"])
    evidence.file.storage.delete(evidence.file.name)
    client = Client()
    client.force_login(users["supervisor"])
    response = client.get(f"/followup/evidence/{evidence.pk}/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
