"""The year roll-up in the browser (issue 16 item 7): 偃师's leader opens 考评 → 年度汇总, picks
the region and the year, reads the year table, and downloads it; the workbook is opened with
openpyxl. A unit administrator is refused the page."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import make_user, shot, sign_in
from tests.rollup.conftest import FEB, JAN, LAST_YEAR, month_period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_leader_reads_and_downloads_the_year_table(page, live_server, tmp_path):
    from gongkai.registry.models import Unit
    from gongkai.registry.sample import load_sample_county

    yanshi = load_sample_county()["偃师市"]
    supervisor = make_user("jianguan", "supervisor", region=yanshi)
    make_user("lingdao", "leader", region=yanshi)
    make_user("jiaoyu", "unit_admin", unit=Unit.objects.get(region=yanshi, name="教育体育局"))
    month_period(yanshi, supervisor, 2020, 2, LAST_YEAR)
    month_period(yanshi, supervisor, 2021, 1, JAN)
    month_period(yanshi, supervisor, 2021, 2, FEB, late=("公安局",))

    sign_in(page, live_server, "lingdao")
    page.get_by_role("navigation").get_by_role("link", name="考评").click()
    page.get_by_role("link", name="年度汇总").click()
    page.get_by_label("地区").select_option(label="河南省洛阳市偃师市")
    page.get_by_label("年度").select_option("2021")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", name="市直单位")).to_be_visible()
    row = page.locator(".rollup-table tr", has_text="公安局")
    expect(row).to_contain_text("23.5")
    expect(page.locator(".region-summary")).to_contain_text("60分以下（个）")
    shot(page, "50-rollup-year")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Excel 表").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    book = load_workbook(target)
    rows = list(book["年度得分"].iter_rows(values_only=True))
    assert rows[0] == ("排名", "单位", "类别", "年度得分", "2021年1月考评", "2021年2月考评", "说明")
    assert rows[1][:6] == (1, "教育体育局", "市直单位", 50, 51, 49)
    assert rows[3][:6] == (3, "公安局", "市直单位", 23.5, 47, 0)
    assert [r[1] for r in rows[4:]] == ["首阳山街道", "商城街道"]
    summary = {r[0]: r[1] for r in book["地区汇总"].iter_rows(values_only=True)}
    assert summary["60分以下（个）"] == 5 and summary["2020年60分以下（个）"] == 5

    page.get_by_role("button", name="退出").click()
    sign_in(page, live_server, "jiaoyu")
    response = page.goto(f"{live_server.url}/assessment/rollup/")
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("只有监管人员、评分人员和领导可以查看")
