"""The site's own message list (网上问政): read while the site is crawled from a real loopback
server, a message shown without a reply more than 3 months before the check date is a
``messages_unanswered`` finding, every message read is in the JSON's ``messages``, and after the
audit the unit's register gets the listed messages it lacked (source 网站检查)."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from gongkai.audit.content.messages import parse_message_list
from gongkai.audit.engine import audit
from gongkai.audit.kinds import KINDS
from tests.audit.conftest import fast_config
from tests.loopback import serve_pages

AS_OF = date(2025, 12, 1)
HOME = (
    "<html><head><title>测试县人民政府</title></head><body>"
    '<a href="/wsjb/">网上问政</a> <a href="/news/">工作动态</a>'
    "<div>主办单位：测试县人民政府办公室</div></body></html>"
)
FIRST = """<html><head><title>网上问政_测试县人民政府</title></head><body><h1>网上问政</h1>
<table><tr><th>序号</th><th>留言标题</th><th>留言时间</th><th>回复时间</th></tr>
<tr><td>1</td><td><a href="/wsjb/101.html">村道何时硬化</a></td><td>2025-08-31</td><td></td></tr>
<tr><td>2</td><td><a href="/wsjb/102.html">路灯不亮</a></td><td>2025-09-01</td><td></td></tr>
<tr><td>3</td><td><a href="/wsjb/103.html">医保缴费时间</a></td><td>2025-06-01</td><td>2025-06-05</td></tr>
</table><a href="/wsjb/index_2.html">下一页</a></body></html>"""
SECOND = """<html><head><title>网上问政_测试县人民政府</title></head><body>
<table><tr><td>主题</td><td>提问时间</td><td>办理状态</td></tr>
<tr><td>小区停车难</td><td>2025年7月1日</td><td>未回复</td></tr>
<tr><td>学校招生咨询</td><td>2025年5月1日</td><td>已回复</td></tr>
</table></body></html>"""
NEWS = "<html><body><table><tr><th>标题</th><th>发布时间</th></tr><tr><td>会议</td><td>2025-11-20</td></tr></table></body></html>"
PAGES = {
    "/": (200, HOME),
    "/wsjb/": (200, FIRST),
    "/wsjb/index_2.html": (200, SECOND),
    "/news/": (200, NEWS),
    **{f"/wsjb/{n}.html": (200, f"<html><body>留言 {n}</body></html>") for n in (101, 102, 103)},
}


@pytest.fixture(scope="module")
def server():
    with serve_pages(PAGES) as url:
        yield url


def _config(url: str):
    return fast_config(url + "/", as_of=AS_OF, total_timeout=5.0, read_timeout=5.0, connect_timeout=5.0)


def test_the_parser_reads_reply_times_and_states():
    listed = parse_message_list(FIRST, "http://x/wsjb/", as_of=AS_OF)
    assert [(m.title, m.received, m.replied, m.answered, m.url) for m in listed] == [
        ("村道何时硬化", date(2025, 8, 31), None, False, "http://x/wsjb/101.html"),
        ("路灯不亮", date(2025, 9, 1), None, False, "http://x/wsjb/102.html"),
        ("医保缴费时间", date(2025, 6, 1), date(2025, 6, 5), True, "http://x/wsjb/103.html"),
    ]
    states = parse_message_list(SECOND, "http://x/2", as_of=AS_OF)
    assert [(m.title, m.received, m.answered, m.state) for m in states] == [
        ("小区停车难", date(2025, 7, 1), False, "未回复"),
        ("学校招生咨询", date(2025, 5, 1), True, "已回复"),
    ]
    assert parse_message_list(NEWS, "http://x/", as_of=AS_OF) == []  # a news list is not a message list


def test_the_audit_reports_messages_unanswered_over_3_months(server):
    result = asyncio.run(audit(_config(server)))
    assert result.error is None
    found = sorted(
        (f.fields["title"], f.fields["received"]) for f in result.findings if f.kind == "messages_unanswered"
    )
    # 08-31 + 3 months = 11-30 < 12-01: veto; 09-01 is exactly 3 months on 12-01: not yet
    assert found == [("小区停车难", "2025-07-01"), ("村道何时硬化", "2025-08-31")]
    assert "messages_unanswered" in KINDS
    data = result.to_dict()
    assert len(data["messages"]) == 5
    assert {m["title"]: m["answered"] for m in data["messages"]} == {
        "村道何时硬化": False,
        "路灯不亮": False,
        "医保缴费时间": True,
        "小区停车难": False,
        "学校招生咨询": True,
    }


@pytest.mark.django_db
def test_after_the_audit_the_register_gets_the_listed_messages(server, sample_county):
    from gongkai.after_audit import after_audit
    from gongkai.monitoring.models import Finding
    from gongkai.registers.models import Message
    from gongkai.registry.models import Site, Unit

    unit = Unit.objects.get(region__name="偃师市", name="教育体育局")
    site = Site.objects.create(unit=unit, name="测试网站", url=server + "/")
    Message.objects.create(unit=unit, number="2025-9", title="路灯不亮", received=date(2025, 9, 1))
    result = asyncio.run(audit(_config(server))).to_record()
    done = after_audit(site, result, options={"as_of": AS_OF.isoformat()})
    assert Finding.objects.filter(run=done.run, kind="messages_unanswered").count() == 2
    assert len(done.run.messages) == 5
    filled = {m.title: m for m in Message.objects.filter(unit=unit, source="检查")}
    # 路灯不亮 was registered already; 学校招生咨询 shows 已回复 without a date: not filled in
    assert sorted(filled) == ["医保缴费时间", "小区停车难", "村道何时硬化"]
    assert filled["医保缴费时间"].handled == date(2025, 6, 5) and filled["村道何时硬化"].handled is None
    again = asyncio.run(audit(_config(server))).to_record()
    after_audit(site, again, options={"as_of": AS_OF.isoformat()})
    assert Message.objects.filter(unit=unit).count() == 4  # a second audit adds nothing
