"""The messages register in the browser (issue 15 item 1): a unit administrator registers a 找错
message, sees its limit in working days on the unit's list, closes it (办结) with a reply; the
office reads the region's statistics (网上问政 N 件，办结率)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import make_user, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_register_close_and_count_a_message(page, live_server):
    from gongkai.registers.models import Message
    from gongkai.registry.models import Unit
    from gongkai.registry.sample import load_sample_county

    yanshi = load_sample_county()["偃师市"]
    make_user("jiaoyu", "unit_admin", unit=Unit.objects.get(region=yanshi, name="教育体育局"))
    make_user("jianguan", "supervisor", region=yanshi)
    today = date.today()
    received = (today - timedelta(days=1)).isoformat()

    sign_in(page, live_server, "jiaoyu")
    page.get_by_role("navigation").get_by_role("link", name="网民留言").click()
    expect(page.get_by_role("heading", name="网民留言（网上问政）")).to_be_visible()
    page.get_by_role("link", name="登记留言").click()
    page.get_by_label("编号").fill("LY-001")
    page.get_by_label("渠道").select_option("找错")
    page.get_by_label("标题").fill("政策文件附件无法下载")
    page.get_by_label("收到日期").fill(received)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".msg")).to_contain_text("已保存留言 LY-001")
    row = page.locator("tr", has_text="LY-001")
    expect(row).to_contain_text("（3 个工作日）")
    shot(page, "45-messages-unit")

    row.get_by_label("答复内容 LY-001").fill("附件已重新上传")
    row.get_by_role("button", name="办结").click()
    expect(page.locator(".msg")).to_contain_text("留言 LY-001 已办结")
    expect(page.locator("tr", has_text="LY-001")).to_contain_text("按时办结")
    saved = Message.objects.get(number="LY-001")
    assert (saved.handled, saved.reply, saved.channel) == (today, "附件已重新上传", "找错")

    page.get_by_role("button", name="退出").click()
    sign_in(page, live_server, "jianguan")
    page.goto(f"{live_server.url}/messages/stats/?region={yanshi.pk}&from={received}&to={today.isoformat()}")
    expect(page.locator("#summary")).to_contain_text("网上问政 1 件，办结 1 件，办结率 100%")
    expect(page.locator("tr", has_text="教育体育局")).to_contain_text("100%")
    shot(page, "46-messages-stats")
