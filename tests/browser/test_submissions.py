"""The information-submissions register in the browser (issue 15 item 2): a unit administrator
submits two items, the second a resubmission of the first; the office sees the duplicate flag on
its review list, marks the first adopted by the province and key area, and reads the region's
statistics."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import make_user, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _submit(page, number: str, title: str, day: str) -> None:
    page.get_by_role("link", name="报送信息", exact=True).click()
    page.get_by_label("编号").fill(number)
    page.get_by_label("标题").fill(title)
    page.get_by_label("报送日期").fill(day)
    page.get_by_label("链接").fill(f"http://www.yanshi.gov.cn/xxbs/{number}.html")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".msg")).to_contain_text("已保存报送信息")
    page.get_by_role("link", name="返回列表").click()


def test_submit_flag_review_and_count(page, live_server):
    from gongkai.registers.models import Submission
    from gongkai.registry.models import Unit
    from gongkai.registry.sample import load_sample_county

    yanshi = load_sample_county()["偃师市"]
    make_user("jiaoyu", "unit_admin", unit=Unit.objects.get(region=yanshi, name="教育体育局"))
    make_user("jianguan", "supervisor", region=yanshi)
    today = date.today()
    day = lambda n: (today - timedelta(days=n)).isoformat()  # noqa: E731

    sign_in(page, live_server, "jiaoyu")
    page.get_by_role("navigation").get_by_role("link", name="信息报送").click()
    expect(page.get_by_role("heading", name="信息报送")).to_be_visible()
    _submit(page, "XB-001", "市教体局召开全市教育系统安全工作会议", day(3))
    _submit(page, "XB-002", "市教体局召开全市教育系统安全工作会议。", day(2))
    expect(page.locator("tr", has_text="XB-002")).to_contain_text("重复报送（同 XB-001）")
    expect(page.locator("th", has_text="审核")).to_have_count(0)
    shot(page, "40-submissions-unit")

    page.get_by_role("button", name="退出").click()
    sign_in(page, live_server, "jianguan")
    page.goto(f"{live_server.url}/submissions/?adopted=pending")
    row = page.locator("tr").filter(has=page.get_by_role("link", name="XB-001", exact=True))
    row.get_by_label("采用", exact=True).check()
    row.get_by_label("采用级别").select_option("省")
    row.get_by_label("重点领域").check()
    row.get_by_role("button", name="保存").click()
    expect(page.locator(".msg")).to_contain_text("采用（省），重点领域")
    shot(page, "41-submissions-review")
    first = Submission.objects.get(number="XB-001")
    assert (first.adopted, first.level, first.key_area) == (True, "省", True)

    page.goto(f"{live_server.url}/submissions/stats/?region={yanshi.pk}&from={day(30)}&to={day(0)}")
    expect(page.locator("body")).to_contain_text("共报送信息 2 条，采用 1 条，重点领域信息 1 条")
    expect(page.locator("tr", has_text="教育体育局")).to_contain_text("2")
    shot(page, "42-submissions-stats")
