"""Column discovery, list pages in real-world markup styles, column records and findings."""

from datetime import date
from pathlib import Path

import pytest

from gongkai.audit.content.columns import (
    COLUMN_TYPES,
    ColumnLink,
    ListItem,
    ListPage,
    classify_column,
    column_findings,
    column_record,
    discover_columns,
    home_freshness,
    parse_list_page,
)

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = date(2021, 4, 1)


def page(name: str, url: str = "http://www.jn.gov.cn/col/index.html", as_of: date = AS_OF) -> ListPage:
    return parse_list_page((FIXTURES / name).read_text(encoding="utf-8"), url, as_of=as_of)


# --- classification ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("工作动态", ("动态", 14)),
        ("政务要闻", ("动态", 14)),
        ("镇街动态", ("动态", 14)),
        ("新闻中心", ("动态", 14)),
        ("通知公告", ("通知公告", 182)),
        ("公示公告", ("通知公告", 182)),
        ("政策文件", ("政策文件", 182)),
        ("规范性文件", ("政策文件", 182)),
        ("县政府文件", ("政策文件", 182)),
        ("人事信息", ("人事", 365)),
        ("人事任免", ("人事", 365)),
        ("规划计划", ("规划计划", 365)),
        ("发展规划", ("规划计划", 365)),
        ("政策解读", ("其他", 365)),
        ("表格下载", ("其他", 365)),
        ("机构职能", ("其他", 365)),
        ("", ("其他", 365)),
    ],
)
def test_classify_column(name, expected):
    assert classify_column(name) == expected


def test_other_window_is_a_setting_and_types_classify_as_themselves():
    assert classify_column("财政预决算", other_window_days=90) == ("其他", 90)
    assert classify_column("其他", other_window_days=90) == ("其他", 90)
    assert classify_column("工作动态", other_window_days=90) == ("动态", 14)
    for column_type, window in COLUMN_TYPES.items():
        assert classify_column(column_type) == (column_type, window)


# --- list pages in five+ markup styles ---------------------------------------------------------


def test_ul_li_list_with_nav_sidebar_footer_and_trs_pager():
    listing = page("list_ul.html", "http://www.jn.gov.cn/xwzx/gzdt/index.html")
    assert [i.date for i in listing.items] == [
        date(2021, 3, 30), date(2021, 3, 26), date(2021, 3, 22),
        date(2021, 3, 15), date(2021, 3, 9), date(2021, 2, 26),
    ]  # fmt: skip
    first = listing.items[0]
    # the list cut the title; the title attribute holds the full one
    assert first.title == "县政府召开第六十八次常务会议研究部署春季森林防火工作"
    assert first.url == "http://www.jn.gov.cn/xwzx/gzdt/202103/t20210330_3201.html"
    assert not any("首页" in i.title or "无障碍" in i.title or "人民政府" in i.title for i in listing.items)
    assert listing.column_name == "工作动态"
    assert listing.pages[0] == "http://www.jn.gov.cn/xwzx/gzdt/index_1.html"
    assert len(listing.pages) == 11  # createPageHTML(12, …): index_1 … index_11
    assert not listing.empty and not listing.script_loaded
    assert listing.newest == date(2021, 3, 30)


def test_table_list_with_bracketed_month_day_and_year_inference():
    listing = page("list_table.html", "http://www.jn.gov.cn/tzgg/index.html")
    assert [(i.title, i.date) for i in listing.items] == [
        ("关于开展2021年度统计执法检查的公告", date(2021, 3, 18)),
        ("关于公布第一批县级非物质文化遗产代表性项目名录的通知", date(2021, 3, 5)),
        ("关于2021年元旦春节期间值班安排的通知", date(2021, 1, 7)),
        ("县人社局关于2020年企业职工养老保险待遇资格认证的公告", date(2020, 12, 28)),
    ]
    assert listing.pages == [
        "http://www.jn.gov.cn/tzgg/index_2.html",
        "http://www.jn.gov.cn/tzgg/index_5.html",
    ]


def test_div_blocks_list_wins_over_a_dated_sidebar():
    listing = page("list_div.html")
    assert [i.date for i in listing.items] == [date(2021, 3, 12), date(2021, 2, 5), date(2020, 11, 20)]
    assert listing.items[0].title.startswith("甘肃省人民政府办公厅关于印发")
    assert listing.newest == date(2021, 3, 12)  # not the sidebar's 03-31
    assert listing.column_name == "政策文件"


def test_dl_dt_dd_lists():
    listing = page("list_dl.html")
    assert [(i.title[:6], i.date) for i in listing.items] == [
        ("县人民政府关", date(2020, 9, 15)),
        ("2020年县", date(2020, 6, 1)),
        ("县人民政府关", date(2019, 12, 8)),
    ]
    pairs = parse_list_page(
        '<dl class="pairs"><dt><a href="/g/1.html">县国民经济和社会发展第十四个五年规划纲要</a></dt><dd>2021.02.20</dd>'
        '<dt><a href="/g/2.html">2021年县政府工作计划</a></dt><dd>2021.01.10</dd></dl>',
        "http://x.gov.cn/g/",
        as_of=AS_OF,
    )
    assert [(i.url, i.date) for i in pairs.items] == [
        ("http://x.gov.cn/g/1.html", date(2021, 2, 20)),
        ("http://x.gov.cn/g/2.html", date(2021, 1, 10)),
    ]


def test_dates_inside_link_text_are_read_and_cut_from_the_title():
    listing = page("list_in_link.html")
    assert [(i.title, i.date) for i in listing.items] == [
        ("洮边镇召开村级党组织书记述职评议会议", date(2021, 1, 20)),
        ("洮边镇开展冬季消防安全大检查", date(2021, 1, 12)),
        ("洮边镇组织收看全市经济工作会议", date(2020, 12, 30)),
    ]


def test_flat_runs_of_links_and_spans():
    html = (FIXTURES / "list_in_link.html").read_text(encoding="utf-8")
    flat = html[html.index('<div class="flat">') : html.index("</body>")]
    listing = parse_list_page(flat, "http://x.gov.cn/", as_of=AS_OF)
    assert [i.date for i in listing.items] == [date(2021, 3, 2), date(2021, 3, 5), date(2021, 3, 8)]
    assert listing.items[0].title == "文疃镇举行2021年重点项目集中开工仪式"


def test_gbk_origin_text_decoded_by_the_crawler():
    raw = (FIXTURES / "list_table.html").read_text(encoding="utf-8").encode("gb18030")
    listing = parse_list_page(raw.decode("gb18030"), "http://www.jn.gov.cn/tzgg/index.html", as_of=AS_OF)
    assert len(listing.items) == 4 and listing.newest == date(2021, 3, 18)


def test_empty_marker_and_no_list():
    listing = page("list_empty.html")
    assert listing.empty and listing.items == [] and not listing.script_loaded
    # the long friendly-link names in the footer are not taken for undated items
    bare = parse_list_page(
        "<html><body><p>本栏目正在建设中</p></body></html>", "http://x.gov.cn/", as_of=AS_OF
    )
    assert bare.empty and bare.items == [] and bare.pages == []


def test_script_loaded_list():
    listing = page("list_script.html")
    assert listing.script_loaded and listing.empty and listing.items == []
    vue = parse_list_page(
        '<ul class="list"><li v-for="a in list"><a :href="a.url">{{a.title}}</a></li></ul><script src="/vue.js">'
        "</script>",
        "http://x.gov.cn/",
        as_of=AS_OF,
    )
    assert vue.script_loaded
    # ajax used elsewhere on a page whose list is static and filled: not script-loaded
    static = (
        (FIXTURES / "list_ul.html")
        .read_text(encoding="utf-8")
        .replace("</body>", "<script>$.ajax({url:'/visit/count'})</script></body>")
    )
    assert not parse_list_page(static, "http://www.jn.gov.cn/x/", as_of=AS_OF).script_loaded


def test_undated_list_items_are_kept_without_date():
    listing = page("list_undated.html")
    assert len(listing.items) == 3 and all(i.date is None for i in listing.items) and not listing.empty
    assert listing.newest is None


# --- discovery ---------------------------------------------------------------------------------


def test_discover_columns_from_nav_headings_and_more_links():
    columns = discover_columns((FIXTURES / "home.html").read_text(encoding="utf-8"), "http://www.x.gov.cn/")
    assert columns == [
        ColumnLink("政务要闻", "http://www.x.gov.cn/zwyw/"),
        ColumnLink("政务公开", "http://www.x.gov.cn/zwgk/"),
        ColumnLink("政务服务", "http://www.x.gov.cn/zwfw/"),
        ColumnLink("互动交流", "http://www.x.gov.cn/hdjl/"),
        ColumnLink("通知公告", "http://www.x.gov.cn/tzgg/"),  # from <a title="更多通知公告">更多</a>
        ColumnLink("政策文件", "http://www.x.gov.cn/zcwj/"),  # from <h3><a>
    ]


def test_discover_columns_names_a_more_link_after_its_block_heading():
    html = '<div class="box"><div class="hd"><h3>乡镇动态</h3><a href="/xzdt/">更多&gt;&gt;</a></div><ul></ul></div>'
    assert discover_columns(html, "http://x.gov.cn/") == [ColumnLink("乡镇动态", "http://x.gov.cn/xzdt/")]
    assert discover_columns("<p>没有导航</p><a href='/a.html'>一篇文章的标题</a>", "http://x.gov.cn/") == []


def test_discover_columns_on_a_column_page_sidebar():
    columns = discover_columns(
        (FIXTURES / "list_ul.html").read_text(encoding="utf-8"), "http://www.jn.gov.cn/xwzx/gzdt/"
    )
    names = [c.name for c in columns]
    assert names == ["政务公开", "政务服务", "互动交流", "政务要闻", "通知公告", "媒体报道"]
    assert all(c.url.startswith("http://www.jn.gov.cn/") for c in columns)


# --- records and findings ----------------------------------------------------------------------


def listing_of(*dates: date | None) -> ListPage:
    items = [ListItem(f"第{n}条信息标题", f"http://x.gov.cn/a/{n}.html", d) for n, d in enumerate(dates)]
    return ListPage(items=items, empty=not items)


def test_column_record_matches_the_contract():
    record = column_record(
        "http://www.jn.gov.cn/tzgg/index.html", "通知公告", None, page("list_table.html"), as_of=AS_OF
    )
    assert record == {
        "url": "http://www.jn.gov.cn/tzgg/index.html",
        "name": "通知公告",
        "type": "通知公告",
        "newest": "2021-03-18",
        "items": 4,
        "window_days": 182,
        "status": "ok",
        "script_loaded": False,
        "weekly": None,
    }
    assert column_findings(record) == []


def test_stale_boundary_is_inclusive():
    url, name = "http://x.gov.cn/dt/", "工作动态"
    on_edge = column_record(url, name, None, listing_of(date(2021, 3, 18)), as_of=AS_OF)
    assert on_edge["status"] == "ok"  # exactly 14 days before as_of
    past = column_record(url, name, None, listing_of(date(2021, 3, 17)), as_of=AS_OF)
    assert past["status"] == "stale"
    (finding,) = column_findings(past)
    assert finding["kind"] == "stale_column" and finding["page"] == url
    assert finding["column"] == "工作动态" and finding["type"] == "动态"
    assert finding["newest"] == "2021-03-17" and finding["window_days"] == 14
    assert "2021-03-17" in finding["message"] and "2周" in finding["message"]


def test_declared_type_and_window_override_the_name():
    record = column_record(
        "http://x.gov.cn/a/", "综合信息", "要闻", listing_of(date(2021, 3, 1)), as_of=AS_OF
    )
    assert (record["type"], record["window_days"], record["status"]) == ("动态", 14, "stale")
    record = column_record(
        "http://x.gov.cn/a/", "综合信息", None, listing_of(date(2021, 3, 1)), as_of=AS_OF, window_days=60
    )
    assert (record["type"], record["window_days"], record["status"]) == ("其他", 60, "ok")


def test_undated_items_make_a_column_stale():
    record = column_record("http://x.gov.cn/z/", "重点领域", None, page("list_undated.html"), as_of=AS_OF)
    assert (record["status"], record["newest"], record["items"]) == ("stale", None, 3)
    (finding,) = column_findings(record)
    assert finding["newest"] is None and "无可见的发布日期" in finding["message"]


def test_empty_and_script_loaded_columns():
    record = column_record("http://x.gov.cn/gh/", "规划计划", None, page("list_empty.html"), as_of=AS_OF)
    assert record["status"] == "empty" and record["items"] == 0
    (finding,) = column_findings(record)
    assert finding == {
        "kind": "empty_column",
        "page": "http://x.gov.cn/gh/",
        "column": "规划计划",
        "type": "规划计划",
        "message": finding["message"],
    }
    assert "空白栏目" in finding["message"] and "脚本" not in finding["message"]
    scripted = column_record("http://x.gov.cn/bm/", "部门动态", None, page("list_script.html"), as_of=AS_OF)
    assert scripted["script_loaded"] and scripted["status"] == "empty"
    assert "脚本加载" in column_findings(scripted)[0]["message"]


def test_weekly_data_for_dynamic_columns_over_several_pages():
    first = listing_of(date(2019, 5, 28), date(2019, 5, 20), date(2019, 5, 6))
    second = listing_of(date(2019, 4, 23), date(2019, 2, 6), date(2018, 12, 28))
    record = column_record(
        "http://x.gov.cn/dt/", "镇街动态", None, [first, second],
        as_of=date(2019, 5, 30), weekly_period=(date(2019, 1, 1), date(2019, 5, 30)),
    )  # fmt: skip
    weekly = record["weekly"]
    assert record["items"] == 6 and record["status"] == "ok"
    assert weekly["weeks"] == 21 and weekly["excluded"] == ["2019-W06"]
    # weeks with items: W17 (04-23), W19 (05-06), W21 (05-20), W22 (05-28); 02-06 is in the holiday week
    assert weekly["misses"] == 17 and len(weekly["missed_weeks"]) == 17
    assert {"week": "2019-W01", "start": "2019-01-01", "end": "2019-01-06"} in weekly["missed_weeks"]
    assert not any(
        w["week"] in ("2019-W17", "2019-W19", "2019-W21", "2019-W22") for w in weekly["missed_weeks"]
    )
    assert weekly["complete"]  # an item older than the period start was seen
    only_first = column_record("http://x.gov.cn/dt/", "镇街动态", None, first, as_of=date(2019, 5, 30))
    assert only_first["weekly"]["start"] == "2019-01-01" and not only_first["weekly"]["complete"]
    all_pages = column_record(
        "http://x.gov.cn/dt/", "镇街动态", None, first, as_of=date(2019, 5, 30), every_page=True
    )
    assert all_pages["weekly"]["complete"] and all_pages["weekly"]["misses"] == 18


def test_weekly_outside_the_calendar_is_reported_not_raised():
    record = column_record(
        "http://x.gov.cn/dt/", "工作动态", None, listing_of(date(2003, 5, 1)), as_of=date(2003, 5, 2)
    )
    assert "节假日日历" in record["weekly"]["error"]


# --- home page ---------------------------------------------------------------------------------


def test_home_not_updated_uses_item_dates_not_the_banner():
    html = (FIXTURES / "home.html").read_text(encoding="utf-8")
    finding = home_freshness(html, "http://www.x.gov.cn/", as_of=AS_OF)  # banner says 2021-04-01
    assert finding is not None
    assert finding["kind"] == "home_not_updated" and finding["newest"] == "2021-03-12"
    assert finding["page"] == "http://www.x.gov.cn/" and "2021-03-12" in finding["message"]
    assert home_freshness(html, "http://www.x.gov.cn/", as_of=date(2021, 3, 26)) is None  # 14 days


def test_home_without_dated_items_is_not_updated():
    html = """<html><body><div class="nav"><a href="/a/">政务公开</a><a href="/b/">政务服务</a></div>
    <ul class="news"><li><a href="/n/1.html">县委理论学习中心组举行专题学习会议</a></li>
    <li><a href="/n/2.html">全县安全生产工作会议召开部署近期工作</a></li></ul></body></html>"""
    finding = home_freshness(html, "http://x.gov.cn/", as_of=AS_OF)
    assert finding is not None and finding["newest"] is None and "带发布日期" in finding["message"]


XXGK_TABLE = """<table class="xxgk-list"><thead><tr><th>索引号</th><th>标题</th><th>文号</th><th>发布日期</th></tr></thead>
<tbody>
<tr><td>11611023MB1234567X/2021-00056</td><td><a href="/xxgk/56.html">商南县人民政府办公室关于印发商南县优化营商环境若干措施的通知</a></td>
    <td>商南政办函〔2021〕56号</td><td>2021-06-21</td></tr>
<tr><td>11611023MB1234567X/2021-00031</td><td><a href="/xxgk/31.html">商南县人民政府关于公布县级行政许可事项清单的通知</a></td>
    <td>商政发〔2021〕3号</td><td>2021-04-02</td></tr>
</tbody></table>"""


def test_disclosure_catalogue_table_reads_the_date_not_the_index_number():
    listing = parse_list_page(XXGK_TABLE, "http://www.sn.gov.cn/xxgk/", as_of=date(2021, 7, 1))
    assert [(i.url, i.date) for i in listing.items] == [
        ("http://www.sn.gov.cn/xxgk/56.html", date(2021, 6, 21)),
        ("http://www.sn.gov.cn/xxgk/31.html", date(2021, 4, 2)),
    ]


def test_date_in_a_span_inside_the_link():
    html = """<div class="news-list"><ul>
    <li><a href="/x/1.html"><span class="tit">县政务服务中心开展“好差评”回访</span><span class="time">2021-03-29</span></a></li>
    <li><a href="/x/2.html"><span class="tit">县医保局开展打击欺诈骗保专项行动</span><span class="time">2021-03-24</span></a></li>
    </ul></div>"""
    listing = parse_list_page(html, "http://x.gov.cn/", as_of=AS_OF)
    assert [(i.title, i.date) for i in listing.items] == [
        ("县政务服务中心开展“好差评”回访", date(2021, 3, 29)),
        ("县医保局开展打击欺诈骗保专项行动", date(2021, 3, 24)),
    ]


def test_a_bigger_dated_sidebar_does_not_hide_a_stale_column():
    sidebar = "".join(
        f'<li><a href="/xw/{n}.html">全县新闻动态第{n}条标题文字</a><span>2021-03-{n + 10}</span></li>'
        for n in range(8)
    )
    html = f"""<div class="container"><div class="col-list"><ul>
    <li><a href="/gh/1.html">县“十四五”交通运输发展规划</a><span>2020-05-06</span></li>
    <li><a href="/gh/2.html">县国土空间总体规划（2020—2035年）</a><span>2020-03-02</span></li></ul></div>
    <div class="sidebar"><h4>最新信息</h4><ul>{sidebar}</ul></div></div>"""
    listing = parse_list_page(html, "http://x.gov.cn/gh/", as_of=AS_OF)
    assert listing.newest == date(2020, 5, 6) and len(listing.items) == 2


def test_trs_pager_with_the_element_id_first():
    html = """<ul class="list"><li><a href="./202103/t1.html">县政府召开全体会议部署年度重点工作</a><span>2021-03-30</span></li>
    <li><a href="./202103/t2.html">县政府党组召开专题民主生活会</a><span>2021-03-20</span></li></ul>
    <div id="page_div"></div><script>createPageHTML('page_div', 3, 1, 'index', 'shtml', 42);</script>"""
    listing = parse_list_page(html, "http://x.gov.cn/col/zwyw/index.shtml", as_of=AS_OF)
    assert listing.pages == [
        "http://x.gov.cn/col/zwyw/index_1.shtml",
        "http://x.gov.cn/col/zwyw/index_2.shtml",
    ]
