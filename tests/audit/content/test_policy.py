"""Policy file metadata and the links between interpretations and the files they interpret."""

from dataclasses import dataclass

import pytest

from gongkai.audit.content.policy import (
    LinkedPage,
    interpretation_findings,
    interpreted_titles,
    is_interpretation,
    is_policy_column,
    policy_findings,
    policy_missing_fields,
    shown_title,
)

FULL_TABLE = """<html><head><title>商南县人民政府办公室关于印发商南县优化营商环境若干措施的通知</title></head><body>
<table class="xxgk-table">
<tr><td>索 引 号：</td><td>11611023MB1234567X/2021-00056</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发布机构：</td><td>商南县人民政府办公室</td><td>成文日期：</td><td>2021年06月18日</td></tr>
<tr><td>文　　号：</td><td>商南政办函〔2021〕56号</td><td>发布日期：</td><td>2021年06月21日</td></tr>
<tr><td>有 效 性：</td><td>有效</td><td>公文种类：</td><td>通知</td></tr></table>
<h1>商南县人民政府办公室关于印发商南县优化营商环境若干措施的通知</h1>
<div class="content"><p>各镇人民政府，县政府各工作部门：</p>
<p>根据《国务院办公厅关于做好优化营商环境工作的通知》（国办发〔2020〕24号）精神，现将……印发给你们。</p></div>
</body></html>"""

BARE_ARTICLE = """<html><body><div class="nav"><a href="/">首页</a></div>
<h1>关于进一步加强城乡环境卫生整治工作的通知</h1><div class="info">发布日期：2021-05-10 来源：县政府办</div>
<div class="content"><p>根据《国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知》（国办秘函〔2019〕19号）要求，为有效推进……</p>
<p>本通知自印发之日起施行，有效期至2023年12月31日。</p></div></body></html>"""

DOCUMENT_BODY = """<html><body><h1>甘肃省人民政府办公厅关于印发甘肃省数字政府建设实施方案的通知</h1>
<p style="text-align:center">甘政办发〔2022〕29号</p>
<p>各市、自治州人民政府，兰州新区管委会，省政府各部门……</p>
<p style="text-align:right">甘肃省人民政府办公厅</p><p style="text-align:right">2022年3月18日</p>
<div class="meta"><span>【效力状态】</span><span>现行有效</span></div></body></html>"""


def test_complete_metadata_table_with_spaced_labels():
    assert policy_missing_fields(FULL_TABLE) == []
    assert policy_findings("http://x.gov.cn/zcwj/1.html", FULL_TABLE) == []


def test_article_without_metadata_lacks_all_three():
    # 发布日期 is not 发文日期; a number cited in a sentence is another document's; 有效推进 is prose.
    assert policy_missing_fields(BARE_ARTICLE) == ["文件类型", "文号", "发文日期", "效力状态"]
    (finding,) = policy_findings("http://x.gov.cn/zcwj/2.html", BARE_ARTICLE)
    assert finding["kind"] == "policy_metadata" and finding["page"] == "http://x.gov.cn/zcwj/2.html"
    assert finding["missing"] == ["文件类型", "文号", "发文日期", "效力状态"]
    assert "文件类型、文号、发文日期、效力状态" in finding["message"]


def test_document_number_in_the_body_and_status_badge():
    # the sign-off date is not a labelled 发文日期
    assert policy_missing_fields(DOCUMENT_BODY) == ["文件类型", "发文日期"]
    with_label = DOCUMENT_BODY.replace("<p>各市", "<p>成文日期：二〇二二年三月十八日</p><p>各市")
    assert policy_missing_fields(with_label) == ["文件类型"]


@pytest.mark.parametrize(
    ("number", "found"),
    [
        ("商南政办函〔2021〕56号", True),
        ("国办秘函[2019]19号", True),
        ("国发（2020）5号", True),
        ("第56号", False),
    ],
)
def test_document_number_patterns(number, found):
    text = f"关于做好有关工作的通知\n{number}\n成文日期：2021-06-18\n有效性：现行有效"
    assert ("文号" not in policy_missing_fields(text)) is found


def test_empty_labelled_values_count_as_missing():
    html = (
        FULL_TABLE.replace("商南政办函〔2021〕56号", "")
        .replace("2021年06月18日", "")
        .replace("<td>有效</td>", "<td></td>")
        .replace("<td>通知</td>", "<td></td>")
    )
    assert policy_missing_fields(html) == ["文件类型", "文号", "发文日期", "效力状态"]


@pytest.mark.parametrize("status", ["有效", "失效", "废止", "现行有效", "部分失效"])
def test_status_values_after_labels(status):
    text = f"文件类型：通知\n文号：莒政发〔2019〕3号\n发文日期：2019年6月5日\n效力状态：{status}"
    assert policy_missing_fields(text) == []


@pytest.mark.parametrize(
    ("line", "present"),
    [
        ("文件类型：通知", True),
        ("公文种类：意见", True),
        ("体裁分类　规范性文件", True),
        ("文件类型：", False),
        ("文件类型：——", False),
        ("文件类型：发文日期：2019年6月5日", False),  # the next label read as the value
    ],
)
def test_file_type_seed004(line, present):
    """Seed 004 文件完整性: "需包含文件类型、文号、发文日期、效力状态"."""
    text = f"{line}\n文号：莒政发〔2019〕3号\n发文日期：2019年6月5日\n效力状态：有效"
    assert ("文件类型" not in policy_missing_fields(text)) is present


def test_plain_text_input_and_garbage():
    assert policy_missing_fields("") == ["文件类型", "文号", "发文日期", "效力状态"]
    assert policy_missing_fields("<<<>>> 文号：：： 有效性") == ["文件类型", "文号", "发文日期", "效力状态"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("政策文件", True), ("规范性文件", True), ("县政府文件", True), ("政府办文件", True),
        ("政策法规", True), ("政策解读", False), ("通知公告", False), ("文件下载", False),
    ],
)  # fmt: skip
def test_is_policy_column(name, expected):
    assert is_policy_column(name) is expected


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("《关于进一步做好稳就业工作的实施意见》政策解读", "http://x.gov.cn/a/1.html", True),
        ("图解：2021年政府工作报告", "http://x.gov.cn/a/2.html", True),
        ("一图读懂《优化营商环境条例》", "http://x.gov.cn/a/3.html", True),
        ("县人社局负责人就新政答记者问", "http://x.gov.cn/a/4.html", True),
        ("某县重点项目建设进展", "http://x.gov.cn/zcjd/202103/t1.html", True),
        ("关于做好春耕生产工作的通知", "http://x.gov.cn/zcwj/1.html", False),
        ("", "", False),
    ],
)
def test_is_interpretation(title, url, expected):
    assert is_interpretation(title, url) is expected


def test_interpreted_titles():
    assert interpreted_titles("《商南县优化营商环境若干措施》政策解读") == ["商南县优化营商环境若干措施"]
    assert interpreted_titles("图解：关于进一步做好稳就业工作的实施意见") == [
        "关于进一步做好稳就业工作的实施意见"
    ]
    assert interpreted_titles("解读") == []


@dataclass
class CrawledLink:  # shaped like the crawler's Link
    target: str
    text: str


FILE_A = "商南县人民政府办公室关于印发商南县优化营商环境若干措施的通知"
FILE_B = "关于进一步做好稳就业工作的实施意见"


def site_pages():
    return [
        {"url": "http://x.gov.cn/zcwj/1.html", "title": FILE_A, "column": "政策文件", "links": []},
        {"url": "http://x.gov.cn/zcwj/2.html", "title": f"{FILE_B}_商南县人民政府", "column": "",
         "links": ["http://x.gov.cn/zcjd/2.html"]},
        {"url": "http://x.gov.cn/zcjd/1.html", "title": f"《{FILE_A}》政策解读",
         "links": [("http://x.gov.cn/zcwj/1.html#top", "原文链接")]},
        {"url": "http://x.gov.cn/zcjd/2.html", "title": f"图解：{FILE_B}",
         "links": [CrawledLink("http://x.gov.cn/", "首页"), CrawledLink("http://x.gov.cn/zcjd/1.html", "相关解读")]},
        LinkedPage("http://x.gov.cn/zcjd/3.html", "一图读懂2021年县政府工作报告", []),
        LinkedPage("http://x.gov.cn/zcjd/4.html", "《商南县农村人居环境整治三年行动方案》解读",
                   [("http://www.sn.gov.cn/old/77.html", "商南县农村人居环境整治三年行动方案")]),
    ]  # fmt: skip


def test_interpretation_findings():
    findings = interpretation_findings(site_pages())
    by_page = {f["page"]: f for f in findings}
    assert set(by_page) == {
        "http://x.gov.cn/zcwj/1.html",
        "http://x.gov.cn/zcjd/2.html",
        "http://x.gov.cn/zcjd/3.html",
    }
    assert all(f["kind"] == "interpretation_unlinked" and f["message"] for f in findings)
    # the reverse: file A is interpreted (and linked from its interpretation) but does not link back
    assert by_page["http://x.gov.cn/zcwj/1.html"]["target"] == "http://x.gov.cn/zcjd/1.html"
    # an interpretation linking only to another interpretation; its file was found by title
    assert by_page["http://x.gov.cn/zcjd/2.html"]["target"] == "http://x.gov.cn/zcwj/2.html"
    assert FILE_B in by_page["http://x.gov.cn/zcjd/2.html"]["message"]
    assert (
        "商南县人民政府" not in by_page["http://x.gov.cn/zcjd/2.html"]["message"]
    )  # the title's site suffix
    # no file known at all
    assert by_page["http://x.gov.cn/zcjd/3.html"]["target"] is None


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        (f"{FILE_B}_商南县人民政府", FILE_B),
        (f"{FILE_B} | 商南县人民政府", FILE_B),
        ("商南县“十四五”规划（2021-2025年）解读 - 专题", "商南县“十四五”规划（2021-2025年）解读 - 专题"),
        ("_首页", "_首页"),  # nothing left before the separator: keep the title
    ],
)
def test_shown_title_drops_the_site_suffix(title, shown):
    assert shown_title(title) == shown


def test_linked_both_ways_gives_nothing():
    pages = site_pages()[:3]
    pages[0]["links"] = ["http://x.gov.cn/zcjd/1.html"]
    assert interpretation_findings(pages) == []
    assert interpretation_findings([]) == []


@pytest.mark.parametrize("value", ["", "——", "/", " - "])
def test_placeholder_document_numbers_are_missing(value):
    html = FULL_TABLE.replace("商南政办函〔2021〕56号", value)
    assert policy_missing_fields(html) == ["文号"]


def test_a_spaced_label_in_the_value_cell_is_not_a_value():
    text = "文件类型：通知\n文　　号：\n有 效 性：\n有效\n成文日期：2021-06-18"
    assert policy_missing_fields(text) == ["文号"]
    assert policy_missing_fields(text.replace("文　　号：", "文　　号：无")) == []  # stated as none
