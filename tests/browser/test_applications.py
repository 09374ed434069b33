"""The disclosure-applications register in the browser (issue 14): a unit administrator registers
applications, requests a correction and replies with a reply document; the supervisor sees the
overdue ones on the register and the dashboard, and downloads the region's table 三 as .xlsx."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import make_user, shot, sign_in, small_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

UNIT = "教育体育局"


def _register(page, number: str, received: str) -> None:
    page.get_by_role("link", name="登记申请").click()
    page.get_by_label("编号").fill(number)
    page.get_by_label("申请人类型").select_option("自然人")
    page.get_by_label("申请渠道").select_option("邮寄")
    page.get_by_label("收到日期").fill(received)
    page.get_by_label("申请内容").fill("申请公开学校食堂招标文件")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".msg")).to_contain_text(f"已保存申请“{number}”")


def _move(page, action: str, label: str, on: str, **fields: str) -> None:
    box = page.locator(f"#move-{action}")
    box.locator("summary").click()
    box.get_by_label("日期").fill(on)
    for name, value in fields.items():
        if name == "result":
            box.get_by_label("办理结果（年报表三）").select_option(value)
        elif name == "files":
            box.get_by_label("答复书").set_input_files(value)
    box.get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".msg")).to_contain_text(f"已记录“{label}”")


def test_register_correct_reply_and_the_supervisor_sees_what_is_overdue(page, live_server, tmp_path):
    from gongkai.registers import deadlines
    from gongkai.registers.models import Application, State
    from gongkai.registry.models import Unit
    from gongkai.registry.sample import load_sample_county

    yanshi = load_sample_county()["偃师市"]
    make_user("jiaoyu", "unit_admin", unit=Unit.objects.get(region=yanshi, name=UNIT))
    make_user("jianguan", "supervisor", region=yanshi)
    today = deadlines.today()
    day = lambda n: (today - timedelta(days=n)).isoformat()  # noqa: E731

    sign_in(page, live_server, "jiaoyu")
    page.get_by_role("link", name="依申请公开").click()
    expect(page.get_by_role("heading", name="依申请公开登记簿")).to_be_visible()
    _register(page, "YS-001", day(70))
    expect(page.locator("#clock")).to_contain_text("答复期限")
    _move(page, "request_correction", "补正告知", day(68))
    expect(page.locator(".tag", has_text="待补正")).to_be_visible()
    _move(page, "correction_received", "收到补正", day(60))
    _move(
        page,
        "reply",
        "答复",
        day(1),
        result="（一）予以公开",
        files=str(small_pdf(tmp_path, "dafu.pdf", "reply")),
    )
    expect(page.get_by_role("link", name="dafu.pdf")).to_be_visible()
    expect(page.locator("#history")).to_contain_text("收到补正")
    shot(page, "30-application-replied")
    page.get_by_role("link", name="返回登记簿").click()
    _register(page, "YS-002", day(50))  # never replied: overdue
    page.get_by_role("link", name="返回登记簿").click()
    expect(page.locator("tr.overdue", has_text="YS-002")).to_contain_text("已逾期")
    shot(page, "31-register-overdue")
    first = Application.objects.get(number="YS-001")
    assert first.state == State.REPLIED and first.documents.count() == 1
    assert deadlines.deadline(first).overdue  # replied after its due date

    page.get_by_role("button", name="退出").click()
    sign_in(page, live_server, "jianguan")
    page.goto(f"{live_server.url}/dashboard/")
    overdue = page.locator("section.card", has_text="逾期未答复的依申请公开申请")
    expect(overdue).to_contain_text("YS-002")
    expect(overdue).not_to_contain_text("YS-001")
    page.goto(f"{live_server.url}/applications/annual/?region={yanshi.pk}&year={today.year}")
    expect(page.get_by_role("heading", name=re.compile("河南省洛阳市偃师市"))).to_be_visible()
    expect(page.locator("body")).to_contain_text("勾稽关系成立")
    shot(page, "32-annual-table")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 Excel").click()
    saved = tmp_path / "table3.xlsx"
    download_info.value.save_as(saved)
    sheet = load_workbook(saved).active
    assert "偃师市" in sheet.cell(1, 1).value
