"""Issue 16.6: units upload 佐证材料 themselves per item until the period's deadline (seed 004:
"逾期未报视为无相关工作内容"); an ``evidence: true`` item without on-time or accepted evidence
scores 0 with the reason in the trace; late files count once a supervisor accepts them (who,
when, why in the audit log); permissions and refused uploads."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from gongkai.assessment import access, services
from gongkai.assessment.models import Period, Score, ScoreChange, UnitEvidence
from gongkai.registry.models import Unit
from gongkai.scoring import ManualScore, SchemeError, UnitInput, load_scheme, parse_scheme, score_unit
from tests.assessment.conftest import figure_bytes, make_period
from tests.assessment.test_evidence import EXE
from tests.zipbombs import docx_bomb

SCHEME = "jingzhou-2021-dept"
ITEM = "1.1"  # 日常工作 / 工作推进落实 (5 points, manual, under the evidence: true group)


# the scheme flag and the engine ---------------------------------------------------------------
def test_the_flag_of_a_group_reaches_its_items_and_bonus_items_carry_their_own():
    scheme = load_scheme(SCHEME)
    ids = [node.id for node in scheme.evidence_items()]
    assert ids[:3] == ["1.1", "1.2", "1.3"]  # 日常工作's three items
    assert [i for i in ids if i.startswith("bonus")] == [f"bonus.{n}" for n in range(1, 6)]
    assert "2.1" not in ids  # 政务公开 / 机构职能 needs no evidence
    assert not scheme.indicator("1").children[0].children  # a leaf, as listed


def test_the_flag_must_be_true_or_false():
    data = {
        "id": "x",
        "name": "x",
        "indicators": [{"name": "日常工作", "points": 2, "manual": True, "evidence": "是"}],
    }
    with pytest.raises(SchemeError) as caught:
        parse_scheme(data)
    assert "evidence 只能是 true 或 false" in str(caught.value)


def _item(result, indicator_id):
    return next(r for top in (*result.indicators, *result.bonus) for r in top.walk() if r.id == indicator_id)


def test_an_absent_item_scores_zero_whatever_the_manual_score():
    scheme = load_scheme(SCHEME)
    manual = {ITEM: ManualScore(Decimal(5), "方案、会议纪要齐全")}
    present = score_unit(scheme, UnitInput("教育体育局", "市直部门", manual=manual))
    absent = score_unit(
        scheme,
        UnitInput(
            "教育体育局",
            "市直部门",
            manual=manual,
            evidence_absent={ITEM: "未在截止日 2021-01-10 前上传佐证材料"},
        ),
    )
    assert _item(present, ITEM).score == 5
    item = _item(absent, ITEM)
    assert (item.score, item.status) == (0, "absent")
    assert item.steps[-1].reason.startswith("未在截止日 2021-01-10 前上传佐证材料：视为无相关工作内容")
    assert item.steps[-1].amount == -5
    assert present.total - absent.total == 5


def test_a_bonus_item_without_evidence_adds_nothing():
    scheme = load_scheme(SCHEME)
    manual = {"bonus.2": ManualScore(Decimal(4), "高效办成一件事案例")}
    with_evidence = score_unit(scheme, UnitInput("教育体育局", "市直部门", manual=manual))
    without = score_unit(
        scheme, UnitInput("教育体育局", "市直部门", manual=manual, evidence_absent={"bonus.2": "未上传"})
    )
    assert with_evidence.total - without.total == 4
    assert _item(without, "bonus.2").status == "absent"


# the platform -----------------------------------------------------------------------------------
def _units(sample_county):
    yanshi = sample_county["偃师市"]
    return Unit.objects.get(region=yanshi, name="教育体育局"), Unit.objects.get(region=yanshi, name="公安局")


def _period(sample_county, users, *, deadline_days: int, units=None) -> Period:
    edu, police = _units(sample_county)
    period = make_period(
        sample_county["偃师市"], SCHEME, user=users["supervisor"], units=units or [edu, police]
    )
    period.evidence_deadline = timezone.localdate() + timedelta(days=deadline_days)
    period.save()
    for unit in units or (edu, police):
        services.save_manual_entry(
            period, unit, ITEM, points=Decimal(5), applicable=True, reason="材料齐全", user=users["assessor"]
        )
    return period


def _trace_item(period, unit, indicator_id=ITEM):
    trace = Score.objects.get(period=period, unit=unit).trace
    stack = list(trace["indicators"]) + list(trace.get("bonus") or [])
    while stack:
        node = stack.pop()
        if node["id"] == indicator_id:
            return node
        stack.extend(node["children"])
    raise KeyError(indicator_id)


def _upload(client, period, files, indicator=ITEM):
    return client.post(f"/assessment/{period.pk}/my-evidence/", {"indicator": indicator, "files": files})


def _pdf(name="工作方案.pdf"):
    return SimpleUploadedFile(name, figure_bytes("pdf"), content_type="application/pdf")


@pytest.mark.django_db
def test_an_on_time_upload_makes_the_item_count(sample_county, users, media):
    edu, police = _units(sample_county)
    period = _period(sample_county, users, deadline_days=10)
    before = _trace_item(period, edu)
    assert (before["score"], before["status"]) == (0, "absent")
    assert "前上传佐证材料：视为无相关工作内容" in before["steps"][-1]["reason"]

    client = Client()
    client.force_login(users["unit_admin"])
    page = client.get(f"/assessment/{period.pk}/my-evidence/")
    assert page.status_code == 200
    assert "工作推进落实" in page.content.decode() and "需提供佐证材料" in page.content.decode()
    response = _upload(client, period, [_pdf()])
    assert response.status_code == 302, response.content.decode()
    stored = UnitEvidence.objects.get()
    assert (stored.unit, stored.indicator, stored.late, stored.content_type) == (
        edu,
        ITEM,
        False,
        "application/pdf",
    )
    assert f"unit-evidence/{period.pk}/{edu.pk}/" in stored.file.path and stored.file.path.startswith(
        str(media)
    )
    assert _trace_item(period, edu)["score"] == 5  # recomputed
    assert _trace_item(period, police)["score"] == 0  # the other unit uploaded nothing
    log = ScoreChange.objects.get(unit=edu, what=ITEM, label__startswith="佐证材料")
    assert log.user == users["unit_admin"] and "工作方案.pdf" in log.reason and log.new.startswith("按时上传")

    # the assessor's overview: per item, which units uploaded
    assessor = Client()
    assessor.force_login(users["assessor"])
    overview = assessor.get(f"/assessment/{period.pk}/evidence/").content.decode()
    section = overview.split('id="item-1.1"')[1].split("</section>")[0]
    assert 'data-unit="教育体育局"' in section and "按时" in section and "工作方案.pdf" in section
    assert section.split('data-unit="公安局"')[1].split("</tr>")[0].count("未上传") == 1
    download = client.get(f"/assessment/unit-evidence/{stored.pk}/")
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == stored.sha256


@pytest.mark.django_db
def test_a_late_upload_counts_only_once_a_supervisor_accepts_it(sample_county, users, media):
    edu, _police = _units(sample_county)
    period = _period(sample_county, users, deadline_days=-1)
    client = Client()
    client.force_login(users["unit_admin"])
    assert _upload(client, period, [_pdf()]).status_code == 302
    late = UnitEvidence.objects.get()
    assert late.late and not late.counts
    item = _trace_item(period, edu)
    assert item["score"] == 0 and "佐证材料逾期上传" in item["steps"][-1]["reason"]
    assert "监管人员未认可" in item["steps"][-1]["reason"]

    overview_url = f"/assessment/{period.pk}/evidence/"
    accept_url = f"/assessment/unit-evidence/{late.pk}/accept/"
    for role in ("assessor", "leader", "unit_admin", "shangnan_supervisor"):
        other = Client()
        other.force_login(users[role])
        assert other.post(accept_url, {"reason": "情况特殊"}).status_code == 403, role
    supervisor = Client()
    supervisor.force_login(users["supervisor"])
    assert "逾期待认可" in supervisor.get(overview_url).content.decode()
    supervisor.post(accept_url, {"reason": "  "})
    late.refresh_from_db()
    assert late.accepted_at is None and _trace_item(period, edu)["score"] == 0
    supervisor.post(accept_url, {"reason": "邮件已于截止日前报送，系统上传延误"})
    late.refresh_from_db()
    assert late.accepted_by == users["supervisor"] and late.accepted_at is not None
    assert late.accept_reason == "邮件已于截止日前报送，系统上传延误"
    assert _trace_item(period, edu)["score"] == 5
    log = ScoreChange.objects.get(unit=edu, what=ITEM, new="逾期已认可")
    assert log.user == users["supervisor"] and log.old == "逾期待认可"
    assert "邮件已于截止日前报送" in log.reason and "工作方案.pdf" in log.reason
    page = supervisor.get(overview_url).content.decode()
    assert "逾期已认可" in page and "邮件已于截止日前报送" in page
    assert "已认可" in client.get(f"/assessment/{period.pk}/my-evidence/").content.decode()


@pytest.mark.django_db
def test_without_a_deadline_nothing_is_collected_and_scores_are_as_before(sample_county, users, media):
    edu, _police = _units(sample_county)
    period = _period(sample_county, users, deadline_days=5)
    Period.objects.filter(pk=period.pk).update(evidence_deadline=None)
    period.refresh_from_db()
    services.recompute(period, reason="测试")
    assert _trace_item(period, edu)["score"] == 5
    client = Client()
    client.force_login(users["unit_admin"])
    assert client.get(f"/assessment/{period.pk}/my-evidence/").status_code == 403
    assert _upload(client, period, [_pdf()]).status_code == 403
    assert not UnitEvidence.objects.exists()


@pytest.mark.django_db
def test_who_may_upload_see_and_download(sample_county, users, media):
    edu, police = _units(sample_county)
    period = _period(sample_county, users, deadline_days=10, units=[edu])  # 公安局 not in the period
    url = f"/assessment/{period.pk}/my-evidence/"
    for role in ("other_admin", "assessor", "supervisor", "leader"):
        client = Client()
        client.force_login(users[role])
        assert client.get(url).status_code == 403, role
        assert _upload(client, period, [_pdf()]).status_code == 403, role
    assert not UnitEvidence.objects.exists()
    # a unit administrator never uploads for another unit, even through the rules directly
    assert not access.can_upload_unit_evidence(users["unit_admin"], period, police)
    assert not access.can_upload_unit_evidence(users["other_admin"], period, edu)

    own = Client()
    own.force_login(users["unit_admin"])
    assert _upload(own, period, [_pdf()]).status_code == 302
    stored = UnitEvidence.objects.get()
    assert stored.unit == edu  # always the uploader's own unit
    download = f"/assessment/unit-evidence/{stored.pk}/"
    for role, status in (
        ("other_admin", 403),
        ("shangnan_supervisor", 403),
        ("leader", 200),
        ("assessor", 200),
    ):
        client = Client()
        client.force_login(users[role])
        assert client.get(download).status_code == status, role
    leader = Client()
    leader.force_login(users["leader"])
    overview = leader.get(f"/assessment/{period.pk}/evidence/").content.decode()
    assert "工作方案.pdf" in overview and "认可</button>" not in overview  # read only
    outsider = Client()
    outsider.force_login(users["shangnan_supervisor"])
    assert outsider.get(f"/assessment/{period.pk}/evidence/").status_code == 403
    # an item that is not in the list, and a published period
    assert _upload(own, period, [_pdf()], indicator="2.1").status_code == 400
    Period.objects.filter(pk=period.pk).update(status=Period.Status.PUBLISHED)
    assert _upload(own, period, [_pdf()]).status_code == 403
    assert UnitEvidence.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("方案.pdf", EXE, "内容不是允许的类型"),
        ("截图.pdf", "png", "扩展名“.pdf”与内容不符"),
        ("大文件.pdf", b"%PDF-1.4\n" + b"0" * 20_001, "超过大小上限"),
        ("纪要.docx", "bomb", "被拒绝"),
    ],
)
def test_refused_uploads_save_nothing(sample_county, users, media, settings, name, data, message):
    edu, _police = _units(sample_county)
    period = _period(sample_county, users, deadline_days=10)
    if data == "bomb":
        data = docx_bomb()
    else:
        settings.MAX_UPLOAD_BYTES = 20_000
        data = figure_bytes("png") if data == "png" else data
    client = Client()
    client.force_login(users["unit_admin"])
    fine = SimpleUploadedFile("说明.txt", "会议纪要\n".encode(), content_type="text/plain")
    response = _upload(client, period, [fine, SimpleUploadedFile(name, data)])
    assert response.status_code == 400
    assert message in response.content.decode() and "未保存" in response.content.decode()
    assert not UnitEvidence.objects.exists()
    assert not ScoreChange.objects.filter(label__startswith="佐证材料").exists()
    assert not (media / "unit-evidence").exists() or not any((media / "unit-evidence").rglob("*.*"))
    assert _trace_item(period, edu)["score"] == 0


@pytest.mark.django_db
def test_no_file_chosen_is_a_chinese_error(sample_county, users, media):
    period = _period(sample_county, users, deadline_days=10)
    client = Client()
    client.force_login(users["unit_admin"])
    response = _upload(client, period, [])
    assert response.status_code == 400 and "请选择要上传的佐证材料文件" in response.content.decode()
    assert not UnitEvidence.objects.exists()


@pytest.mark.django_db
def test_the_portal_lists_the_periods_collecting_evidence(sample_county, users, media):
    period = _period(sample_county, users, deadline_days=-3)
    own = Client()
    own.force_login(users["unit_admin"])
    page = own.get("/followup/portal/").content.decode()
    assert period.name in page and f"/assessment/{period.pk}/my-evidence/" in page and "已过截止日" in page
    other = Client()
    other.force_login(users["leader"])
    assert "佐证材料上传" not in (other.get("/followup/portal/").content.decode())


@pytest.mark.django_db
def test_the_supervisor_sets_the_deadline_on_the_period_form(sample_county, users, media):
    edu, police = _units(sample_county)
    period = _period(sample_county, users, deadline_days=5)
    Period.objects.filter(pk=period.pk).update(evidence_deadline=None)
    period.refresh_from_db()
    services.recompute(period, reason="测试")
    assert _trace_item(period, edu)["score"] == 5
    client = Client()
    client.force_login(users["supervisor"])
    form = {
        "name": period.name,
        "kind": period.kind,
        "region": period.region_id,
        "check_date": "2026-11-20",
        "start": "2026-11-01",
        "end": "2026-11-30",
        "evidence_deadline": "2021-01-10",
        "ranking": period.ranking,
        "status": period.status,
        "units": [edu.pk, police.pk],
    }
    assert 'name="evidence_deadline"' in client.get(f"/assessment/{period.pk}/edit/").content.decode()
    response = client.post(f"/assessment/{period.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()
    period.refresh_from_db()
    assert period.evidence_deadline.isoformat() == "2021-01-10"
    item = _trace_item(period, edu)  # recomputed with the deadline: no evidence, 0
    assert item["score"] == 0 and "未在截止日 2021-01-10 前上传佐证材料" in item["steps"][-1]["reason"]
    detail = client.get(f"/assessment/{period.pk}/").content.decode()
    assert "佐证材料截止日 2021-01-10" in detail and f"/assessment/{period.pk}/evidence/" in detail


@pytest.mark.django_db
def test_moving_the_deadline_marks_the_files_again(sample_county, users, media):
    edu, police = _units(sample_county)
    period = _period(sample_county, users, deadline_days=-2)
    own = Client()
    own.force_login(users["unit_admin"])
    _upload(own, period, [_pdf()])
    assert UnitEvidence.objects.get().late and _trace_item(period, edu)["score"] == 0
    client = Client()
    client.force_login(users["supervisor"])
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    form = {
        "name": period.name,
        "kind": period.kind,
        "region": period.region_id,
        "check_date": "2026-11-20",
        "start": "2026-11-01",
        "end": "2026-11-30",
        "evidence_deadline": later,
        "ranking": period.ranking,
        "status": period.status,
        "units": [edu.pk, police.pk],
    }
    assert client.post(f"/assessment/{period.pk}/edit/", form).status_code == 302
    assert not UnitEvidence.objects.get().late  # uploaded before the new deadline: on time
    assert _trace_item(period, edu)["score"] == 5
    assert ScoreChange.objects.filter(unit=edu, what=ScoreChange.TOTAL, reason="修改佐证材料截止日").exists()
