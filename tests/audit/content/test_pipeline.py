"""The analysers chained the way the crawler uses them, over a small site held in memory."""

import json
from datetime import date
from pathlib import Path

from gongkai.audit.content import (
    column_findings,
    column_record,
    discover_columns,
    home_freshness,
    interpretation_findings,
    is_policy_column,
    page_pub_date,
    parse_list_page,
    policy_findings,
)

FIXTURES = Path(__file__).parent / "fixtures"
HOME = "http://www.x.gov.cn/"
SITE = {
    "http://www.x.gov.cn/zwyw/": "list_ul.html",
    "http://www.x.gov.cn/zwgk/": "list_undated.html",
    "http://www.x.gov.cn/zwfw/": "list_empty.html",
    "http://www.x.gov.cn/hdjl/": "list_script.html",
    "http://www.x.gov.cn/tzgg/": "list_table.html",
    "http://www.x.gov.cn/zcwj/": "list_div.html",
}


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_home_to_columns_to_findings():
    as_of = date(2021, 4, 1)
    home = read("home.html")
    columns = discover_columns(home, HOME)
    assert {c.url for c in columns} == set(SITE)
    records = []
    for column in columns:
        listing = parse_list_page(read(SITE[column.url]), column.url, as_of=as_of)
        records.append(column_record(column.url, column.name, None, listing, as_of=as_of))
    json.dumps(records, ensure_ascii=False)  # the records are plain JSON
    status = {r["name"]: (r["type"], r["status"]) for r in records}
    assert status == {
        "政务要闻": ("动态", "ok"),  # newest 2021-03-30
        "政务公开": ("其他", "stale"),  # undated items count as not updated
        "政务服务": ("其他", "empty"),  # 暂无信息
        "互动交流": ("其他", "empty"),  # script-loaded, no static item
        "通知公告": ("通知公告", "ok"),
        "政策文件": ("政策文件", "ok"),
    }
    findings = [f for r in records for f in column_findings(r)]
    assert sorted(f["kind"] for f in findings) == ["empty_column", "empty_column", "stale_column"]
    assert all(f["message"] and f["page"].startswith(HOME) for f in findings)
    news = next(r for r in records if r["name"] == "政务要闻")
    assert news["weekly"]["start"] == "2021-01-01" and news["weekly"]["misses"] >= 1
    home_finding = home_freshness(home, HOME, as_of=as_of)
    assert home_finding is not None and home_finding["newest"] == "2021-03-12"
    assert all(is_policy_column(r["name"]) == (r["type"] == "政策文件") for r in records)


def test_policy_pages_and_interpretations_together():
    file_html = """<html><head><title>关于加快发展保障性租赁住房的实施意见_某县人民政府</title>
    <meta name="PubDate" content="2021-09-10 10:00"></head><body>
    <h1>关于加快发展保障性租赁住房的实施意见</h1><p>某政办发〔2021〕18号</p>
    <table><tr><td>文件类型：</td><td>意见</td></tr><tr><td>成文日期：</td><td>2021年9月6日</td></tr><tr><td>有效性：</td><td>有效</td></tr></table>
    <p><a href="/zcjd/5.html">相关解读：一图读懂保障性租赁住房实施意见</a></p></body></html>"""
    assert policy_findings("http://www.x.gov.cn/zcwj/5.html", file_html) == []
    assert page_pub_date(file_html, as_of=date(2021, 10, 1)) == date(2021, 9, 10)
    pages = [
        {"url": "http://www.x.gov.cn/zcwj/5.html", "title": "关于加快发展保障性租赁住房的实施意见_某县人民政府",
         "column": "政策文件", "links": [("http://www.x.gov.cn/zcjd/5.html", "相关解读")]},
        {"url": "http://www.x.gov.cn/zcjd/5.html", "title": "一图读懂《关于加快发展保障性租赁住房的实施意见》",
         "links": [("http://www.x.gov.cn/zcwj/5.html", "原文")]},
    ]  # fmt: skip
    assert interpretation_findings(pages) == []
    pages[1]["links"] = []
    (finding,) = interpretation_findings(pages)
    assert finding["page"] == "http://www.x.gov.cn/zcjd/5.html"
    assert finding["target"] == "http://www.x.gov.cn/zcwj/5.html"
