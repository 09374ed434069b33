"""Layout helpers: title line breaks and table column widths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.reports.formatting import display_width
from gongkai.reports.gbt9704 import TEXT_WIDTH_TWIPS, column_widths, title_lines


def test_seed002_title_breaks_where_the_seed_breaks_it():
    # Seed 002 prints: 商南县人民政府办公室 关于 2021 年二季度县政府网站信息报送及 采用情况的通报
    assert title_lines("商南县人民政府办公室关于2021年二季度县政府网站信息报送及采用情况的通报") == [
        "商南县人民政府办公室关于",
        "2021年二季度县政府网站信息报送及",
        "采用情况的通报",
    ]


def test_short_titles_stay_on_one_line():
    assert title_lines("关于政务公开工作的通报") == ["关于政务公开工作的通报"]


@given(st.text(alphabet="政务公开网站信息2021年月的和关于情况通报工作", min_size=1, max_size=80))
def test_title_lines_keep_every_character_and_fit(title):
    lines = title_lines(title)
    assert "".join(lines) == title
    assert all(display_width(line) <= 20 for line in lines)


def test_column_widths_fill_the_line_and_favour_long_columns():
    header = ["序号", "单位名称", "问题描述", "网址", "整改时限"]
    rows = [
        [
            "1",
            "统计局",
            "“统计数据”栏目连续两个月没有更新，部分链接无法打开" * 2,
            "http://x.gov.cn/a",
            "2021年3月31日",
        ]
    ]
    widths = column_widths(rows, header)
    assert sum(widths) == TEXT_WIDTH_TWIPS
    assert widths[2] == max(widths) and widths[2] / 240 >= 12
    assert widths[1] / 240 >= display_width("统计局") + 1  # a short name is not broken


def test_short_columns_stay_on_one_line_when_there_is_room():
    header = ["单位名称", "总分", "排名", "整改时限"]
    rows = [["人力资源和社会保障局", "98.5", "1", "2021年3月31日"]]
    widths = [w / 240 for w in column_widths(rows, header)]
    assert widths[0] >= display_width("人力资源和社会保障局") + 1
    assert widths[3] >= display_width("2021年3月31日") + 1


def test_a_problem_list_with_long_urls_wraps_names_and_dates_not_the_descriptions():
    header = ["序号", "单位名称", "问题描述", "网址", "整改时限"]
    rows = [["12", "人力资源和社会保障局", "网站不支持 HTTPS 访问，请部署有效证书并启用 HTTPS。" * 2,
             "http://www.example.gov.cn/zcwj/t20260828_1029.html", "2026年12月17日"]]  # fmt: skip
    widths = [w / 240 for w in column_widths(rows, header)]  # characters of 12 pt
    assert sum(widths) * 240 == pytest.approx(TEXT_WIDTH_TWIPS, abs=1)
    # descriptions and URLs share what is left (before: 8.3 characters for every column but 序号)
    assert min(widths[2], widths[3]) >= 9 and max(widths[0], widths[1], widths[4]) < 8
    assert widths[4] < display_width("2026年12月17日") + 1  # the date goes onto two lines
    assert widths[4] >= 6  # …of about 5 characters each ("2026年", "12月17日"), which fit
