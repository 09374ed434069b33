"""The new-media register in the browser (issue 15 item 3): a supervisor uploads a workbook of
accounts and posts; a wrong row is listed with its sheet, row and column and nothing is
imported; the corrected file goes in, the account that stopped posting three weeks ago is
flagged 两周未更新 (red) and the unfiled one 未备案; an account's posts open from the list. The
unit administrator then sees its own accounts only, with no upload."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.browser.conftest import make_user, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _workbook(folder: Path, name: str, *, filed: str) -> Path:
    """Three accounts (two of 教育体育局, one of 公安局) and their posts over the last 30 days:
    the 微博 stopped 21 days ago, the 抖音 is not filed (``filed``: its 备案 cell)."""
    from gongkai.registers import deadlines

    today = deadlines.today()  # the day the page's window ends on
    book = Workbook()
    accounts = book.active
    accounts.title = "账号"
    accounts.append(["账号", "平台", "单位", "备案", "主页地址"])
    accounts.append(["偃师教育", "微信公众号", "教育体育局", "是", ""])
    accounts.append(["偃师教育微博", "微博", "教育体育局", "是", ""])
    accounts.append(["偃师公安", "抖音", "公安局", filed, ""])
    posts = book.create_sheet("发布")
    posts.append(["账号", "发布日期", "标题"])
    for back in range(0, 30, 3):
        posts.append(["偃师教育", today - timedelta(days=back), f"教育动态{back}"])
    posts.append(["偃师教育微博", (today - timedelta(days=21)).isoformat(), "最后一条微博"])
    for back in range(0, 30, 2):
        posts.append(["偃师公安", today - timedelta(days=back), f"警情通报{back}"])
    path = folder / name
    book.save(path)
    return path


def test_import_flag_stale_and_unfiled_and_scope(page, live_server, tmp_path):
    from gongkai.registry.models import NewMediaAccount, Unit
    from gongkai.registry.sample import load_sample_county

    yanshi = load_sample_county()["偃师市"]
    make_user("jianguan", "supervisor", region=yanshi)
    make_user("jiaoyu", "unit_admin", unit=Unit.objects.get(region=yanshi, name="教育体育局"))

    sign_in(page, live_server, "jianguan")
    page.get_by_role("navigation").get_by_role("link", name="政务新媒体").click()
    expect(page.get_by_role("heading", name="政务新媒体账号更新情况")).to_be_visible()
    expect(page.locator("tbody")).to_contain_text("没有登记政务新媒体账号")
    page.get_by_role("link", name="导入Excel").click()

    page.get_by_label("Excel 文件（.xlsx）").set_input_files(
        str(_workbook(tmp_path, "bad.xlsx", filed="未备案"))
    )
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator(".msg-error")).to_contain_text("未导入任何数据")
    expect(page.locator("tbody tr")).to_have_count(1)  # one problem, nothing else in the way
    problem = page.locator("tbody tr")
    expect(problem).to_contain_text("只能填写「是」或「否」，而不是「未备案」")
    expect(problem.locator("td").nth(0)).to_have_text("账号")  # the sheet
    expect(problem.locator("td.num")).to_have_text("4")  # the row
    expect(problem.locator("td").nth(2)).to_have_text("备案")  # the column
    shot(page, "45-newmedia-import-error")
    assert not NewMediaAccount.objects.exists()

    page.get_by_label("Excel 文件（.xlsx）").set_input_files(
        str(_workbook(tmp_path, "good.xlsx", filed="否"))
    )
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator(".msg")).to_contain_text("新增账号 3 个、更新 0 个；新增发布 26 条")
    expect(page.locator("body")).to_contain_text("两周未更新 1 个，未备案 1 个")
    stale = page.locator("tr", has_text="偃师教育微博")
    expect(stale).to_have_class("overdue")
    expect(stale).to_contain_text("两周未更新")
    expect(page.locator("tr", has_text="偃师公安")).to_contain_text("未备案")
    expect(page.locator("tr.overdue")).to_have_count(1)
    shot(page, "46-newmedia-accounts")

    page.get_by_role("link", name="偃师教育微博", exact=True).click()
    expect(page.get_by_role("heading")).to_contain_text("微博“偃师教育微博”发布记录")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("最后一条微博")

    page.get_by_role("button", name="退出").click()
    sign_in(page, live_server, "jiaoyu")
    page.get_by_role("navigation").get_by_role("link", name="政务新媒体").click()
    expect(page.locator("tbody tr")).to_have_count(2)  # its two accounts, not 公安局's
    expect(page.locator("tbody")).not_to_contain_text("偃师公安")
    expect(page.get_by_role("link", name="导入Excel")).to_have_count(0)
    shot(page, "47-newmedia-unit")
