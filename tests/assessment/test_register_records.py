"""The score trace names the register records behind each point: a period whose scheme reads a
submissions metric (采用信息) and a messages metric (纠错留言过期次数) keeps the records' 编号 in
Score.trace and shows them on the unit's score page with links; a long list is capped. And the
period page says when a register record of its units changed inside its dates after the last
computation (stale scores)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.assessment import services
from gongkai.assessment.models import Period, Score
from gongkai.registers.models import Message, Submission
from gongkai.registry.models import Unit
from tests.assessment.conftest import CHECK_DATE

pytestmark = pytest.mark.django_db

SCHEME = """
id: records-test
name: 台账依据测试方案
metrics:
  采用信息: 考评期内被采用的信息条数
  纠错留言过期次数: {description: 找错留言处理不及时的次数, default: 0}
indicators:
  - id: adopted
    name: 信息采用
    formula: 1 * 采用信息
penalties:
  - {name: 纠错平台留言处理不及时, each: 2, of: 纠错留言过期次数}
"""


@pytest.fixture
def scheme_file():
    folder = Path(tempfile.mkdtemp(prefix="gk"))  # short: Period.scheme keeps 60 characters
    path = folder / "records.yaml"
    path.write_text(SCHEME, encoding="utf-8")
    services.scheme_for.cache_clear()
    yield str(path)
    services.scheme_for.cache_clear()
    path.unlink()
    folder.rmdir()


def unit(name: str) -> Unit:
    return Unit.objects.get(region__name="偃师市", name=name)


@pytest.fixture
def period(users, sample_county, scheme_file):
    period = Period.objects.create(
        name="2026年11月考评",
        kind="月度",
        scheme=scheme_file,
        check_date=CHECK_DATE,
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        region=sample_county["偃师市"],
        created_by=users["supervisor"],
    )
    services.set_period_units(
        period, [unit("教育体育局"), unit("公安局")], user=users["supervisor"], reason="新建考评期"
    )
    return period


def submission(number: str, submitted: date, *, adopted: bool, name: str = "教育体育局") -> Submission:
    return Submission.objects.create(
        unit=unit(name), number=number, title=f"信息{number}", submitted=submitted, adopted=adopted
    )


def correction(number: str, received: date, handled: date | None = None) -> Message:
    return Message.objects.create(
        unit=unit("教育体育局"), number=number, channel="找错", received=received, handled=handled
    )


def page(users, period, name: str) -> str:
    client = Client()
    client.force_login(users["supervisor"])
    response = client.get(reverse("assessment:unit_score", args=[period.pk, unit(name).pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_trace_and_the_page_name_the_submissions_and_messages_counted(users, period):
    first = submission("2026-001", date(2026, 11, 3), adopted=True)
    seventh = submission("2026-007", date(2026, 11, 20), adopted=True)
    submission("2026-003", date(2026, 11, 10), adopted=False)  # submitted, not adopted
    submission("2026-099", date(2026, 10, 30), adopted=True)  # before the period
    correction("Z-1", date(2026, 11, 2), date(2026, 11, 5))  # 3rd working day: on time
    correction("Z-2", date(2026, 11, 2), date(2026, 11, 6))  # 4th: late
    correction("Z-3", date(2026, 11, 24))  # open, due 11-27: overdue at 11-30
    services.recompute(period, reason="按台账计算")

    score = Score.objects.get(period=period, unit=unit("教育体育局"))
    assert score.total == 2 - 4
    records = score.trace["register_records"]
    assert records["采用信息"] == {
        "register": "submissions",
        "value": "2",
        "count": 2,
        "records": [
            {"number": "2026-001", "title": "信息2026-001", "pk": first.pk},
            {"number": "2026-007", "title": "信息2026-007", "pk": seventh.pk},
        ],
    }
    assert records["纠错留言过期次数"]["register"] == "messages"
    assert [r["number"] for r in records["纠错留言过期次数"]["records"]] == ["Z-2", "Z-3"]
    assert records["纠错留言过期次数"]["count"] == 2

    html = page(users, period, "教育体育局")
    unit_id = unit("教育体育局").pk
    assert "依据：台账记录" in html
    assert f'<a href="/submissions/{first.pk}/" title="信息2026-001">2026-001</a>' in html
    assert f'<a href="/submissions/{seventh.pk}/" title="信息2026-007">2026-007</a>' in html
    assert f'<a href="/submissions/?unit={unit_id}">共 2 条</a>' in html
    assert "Z-2" in html and "Z-3" in html and "Z-1" not in html
    assert f'<a href="/messages/?unit={unit_id}">共 2 条</a>' in html
    assert "2026-003" not in html and "2026-099" not in html

    # the other unit keeps the register (it has data for the window's units) and counted nothing
    other = Score.objects.get(period=period, unit=unit("公安局"))
    assert other.trace["register_records"]["采用信息"] == {
        "register": "submissions",
        "value": "0",
        "count": 0,
        "records": [],
    }
    assert "依据：台账中无计入的记录（0 条）" in page(users, period, "公安局")


def test_a_long_list_is_capped_in_the_trace_and_counted_in_full(users, period):
    for n in range(1, 26):
        submission(f"2026-{n:03d}", date(2026, 11, 1 + n % 28), adopted=True)
    services.recompute(period, reason="按台账计算")
    entry = Score.objects.get(period=period, unit=unit("教育体育局")).trace["register_records"]["采用信息"]
    assert entry["count"] == 25 and entry["value"] == "25"
    assert len(entry["records"]) == services.TRACE_RECORDS == 20
    kept = [r["number"] for r in entry["records"]]
    html = page(users, period, "教育体育局")
    assert f'<a href="/submissions/?unit={unit("教育体育局").pk}">等 25 条</a>' in html
    assert all(number in html for number in kept)
    left_out = {f"2026-{n:03d}" for n in range(1, 26)} - set(kept)
    assert len(left_out) == 5 and not any(number in html for number in left_out)


def test_new_media_values_name_the_accounts_and_applications_their_numbers(sample_county):
    from datetime import timedelta

    from gongkai.registers.metrics import register_values
    from gongkai.registers.models import Application, Post, State
    from gongkai.registry.models import NewMediaAccount

    start, end = date(2026, 11, 1), date(2026, 11, 30)
    own = unit("教育体育局")
    for name, every in (("偃师教育", 3), ("偃师教育旧号", None), ("偃师教育视频", 20)):
        account = NewMediaAccount.objects.create(
            unit=own, platform="微信公众号", name=name, status="已备案", certification_body="偃师市"
        )
        day = start
        while every and day <= end:
            Post.objects.create(account=account, date=day, title=f"{name}{day}")
            day += timedelta(days=every)
    Application.objects.create(  # due 2026-09-29, still open at the window's end: overdue
        unit=own, number="YS-2026-004", applicant_type="自然人", received=date(2026, 9, 1)
    )
    Application.objects.create(
        unit=own, number="YS-2026-011", applicant_type="自然人", received=date(2026, 11, 2),
        state=State.REPLIED, replied=date(2026, 11, 9), result="（一）予以公开",
    )  # fmt: skip
    values = register_values(
        ["新媒体两周未更新账号数", "新媒体抽查合格率", "依申请公开逾期数", "依申请公开答复数"],
        [own.pk],
        start,
        end,
    )[own.pk]
    stale = values["新媒体两周未更新账号数"]
    assert stale.value == 2 and stale.register == "newmedia"
    assert [r.number for r in stale.records] == ["偃师教育旧号", "偃师教育视频"]
    rate = values["新媒体抽查合格率"]  # a rate: the accounts checked, its denominator
    assert [r.number for r in rate.records] == ["偃师教育", "偃师教育旧号", "偃师教育视频"]
    assert [r.number for r in values["依申请公开逾期数"].records] == ["YS-2026-004"]
    assert [r.number for r in values["依申请公开答复数"].records] == ["YS-2026-011"]
    assert values["依申请公开答复数"].register == "applications"


STALE = "登记簿在上次计算后有变动，请重新计算"


def period_page(users, period) -> str:
    client = Client()
    client.force_login(users["supervisor"])
    response = client.get(reverse("assessment:period_detail", args=[period.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_period_page_says_when_a_register_changed_after_the_last_computation(users, period):
    from gongkai.registers import messages_services, submissions_services

    item = submission("2026-001", date(2026, 11, 3), adopted=False)
    open_message = correction("Z-1", date(2026, 11, 2))
    services.recompute(period, reason="按台账计算")
    assert STALE not in period_page(users, period)
    assert services.registers_changed(period) == []

    # outside the period's dates, or of a unit not in the period: nothing to recompute
    submission("2026-090", date(2026, 10, 30), adopted=True)
    submission("2026-091", date(2026, 11, 5), adopted=True, name="财政局")
    assert services.registers_changed(period) == []

    submissions_services.review(item, users["supervisor"], adopted=True, level="", key_area=False)
    html = period_page(users, period)
    assert f"{STALE}（信息报送登记簿）" in html
    services.recompute(period, reason="台账有变动")
    assert STALE not in period_page(users, period)

    messages_services.close(open_message, users["supervisor"], handled=date(2026, 11, 4))  # 办结
    assert services.registers_changed(period) == ["网民留言登记簿"]
    correction("Z-2", date(2026, 11, 20))
    submission("2026-002", date(2026, 11, 21), adopted=True)
    assert services.registers_changed(period) == ["信息报送登记簿", "网民留言登记簿"]
    services.recompute(period, reason="台账有变动")
    assert services.registers_changed(period) == []

    correction("Z-3", date(2026, 11, 25))
    Period.objects.filter(pk=period.pk).update(status="已发布")  # published: frozen, no recompute
    period.refresh_from_db()
    assert period.frozen and STALE not in period_page(users, period)


def test_reimporting_an_unchanged_export_leaves_the_scores_current(users, period, sample_county):
    import io

    from openpyxl import load_workbook

    from gongkai.registers import messages_excel, submissions_excel

    submission("2026-001", date(2026, 11, 3), adopted=True)
    correction("Z-1", date(2026, 11, 2), date(2026, 11, 6))
    correction("Z-2", date(2026, 11, 9))
    services.recompute(period, reason="按台账计算")
    region = sample_county["偃师市"]
    submitted = submissions_excel.export_workbook(Submission.objects.all())
    assert submissions_excel.import_workbook(submitted, scope=region).ok
    received = messages_excel.export_workbook(Message.objects.all())
    assert messages_excel.import_workbook(received, scope=region).ok
    assert services.registers_changed(period) == []

    book = load_workbook(io.BytesIO(received))
    sheet = book[messages_excel.SHEET]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Z-2")
    row[header.index("办结日期")].value = "2026-11-10"
    changed = io.BytesIO()
    book.save(changed)
    result = messages_excel.import_workbook(changed.getvalue(), scope=region)
    assert result.ok and result.updated == 2
    assert Message.objects.get(number="Z-2").handled == date(2026, 11, 10)
    assert services.registers_changed(period) == ["网民留言登记簿"]


def test_a_value_without_records_is_not_listed_as_an_empty_basis(scheme_file):
    from decimal import Decimal

    from gongkai.registers.metrics import Counted, Record

    scheme = services.scheme_for(scheme_file)
    bare = {"采用信息": Counted(Decimal(3))}  # e.g. followup.metrics: a bare Decimal
    assert services.register_records(scheme, bare) == {}
    named = {"采用信息": Counted(Decimal(1), (Record("A-1", "标题", 7),), "submissions")}
    assert services.register_records(scheme, named)["采用信息"]["records"] == [
        {"number": "A-1", "title": "标题", "pk": 7}
    ]
