"""Layout helpers: title line breaks and table column widths."""

from __future__ import annotations

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
    assert widths[2] == max(widths)
    # The date column is wide enough for "2021年3月31日" on one line at 12 pt.
    assert widths[4] / 240 >= display_width("2021年3月31日") + 1
