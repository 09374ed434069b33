"""The register's pages with Django's test client: register, move, reply with a document, the
deadline colours, the clock on the detail page, the annual table with its identity check."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from openpyxl import load_workbook

from gongkai.oversight.models import Event
from gongkai.registers import deadlines
from gongkai.registers.models import Application, State

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_unit_admin_registers_corrects_and_replies(users, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = _client(users["unit_admin"])
    assert 'href="/applications/"' in client.get("/", follow=True).content.decode()
    form = client.get("/applications/new/").content.decode()
    assert "以签收之日为收到之日" in form  # the receipt rule is the received date's help text
    created = client.post(
        "/applications/new/",
        {
            "unit": units["own"].pk,
            "number": "2025-007",
            "applicant_type": "自然人",
            "channel": "邮寄",
            "received": "2025-03-03",
            "content": "申请公开学校食堂招标文件",
            "fee_mode": "不收费",
        },
    )
    app = Application.objects.get(number="2025-007")
    assert created.status_code == 302 and created["Location"] == f"/applications/{app.pk}/"
    detail = client.get(f"/applications/{app.pk}/").content.decode()
    assert "2025-03-31" in detail and "2025-03-12" in detail and "补正告知" in detail
    client.post(f"/applications/{app.pk}/request_correction/", {"on": "2025-03-05"})
    refused = client.post(
        f"/applications/{app.pk}/reply/", {"on": "2025-03-06", "result": "（一）予以公开"}, follow=True
    )
    assert "不能进行“答复”" in refused.content.decode()
    client.post(f"/applications/{app.pk}/correction_received/", {"on": "2025-03-10"})
    document = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    document.name = "答复书.pdf"
    replied = client.post(
        f"/applications/{app.pk}/reply/",
        {"on": "2025-03-25", "result": "（一）予以公开", "files": document},
        follow=True,
    )
    page = replied.content.decode()
    assert "已记录“答复”" in page and "答复书.pdf" in page
    app.refresh_from_db()
    assert app.state == State.REPLIED and app.correction_received == date(2025, 3, 10)
    assert [s.action for s in app.steps.all()] == ["登记", "补正告知", "收到补正", "答复"]
    assert Event.objects.filter(kind=Event.Kind.APPLICATION).count() == 1
    edited = client.post(
        f"/applications/{app.pk}/edit/",
        {
            "number": "2025-007",
            "applicant_type": "商业企业",
            "channel": "邮寄",
            "received": "2025-03-03",
            "content": "申请公开学校食堂招标文件",
            "fee_mode": "不收费",
        },
    )
    assert edited.status_code == 302
    assert app.steps.last().note == "修改了申请人类型"
    assert Event.objects.filter(kind=Event.Kind.APPLICATION).count() == 2
    doc = app.documents.get()
    download = client.get(f"/applications/documents/{doc.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    other = _client(users["other_admin"])
    assert other.get(f"/applications/documents/{doc.pk}/").status_code == 404


def test_a_reply_document_of_the_wrong_type_is_refused(users, make_app, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    app = make_app()
    fake = io.BytesIO(b"MZ\x90\x00\x03" + bytes(100))
    fake.name = "答复书.pdf"
    page = _client(users["unit_admin"]).post(
        f"/applications/{app.pk}/reply/",
        {"on": "2025-03-20", "result": "（一）予以公开", "files": fake},
        follow=True,
    )
    assert "内容不是允许的类型" in page.content.decode()
    app.refresh_from_db()
    assert app.state == State.RECEIVED and not app.documents.exists()


def test_the_register_colours_due_soon_and_overdue(users, make_app):
    today = deadlines.today()
    make_app(number="LATE", received=today - timedelta(days=60))
    make_app(number="FRESH", received=today)
    page = _client(users["unit_admin"]).get("/applications/?state=open").content.decode()
    late_row = page[page.index("LATE") - 200 : page.index("LATE")]
    assert 'class="overdue"' in late_row and "已逾期" in page
    fresh_row = page[page.index("FRESH") - 200 : page.index("FRESH")]
    assert "overdue" not in fresh_row and "due-soon" not in fresh_row
    # a reply due in 3 working days or less is due soon
    app = Application.objects.get(number="FRESH")
    d = deadlines.deadline(app, on=deadlines.deadline(app).due - timedelta(days=1))
    assert d.due_soon and not d.overdue


def test_an_estimated_clock_says_so(users, make_app):
    app = make_app(number="FUTURE", received=date(2031, 3, 3))
    page = _client(users["unit_admin"]).get(f"/applications/{app.pk}/").content.decode()
    assert "估算" in page


def test_the_annual_table_page_shows_the_identity_and_the_requests_that_break_it(users, units, make_app):
    make_app(
        number="OK",
        received=date(2025, 3, 3),
        state=State.REPLIED,
        replied=date(2025, 3, 20),
        result="（一）予以公开",
    )
    make_app(number="NORESULT", received=date(2025, 4, 1), state=State.REPLIED, replied=date(2025, 4, 8))
    admin = _client(users["unit_admin"])
    page = admin.get("/applications/annual/?year=2025").content.decode()
    assert "教育体育局 2025 年度" in page and "勾稽关系不成立" in page and "教育体育局 NORESULT" in page
    xlsx = admin.get("/applications/annual.xlsx?year=2025")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert "勾稽关系核对不成立" in "".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    # a unit admin has no region table; the supervisor has
    yanshi = units["own"].region
    assert admin.get(f"/applications/annual/?region={yanshi.pk}&year=2025").status_code == 403
    region = _client(users["supervisor"]).get(f"/applications/annual/?region={yanshi.pk}&year=2025")
    assert region.status_code == 200 and "河南省洛阳市偃师市 2025 年度" in region.content.decode()
    assert admin.get(f"/applications/annual/?unit={units['other'].pk}").status_code == 403


def test_the_supervisors_dashboard_lists_overdue_applications(users, make_app):
    today = deadlines.today()
    make_app(number="LATE-1", received=today - timedelta(days=70))
    make_app("other", "LATE-2", today - timedelta(days=50))
    make_app(number="FRESH-1", received=today)
    page = _client(users["supervisor"]).get("/dashboard/").content.decode()
    section = page[page.index("逾期未答复的依申请公开申请") :]
    assert "LATE-1" in section and "LATE-2" in section and "FRESH-1" not in section
    assert section.index("LATE-1") < section.index("LATE-2")  # most overdue first
    elsewhere = _client(users["shangnan_supervisor"]).get("/dashboard/").content.decode()
    assert "LATE-1" not in elsewhere and "本地区没有逾期未答复的依申请公开申请" in elsewhere


def test_a_superuser_gets_a_region_table_without_choosing(db, sample_county):
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", password=None)
    page = _client(root).get("/applications/annual/?year=2025")
    assert page.status_code == 200 and "河南省 2025 年度" in page.content.decode()


def test_a_long_register_pages_and_keeps_its_filter(users, make_app):
    for n in range(51):
        make_app(number=f"2025-{n:03d}", received=date(2025, 3, 3) + timedelta(days=n % 20))
    client = _client(users["supervisor"])
    first = client.get("/applications/?state=open").content.decode()
    assert "第 1 / 2 页" in first and 'href="?state=open&page=2">下一页' in first
    assert "上一页" not in first
    second = client.get("/applications/?state=open&page=2").content.decode()
    assert "第 2 / 2 页" in second and 'href="?state=open&page=1">上一页' in second
    plain = client.get("/applications/").content.decode()
    assert 'href="?page=2">下一页' in plain  # no filter: no stray &
