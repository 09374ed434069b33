"""Summary sentences against the seeds' own sentences and data."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.reports import PeriodScores, ProblemKind, RankedTable, Threshold
from gongkai.reports.formatting import chinese_date, format_number, join_names, official_punctuation
from gongkai.reports.sample import seed000_circular
from gongkai.reports.summary import (
    best_units,
    best_worst_sentence,
    brief,
    chinese_ordinal,
    deadline_sentence,
    items_published_sentence,
    problem_paragraphs,
    summary_paragraphs,
    threshold_sentence,
    units_checked_sentence,
    worst_units,
    zero_submission_sentence,
)
from tests.reports.conftest import full_circular

# Seed 002 附件2: unit, 报送信息, 采用信息, 得分, 排名 as printed.
SEED002_DEPARTMENTS = """
县融媒体中心 57 57 68.4 1
县文旅局 60 54 66 2
县司法局 54 44 54.8 3
金丝峡景区管理委员会 43 41 49.6 4
县科教体局 41 39 47.2 5
县人社局 42 38 46.4 6
县卫健局 36 31 38.2 7
县公路段 23 17 21.6 8
县招商服务中心 23 16 20.6 9
县农业农村局 18 15 18.6 10
县农商行 21 11 15.2 11
县超限站 11 11 13.2 12
县环境局 10 7 9 13
县公安局 12 6 8.4 14
县审计局 6 5 6.2 15
县统计局 6 5 6.2 15
县机关事务服务中心 5 5 6 16
县消防大队 5 5 6 16
县审批局 4 4 4.8 17
阳城驿景区管委会 7 3 4.4 18
茶产业发展中心 6 3 4.2 19
县气象局 3 3 3.6 20
县市场局 6 2 3.2 21
县粮食局 3 2 2.6 22
县资源局 2 2 2.4 23
县扶贫局 2 2 2.4 23
县林业局 2 2 2.4 23
县养老保险经办中心 2 2 2.4 23
县民政局 2 2 2.4 23
交警大队 8 0 1.6 24
县城管局 2 1 1.4 25
县电力分公司 2 1 1.4 25
县财政局 1 1 1.2 26
县经贸局 1 1 1.2 26
县房产管理中心 1 1 1.2 26
县水利局 1 0 0.2 27
县发改局 0 0 0 28
县税务局 0 0 0 28
县供销联社 0 0 0 28
县退役军人局 0 0 0 28
县医保局 0 0 0 28
县信访局 0 0 0 28
县域工业集中区管委会 0 0 0 28
县住建局 0 0 0 28
县移民办 0 0 0 28
县交通局 0 0 0 28
县应急局 0 0 0 28
县畜牧中心 0 0 0 28
县住房公积金管理中心 0 0 0 28
县邮政局 0 0 0 28
县盐务局 0 0 0 28
县烟草局 0 0 0 28
"""
# The seed prints rank 27 for both 县水利局 (0.2) and the zero units: a mistake under its own
# dense-ranking rule (rules.md §6), so the transcription above gives the zero units 28.


def seed002_table() -> RankedTable:
    rows = []
    for line in SEED002_DEPARTMENTS.strip().splitlines():
        name, submitted, adopted, score, rank = line.split()
        rows.append([name, int(submitted), int(adopted), float(score), int(rank)])
    return RankedTable(
        title="2021年二季度县直有关部门向县政府网站报送政务信息情况统计表",
        category="县直部门",
        columns=["单位", "报送信息", "采用信息", "得分", "排名"],
        rows=rows,
        notes=["注：每上报一条信息计0.2分，采用一条信息计1分。"],
        name_column="单位",
        score_column="得分",
        count_column="报送信息",
    )


def test_seed002_transcription_follows_its_scoring_rule():
    table = seed002_table()
    distinct = sorted({row[3] for row in table.rows}, reverse=True)
    for name, submitted, adopted, score, rank in table.rows:
        assert round(0.2 * submitted + adopted, 1) == score, name
        assert distinct.index(score) + 1 == rank, name


def test_zero_submission_sentence_counts_seed002_units():
    towns = RankedTable("镇办", "镇办", ["单位", "报送信息", "得分"], [["过风楼镇", 27, 30.4]],
                        name_column="单位", score_column="得分", count_column="报送信息")  # fmt: skip
    assert zero_submission_sentence([towns, seed002_table()]) == "其中16个单位为信息零报送（附件2）。"
    assert zero_submission_sentence([towns]) == ""


def test_best_and_worst_reproduce_seed000_sentence():
    # Seed 000: "其中表现较好的单位有：市教育体育局、公安局和商城街道、首阳山街道；
    # 表现较差的有：市统计局、社保中心、金融工作局、城市管理局和邙岭镇。"
    circular = seed000_circular()
    assert best_worst_sentence(circular.tables, 2, 1) == (
        "表现较好的单位有：教育体育局、公安局和商城街道、首阳山街道；"
        "表现较差的单位有：统计局、社保中心、金融工作局、城市管理局和邙岭镇。"
    )


def test_units_checked_counts_each_category():
    circular = seed000_circular()
    assert (
        units_checked_sentence("2021年2月", circular.tables)
        == "2021年2月，共检查44个单位，其中市直单位31个、镇（街道）13个。"
    )
    assert units_checked_sentence("2021年2月", circular.tables[:1]) == "2021年2月，共检查31个单位。"


def test_items_published_sentence_as_seed002():
    assert items_published_sentence(2315, [("镇办报送信息", 132), ("部门报送信息", 528)]) == (
        "共发布各类信息2315条，其中镇办报送信息132条、部门报送信息528条。"
    )
    assert items_published_sentence(None, []) == ""


def scores(values: list[float]) -> dict[str, float]:
    return {f"单位{i}": v for i, v in enumerate(values)}


def test_threshold_sentence_as_seed001():
    # Seed 001: "得分80分以上的市州（含兰州新区）有12个，同比增加2个".
    current = {"市州": scores([95, 90, 88, 85, 84, 83, 82, 81, 80.5, 80, 80, 80, 79.9, 60, 70])}
    before = PeriodScores(
        "2020年", {"市州": scores([90, 85, 84, 83, 82, 81, 80, 80, 80, 80, 79, 78, 60, 50, 40])}
    )
    rule = Threshold("市州", 80, noun="市州")
    assert threshold_sentence(rule, current, before) == "得分80分以上的市州有12个，同比增加2个。"


def test_threshold_sentence_decrease_equal_none_and_names():
    current = {"部门": {"省水利厅": 92, "省交通运输厅": 96, "省财政厅": 70}}
    rule = Threshold("部门", 85, noun="部门", name_above=True)
    three = PeriodScores("上月", {"部门": scores([90, 90, 90])}, relation="环比")
    assert (
        threshold_sentence(rule, current, three)
        == "得分85分以上的部门有2个，环比减少1个：省交通运输厅、省水利厅。"
    )
    two = PeriodScores("上年", {"部门": scores([90, 86, 10])})
    assert (
        threshold_sentence(rule, current, two)
        == "得分85分以上的部门有2个，同比持平：省交通运输厅、省水利厅。"
    )
    assert threshold_sentence(Threshold("部门", 99, noun="部门"), current, None) == "没有得分99分以上的部门。"


def test_summary_paragraphs_combine_the_sentences():
    circular = seed000_circular()
    circular.items_published = 120
    circular.thresholds = [Threshold("镇（街道）", 30, noun="镇（街道）")]
    circular.previous = [PeriodScores("2021年1月", {"镇（街道）": scores([31, 29])}, relation="环比")]
    paragraphs = summary_paragraphs(circular)
    assert paragraphs[0].startswith("2021年2月，共检查44个单位")
    assert "共发布各类信息120条。" in paragraphs[0]
    assert paragraphs[1] == "得分30分以上的镇（街道）有5个，环比增加4个。"


def test_problem_paragraphs_number_kinds_in_chinese():
    paragraphs = problem_paragraphs([ProblemKind("栏目更新不及时", 12, "部分栏目长期未更新。", ["A栏目", "B栏目"]),
                                     ProblemKind("错别字", 3)])  # fmt: skip
    assert paragraphs == [
        ("（一）栏目更新不及时（共12处）。", "部分栏目长期未更新。如：A栏目；B栏目。"),
        ("（二）错别字（共3处）。", ""),
    ]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "文物局页面链接“会议材料.docx”无法打开:http://127.0.0.1:37087/files/P0201_1.docx,服务器返回错误(HTTP 404)。"
            "请修复或删除该链接。",
            "文物局页面链接“会议材料.docx”无法打开，服务器返回错误（HTTP 404）",
        ),
        ("公安局网站不支持 HTTPS 访问(https://127.0.0.1/ 无法建立连接),请部署有效证书并启用 HTTPS。",
         "公安局网站不支持 HTTPS 访问（无法建立连接）"),
        ("社保中心页面公开了公民身份号码（410381********4108），属于个人隐私，请删除或作脱敏处理",
         "社保中心页面公开了公民身份号码（410381********4108），属于个人隐私"),
        ("统计局网站页脚缺少网站标识码、ICP 备案号,请在页脚补充或更正。", "统计局网站页脚缺少网站标识码、ICP 备案号"),
        # numbers keep their marks; 依申请公开 is not a remedy clause
        ("某局发布 1,000 条，10:30 更新依申请公开目录。", "某局发布 1,000 条，10:30 更新依申请公开目录"),
    ],
)  # fmt: skip
def test_brief_writes_examples_as_an_official_document_does(message, expected):
    assert brief(message) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("页面链接“附件”无法打开:http://x.cn/a,b.pdf?id=1;2,服务器返回错误(HTTP 404)。请修复或删除该链接。",
         "页面链接“附件”无法打开：http://x.cn/a，b.pdf?id=1;2，服务器返回错误（HTTP 404）。请修复或删除该链接。"),
        ("网站不支持 HTTPS 访问(https://127.0.0.1/ 无法建立连接),请部署有效证书。",
         "网站不支持 HTTPS 访问（https://127.0.0.1/ 无法建立连接），请部署有效证书。"),
        ("发布 1,000 条，10:30 更新", "发布 1,000 条，10:30 更新"),
    ],
)  # fmt: skip
def test_official_punctuation_keeps_urls_and_numbers(message, expected):
    """The problem list and the notices show messages whole, URLs included, with full-width marks.
    (A comma inside a URL ends it: URLs with commas are rare on government sites, a comma after
    one is common in the messages.)"""
    assert official_punctuation(message) == expected


def test_problem_paragraph_has_no_urls_and_no_doubled_marks():
    messages = [
        "统计局栏目“通知公告”没有任何信息，属于空白栏目，请补充内容。",
        "交通局页面图片“现场”无法打开:http://x.gov.cn/a.jpg,服务器返回错误(HTTP 404)。请修复或删除该图片。",
    ]
    ((_, text),) = problem_paragraphs([ProblemKind("空白栏目", 2, "共涉及2个单位。", messages)])
    assert text == ("共涉及2个单位。如：统计局栏目“通知公告”没有任何信息，属于空白栏目；"
                    "交通局页面图片“现场”无法打开，服务器返回错误（HTTP 404）。")  # fmt: skip
    assert "http" not in text and "。。" not in text and "。；" not in text


def test_deadline_sentence_points_to_problem_list():
    assert (
        deadline_sentence(full_circular())
        == "请相关单位对照问题清单（附件3）逐项整改，于2021年3月31日前整改到位。"
    )
    assert deadline_sentence(seed000_circular()) == ""


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五")])
def test_chinese_ordinal(n, text):
    assert chinese_ordinal(n) == text


def test_formatting_helpers():
    assert format_number(20.5) == "20.5"
    assert format_number(19.0) == "19"
    assert format_number(None) == ""
    assert chinese_date(date(2021, 3, 8)) == "2021年3月8日"
    assert join_names(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert join_names(["甲"]) == "甲"


def test_unknown_column_is_a_chinese_error():
    table = RankedTable("表", "类", ["名称", "分"], [["甲", 1]])
    with pytest.raises(Exception, match="没有名为“单位名称”的列"):
        table.scores()


@given(
    st.lists(st.integers(min_value=0, max_value=20), min_size=2, max_size=30),
    st.integers(1, 3),
    st.integers(1, 3),
)
def test_best_and_worst_never_overlap_and_hold_the_extremes(values, best_count, worst_count):
    rows = [[f"单位{i}", v] for i, v in enumerate(values)]
    table = RankedTable("表", "类", ["单位名称", "总分"], rows)
    best = best_units(table, best_count)
    worst = worst_units(table, worst_count, exclude=best)
    assert not set(best) & set(worst)
    top = max(values)
    assert {f"单位{i}" for i, v in enumerate(values) if v == top} <= set(best)
    bottom = {f"单位{i}" for i, v in enumerate(values) if v == min(values)}
    assert bottom - set(best) <= set(worst)


def test_capped_names_say_how_many_in_all():
    from gongkai.reports.summary import capped_names

    names = [f"单位{i}" for i in range(27)]
    assert capped_names(names, 5) == "单位0、单位1、单位2、单位3、单位4等27个单位"
    assert capped_names(names[:5], 5) == "、".join(names[:5])
    assert capped_names(names, None) == capped_names(names, 0) == "、".join(names)


def test_best_and_worst_follow_the_rank_column_so_a_vetoed_unit_is_never_best():
    # 丁 was vetoed: its 95 would be the best score, but it is ranked after everybody else
    rows = [["甲", 90, 1], ["乙", 80, 2], ["丙", 80, 2], ["戊", 60, 3], ["丁", 95, 4]]
    table = RankedTable("表", "部门", ["单位名称", "总分", "排名"], rows, rank_column="排名")
    assert best_units(table, 1) == ["甲"]
    assert worst_units(table, 1) == ["丁"]
    assert best_units(table, 2) == ["甲", "乙", "丙"]  # the tie at rank 2 comes along
    assert (
        best_worst_sentence([table], 2, 1, cap=2)
        == "表现较好的单位有：甲、乙等3个单位；表现较差的单位有：丁。"
    )
    # without a rank column the scores decide, as before
    plain = RankedTable("表", "部门", ["单位名称", "总分", "排名"], rows)
    assert best_units(plain, 1) == ["丁"]


def test_many_ties_are_capped_in_the_circular_summary():
    circular = seed000_circular()
    for row in circular.tables[0].rows:
        row[-1] = 50  # all 31 市直单位 tie
    circular.names_cap = 3
    first = summary_paragraphs(circular)[0]
    assert "表现较好的单位有：教育体育局、公安局、交通运输局等31个单位和商城街道、首阳山街道；" in first
