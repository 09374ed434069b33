"""Rectification notices per unit."""

from __future__ import annotations

import io

import docx
import pytest

from gongkai.reports import ReportError, UnitProblem, gbt9704
from gongkai.reports.notice import render_notice, render_notices
from tests.reports.conftest import full_circular


def test_one_notice_per_unit_with_its_problems(tmp_path):
    circular = full_circular()
    paths = render_notices(circular, tmp_path)
    assert list(paths) == ["统计局", "社保中心", "金融工作局", "城市管理局", "邙岭镇"]
    document = docx.Document(paths["统计局"])
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "偃师市人民政府办公室"
    assert texts[1].replace("\n", "") == "关于统计局2021年2月政务公开问题整改的通知"
    assert texts[2] == "统计局："
    assert texts[3] == (
        "根据2021年2月政府网站和政务公开检查情况，你单位存在以下2个问题。"
        "请对照逐项整改，于2021年3月31日前整改到位，并将整改情况书面报送偃师市人民政府办公室。"
    )
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows == [
        ["序号", "问题描述", "网址", "整改时限"],
        ["1", "2月份政务信息公开得分为0分，本单位网页未发布政务信息", "", "2021年3月31日"],
        ["2", "“统计数据”栏目2个月未更新", "http://www.ys.gov.cn/tjj/tjsj/", "2021年3月25日"],
    ]
    assert document.tables[0].rows[0]._tr.trPr is not None
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert gbt9704.east_asia_font(document.styles[gbt9704.STYLE_BODY]) == "仿宋_GB2312"


def test_unit_without_problems_is_refused(tmp_path):
    with pytest.raises(ReportError, match="没有问题记录"):
        render_notice(full_circular(), "教育体育局", tmp_path / "x.docx")


def test_units_whose_names_clash_as_file_names_get_two_files(tmp_path):
    circular = full_circular()
    circular.unit_problems = [
        UnitProblem("统计局/一", "栏目未更新"),
        UnitProblem("统计局:一", "链接无法打开"),
    ]
    paths = render_notices(circular, tmp_path)
    assert len({p.name for p in paths.values()}) == 2
    for unit, problem in (("统计局/一", "栏目未更新"), ("统计局:一", "链接无法打开")):
        cells = [c.text for row in docx.Document(paths[unit]).tables[0].rows for c in row.cells]
        assert problem in cells and len(cells) == 8  # header + its one problem


def test_a_problem_with_a_screenshot_gets_it_printed_with_its_caption(tmp_path):
    from docx.shared import Mm
    from PIL import Image

    from tests.evidence_files import screenshot_png

    shot = tmp_path / "k1.png"
    shot.write_bytes(screenshot_png())  # 640 × 1600: cut to 640 × 832 around the outlined box
    circular = full_circular()
    circular.unit_problems = [
        UnitProblem("统计局", "栏目未更新"),
        UnitProblem(
            "统计局",
            "严重表述错误：国名写错",
            "http://www.ys.gov.cn/tjj/a0.html",
            screenshot=str(shot),
            screenshot_box={"x": 40, "y": 1200, "width": 300, "height": 40},
            sha256="ab" * 32,
            fetched_at="2026-11-20 10:30:05",
        ),
        UnitProblem("统计局", "首页链接不可用", screenshot=str(tmp_path / "gone.png"), sha256="cd" * 32),
    ]
    path = render_notice(circular, "统计局", tmp_path / "notice.docx")
    document = docx.Document(path)
    [picture] = document.inline_shapes
    assert round(picture.width.mm) == 140 and picture.width == Mm(140)
    assert round(picture.height.mm) == round(140 * 832 / 640)
    blip = picture._inline.graphic.graphicData.pic.blipFill.blip
    image = Image.open(io.BytesIO(document.part.related_parts[blip.embed].blob))
    assert image.size == (640, 832)
    # the cut is the lowest 832 pixels (centred on the box it would pass the bottom): the outline is in
    assert image.getpixel((40, 1200 - (1600 - 832))) == (255, 0, 0)
    assert image.getpixel((5, 0)) == (255, 255, 255)
    texts = [p.text for p in document.paragraphs]
    assert f"问题2证据截图（抓取时间 2026-11-20 10:30:05，SHA-256 {'ab' * 32}）" in texts
    assert not any(t.startswith(("问题1证据截图", "问题3证据截图")) for t in texts)  # none / file gone
    figure = next(p for p in document.paragraphs if p._p.xpath(".//wp:inline"))
    assert figure.style.name == gbt9704.STYLE_FIGURE
    # the picture follows the problem table
    body = list(document.element.body.iterchildren())
    assert body.index(document.tables[0]._tbl) < body.index(figure._p)


def test_a_notice_without_screenshots_has_no_picture(tmp_path):
    document = docx.Document(render_notice(full_circular(), "统计局", tmp_path / "n.docx"))
    assert len(document.inline_shapes) == 0
    assert not any("证据截图" in p.text for p in document.paragraphs)


def test_a_damaged_screenshot_is_left_out(tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not an image")
    circular = full_circular()
    circular.unit_problems = [UnitProblem("统计局", "栏目未更新", screenshot=str(bad))]
    document = docx.Document(render_notice(circular, "统计局", tmp_path / "n.docx"))
    assert len(document.inline_shapes) == 0
