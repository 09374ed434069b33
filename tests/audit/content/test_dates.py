"""Dates as Chinese government pages write them, and the publication date of an article."""

from datetime import date

import pytest
from selectolax.lexbor import LexborHTMLParser

from gongkai.audit.content.dates import find_dates, page_pub_date, parse_date

AS_OF = date(2021, 4, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-18", date(2021, 3, 18)),
        ("2021/03/18", date(2021, 3, 18)),
        ("2021.03.18", date(2021, 3, 18)),
        ("2021-3-8", date(2021, 3, 8)),
        ("2021年3月18日", date(2021, 3, 18)),
        ("2021 年 3 月 18 日", date(2021, 3, 18)),
        ("2021年03月18", date(2021, 3, 18)),
        ("二〇二一年三月十八日", date(2021, 3, 18)),
        ("二〇二〇年十二月三十一日", date(2020, 12, 31)),
        ("[03-18]", date(2021, 3, 18)),
        ("【03-18】", date(2021, 3, 18)),
        ("(3-8)", date(2021, 3, 8)),
        ("03-18", date(2021, 3, 18)),
        ("03/18", date(2021, 3, 18)),
        ("3月18日", date(2021, 3, 18)),
        ("发布时间：2021-03-18 10:22:01", date(2021, 3, 18)),
        ("发布日期: 2021年3月18日 星期四", date(2021, 3, 18)),
        ("日期：2021/03/18", date(2021, 3, 18)),
        ("2021-03-1810:22", date(2021, 3, 18)),  # spans glued together: date then time
        ("2021-04-02", date(2021, 4, 2)),  # one day of clock skew is tolerated
        ("2021-03-18T10:22:00+08:00", date(2021, 3, 18)),  # ISO in a PubDate tag
        ("２０２１－０３－１８", date(2021, 3, 18)),  # full-width, common on GBK-era pages
        ("２０２１年３月１８日", date(2021, 3, 18)),
        ("［０３－１８］", date(2021, 3, 18)),
    ],
)
def test_parse_date_forms(text, expected):
    assert parse_date(text, as_of=AS_OF) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2021-02-30",  # impossible day
        "2021-13-01",
        "2019年2月29日",  # not a leap year
        "2021-04-03",  # after as_of + 1 day: a forged future date is not fresh
        "2030年1月1日",
        "[13-45]",
        "第12-15条",  # article ranges, not dates
        "0371-63881234",  # a landline
        "版本 v2.03.18",
        "3.14159",
        "十八日",
        "",
        "暂无日期",
    ],
)
def test_parse_date_rejects_garbage(text):
    assert parse_date(text, as_of=AS_OF) is None


def test_month_day_year_is_the_latest_not_after_as_of():
    assert parse_date("[12-30]", as_of=date(2021, 1, 5)) == date(2020, 12, 30)
    assert parse_date("[01-05]", as_of=date(2021, 1, 5)) == date(2021, 1, 5)
    assert parse_date("[01-06]", as_of=date(2021, 1, 5)) == date(2021, 1, 6)  # skew day
    assert parse_date("[01-07]", as_of=date(2021, 1, 5)) == date(2020, 1, 7)
    assert parse_date("[02-29]", as_of=date(2023, 3, 1)) == date(2020, 2, 29)  # last leap year


def test_find_dates_in_order_and_drops_bad_ones():
    text = "成文日期：2021年3月1日 发布日期：2021-03-18 截止 2021-02-30 有效期至2099-12-31 [03-20]"
    assert find_dates(text, as_of=AS_OF) == [date(2021, 3, 1), date(2021, 3, 18), date(2021, 3, 20)]
    assert find_dates("no dates here 123-456", as_of=AS_OF) == []


ARTICLE_META = """<html><head><meta name="ArticleTitle" content="关于做好春耕生产工作的通知">
<meta name="PubDate" content="2021-03-18 09:30"><meta name="ContentSource" content="县农业农村局"></head>
<body><div class="nav"><a href="/">首页</a> 2021-03-31</div><h1>关于做好春耕生产工作的通知</h1>
<div class="info">发布时间：2021-03-19 来源：县农业农村局</div><p>各乡镇……</p></body></html>"""

ARTICLE_LABEL = """<html><head><title>县政府召开常务会议</title></head><body>
<div class="top">今天是2021年4月1日</div>
<h1 class="title">县政府召开常务会议</h1>
<div class="property"><span>来源：县政府办公室</span><span>发布日期：2021年03月22日</span>
<span>浏览次数：<script>document.write(123)</script></span></div>
<div class="content"><p>3月20日，县长主持召开县政府第68次常务会议……</p></div></body></html>"""

ARTICLE_TABLE = """<html><body><table><tr><td class="bt">县人民政府办公室关于印发2021年重点工作任务的通知</td></tr>
<tr><td>来源：县政府办 &nbsp; 2021-02-05 16:20 &nbsp; 【字体：大 中 小】</td></tr>
<tr><td>各乡镇人民政府……2021年1月1日起施行</td></tr></table></body></html>"""

ARTICLE_NONE = """<html><body><h1>关于征集2021年民生实事项目的公告</h1>
<p>为做好2021年民生实事项目征集工作……</p><div class="footer">©2008-2021 某县人民政府</div></body></html>"""


def test_page_pub_date_prefers_the_pubdate_tag():
    assert page_pub_date(ARTICLE_META, as_of=AS_OF) == date(2021, 3, 18)


def test_page_pub_date_reads_labels_before_other_dates():
    assert page_pub_date(ARTICLE_LABEL, as_of=AS_OF) == date(2021, 3, 22)
    assert page_pub_date(LexborHTMLParser(ARTICLE_LABEL), as_of=AS_OF) == date(2021, 3, 22)


def test_page_pub_date_falls_back_to_the_date_near_the_title():
    assert page_pub_date(ARTICLE_TABLE, as_of=AS_OF) == date(2021, 2, 5)


def test_page_pub_date_none_without_a_visible_date():
    assert page_pub_date(ARTICLE_NONE, as_of=AS_OF) is None
    assert page_pub_date("", as_of=AS_OF) is None


def test_page_pub_date_ignores_a_forged_future_tag():
    forged = ARTICLE_META.replace("2021-03-18 09:30", "2031-03-18 09:30")
    assert page_pub_date(forged, as_of=AS_OF) == date(2021, 3, 19)  # the label, not the tag
    assert (
        page_pub_date(ARTICLE_NONE.replace("公告</h1>", "公告</h1><p>发布时间：2022-01-01</p>"), as_of=AS_OF)
        is None
    )
