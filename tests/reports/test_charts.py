"""Charts: a real CJK font is found and used, labels have glyphs, PNGs are real pictures."""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pytest
from matplotlib import font_manager
from PIL import Image

from gongkai.reports import PeriodScores, ReportError
from gongkai.reports.charts import (
    circular_charts,
    find_cjk_font,
    missing_glyphs,
    problems_figure,
    score_distribution_figure,
    to_png,
    trend_figure,
)
from tests.reports.conftest import full_circular


def with_previous():
    circular = full_circular()
    circular.previous = [
        PeriodScores("2020年12月", {"市直单位": {"甲": 20, "乙": 24}, "镇（街道）": {"丙": 22}}, "环比"),
        PeriodScores("2021年1月", {"市直单位": {"甲": 22, "乙": 30}, "镇（街道）": {"丙": 25}}, "环比"),
    ]
    return circular


def test_cjk_font_comes_from_a_package_and_covers_chinese():
    font = find_cjk_font()
    assert font.path.is_file() and str(font.path).startswith("/usr/share/fonts/")
    assert not missing_glyphs(
        font.path, font.family, "政务公开各类单位得分分布镇（街道）市直单位发现问题类型统计"
    )


def test_a_latin_font_is_detected_as_lacking_chinese():
    dejavu = font_manager.findfont("DejaVu Sans")
    assert missing_glyphs(dejavu, "DejaVu Sans", "得分a") == {"得", "分"}


@pytest.mark.parametrize("build", [score_distribution_figure, trend_figure, problems_figure])
def test_every_text_of_every_chart_uses_the_cjk_font(build):
    font = find_cjk_font()
    figure = build(with_previous())
    texts = [t for t in figure.findobj(matplotlib.text.Text) if t.get_text().strip()]
    assert any(any(ord(ch) > 0x3000 for ch in t.get_text()) for t in texts)
    for text in texts:
        path = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
        assert str(path) == str(font.path), text.get_text()
        assert not missing_glyphs(font.path, font.family, text.get_text()), text.get_text()


def test_pngs_are_pictures_with_ink():
    charts = circular_charts(with_previous())
    assert list(charts) == ["score_distribution", "trend", "problems"]
    assert [caption for caption, _ in charts.values()] == [
        "图1 各类单位得分分布",
        "图2 各期平均得分趋势",
        "图3 发现问题类型统计",
    ]
    for _, png in charts.values():
        image = Image.open(io.BytesIO(png)).convert("L")
        assert image.size[0] >= 1000
        dark = (np.asarray(image) < 128).sum()
        assert dark > image.size[0] * image.size[1] * 0.005


def test_labels_without_glyphs_are_refused():
    circular = full_circular()
    circular.tables[0].category = "𐎀𐎁"  # Ugaritic: in no CJK font
    with pytest.raises(ReportError, match="缺少以下汉字的字形"):
        to_png(score_distribution_figure(circular))


def test_charts_drawn_from_two_threads_keep_the_cjk_font():
    """Web requests draw charts in parallel; each must still use the CJK font (a regression: the
    global rc_context of one thread used to restore DejaVu Sans under the other)."""
    import threading
    import warnings

    from gongkai.reports.charts import circular_charts
    from gongkai.reports.sample import seed000_circular

    circular = seed000_circular()
    caught: list[str] = []

    def draw() -> None:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            for _ in range(3):
                circular_charts(circular)
        caught.extend(str(w.message) for w in seen if "missing from font" in str(w.message))

    threads = [threading.Thread(target=draw) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert caught == []
