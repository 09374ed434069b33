"""The circular .docx opened with python-docx: content, order, fonts, page setup, tables."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from gongkai.reports import ReportError, gbt9704
from gongkai.reports.circular_docx import Chart, render_circular
from gongkai.reports.template_paths import CIRCULAR_TEMPLATE
from tests.reports.conftest import NOTE, SEED000_CITY, SEED000_COLUMNS, SEED000_TOWNS, full_circular


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    return render_circular(full_circular(), tmp_path_factory.mktemp("docx") / "circular.docx")


@pytest.fixture(scope="module")
def document(rendered):
    return docx.Document(rendered)


def body_blocks(document):
    """Paragraphs and tables in document order."""
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            yield Table(child, document)


def test_page_setup_is_gbt9704(document):
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    # 22 lines in the 225 mm text area.
    assert int(grid.get(qn("w:linePitch"))) == 579
    pitch_mm = 579 / 20 * 25.4 / 72
    assert 22 * pitch_mm <= 225 < 23 * pitch_mm


def test_fonts_sizes_and_line_spacing(document):
    styles = document.styles
    expect = {
        gbt9704.STYLE_TITLE: ("方正小标宋简体", 22),
        gbt9704.STYLE_ATTACHMENT_TITLE: ("方正小标宋简体", 22),
        gbt9704.STYLE_BODY: ("仿宋_GB2312", 16),
        "Heading 1": ("黑体", 16),
        "Heading 2": ("楷体", 16),
        gbt9704.STYLE_HEADING2_RUN: ("楷体", 16),
        gbt9704.STYLE_PAGE_NUMBER: ("宋体", 14),
    }
    for name, (font, size) in expect.items():
        style = styles[name]
        assert gbt9704.east_asia_font(style) == font, name
        assert style.font.size.pt == size, name
    body = styles[gbt9704.STYLE_BODY].paragraph_format
    assert body.line_spacing.pt == pytest.approx(28.95)
    assert body.first_line_indent.pt == 32  # two characters of 3号
    # 28 characters of 16 pt condensed by the style's character spacing fit the 156 mm line.
    spacing = int(styles["Normal"].element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + spacing) <= 156 / 25.4 * 72 < 29 * (16 + spacing)


def test_title_font_falls_back_to_songti(rendered):
    with zipfile.ZipFile(rendered) as package:
        font_table = package.read("word/fontTable.xml").decode()
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in font_table


def test_heading_block_and_section_order(document):
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    assert texts[0] == (gbt9704.STYLE_OFFICE, "偃师市人民政府办公室")
    assert texts[1] == (gbt9704.STYLE_NUMBER, "政务信息公开工作（2021年第3期）")
    assert texts[2] == (gbt9704.STYLE_TITLE, "2021年2月政府网站管理和\n政务信息公开工作情况通报")
    assert texts[3] == (gbt9704.STYLE_RECIPIENTS, "各镇（街道），市政府相关部门及有关单位：")
    headings = [text for style, text in texts if style == "Heading 1"]
    assert headings == ["一、总体情况", "二、存在的问题", "三、整改要求"]
    labels = [text for style, text in texts if style == gbt9704.STYLE_ATTACHMENT_LABEL]
    assert labels == ["附件1", "附件2", "附件3"]
    plain = [text for _, text in texts]
    assert plain.index("附件：1．2021年2月份市直单位网站管理和政务信息公开情况") < plain.index(
        "偃师市人民政府办公室", 1
    )
    assert "　　　" not in "".join(plain)
    assert plain[-2:] == [
        "抄送：市委、市政府有关领导，市委办、政府办领导。",
        "偃师市人民政府办公室\t2021年3月18日印发",
    ]
    assert "（此件公开发布）" in plain


def test_run_in_headings_use_kaiti(document):
    paragraph = next(p for p in document.paragraphs if p.text.startswith("（一）栏目更新不及时"))
    lead, rest = paragraph.runs[0], paragraph.runs[1]
    assert lead.text == "（一）栏目更新不及时（共12处）。"
    assert lead.style.name == gbt9704.STYLE_HEADING2_RUN
    assert rest.text.startswith("部分单位未按更新周期更新栏目。如：统计局")
    requirement = next(p for p in document.paragraphs if p.text.startswith("（一）关于政务公开考核工作。"))
    assert requirement.runs[0].text == "（一）关于政务公开考核工作。"


def table_rows(table: Table) -> list[tuple[str, ...]]:
    return [tuple(cell.text for cell in row.cells) for row in table.rows]


def test_seed000_attachment_tables_row_by_row(document):
    tables = document.tables
    assert len(tables) == 3
    for table, expected in ((tables[0], SEED000_CITY), (tables[1], SEED000_TOWNS)):
        rows = table_rows(table)
        assert rows[0] == tuple(SEED000_COLUMNS)
        assert rows[1:] == expected


def test_header_rows_repeat_and_layout_is_fixed(document):
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        assert all(
            row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:]
        )
        widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
        assert len(widths) == len(table.columns)
        assert sum(widths) == gbt9704.TEXT_WIDTH_TWIPS
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    # The unit-name column is wider than the score columns.
    city = [int(c.get(qn("w:w"))) for c in document.tables[0]._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    assert city[0] == max(city)


def test_notes_follow_their_table(document):
    blocks = list(body_blocks(document))
    first_table = next(i for i, b in enumerate(blocks) if isinstance(b, Table))
    after = blocks[first_table + 1]
    assert isinstance(after, Paragraph) and after.text == NOTE
    assert after.style.name == gbt9704.STYLE_TABLE_NOTE
    assert sum(1 for b in blocks if isinstance(b, Paragraph) and b.text == NOTE) == 1


def test_problem_list_has_urls_and_deadlines(document):
    rows = table_rows(document.tables[2])
    assert rows[0] == ("序号", "单位名称", "问题描述", "网址", "整改时限")
    assert rows[1] == (
        "1",
        "统计局",
        "2月份政务信息公开得分为0分，本单位网页未发布政务信息",
        "",
        "2021年3月31日",
    )
    assert rows[-1] == (
        "6",
        "统计局",
        "“统计数据”栏目2个月未更新",
        "http://www.ys.gov.cn/tjj/tjsj/",
        "2021年3月25日",
    )


def test_page_numbers_with_dashes_on_odd_and_even_pages(document):
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
        assert xml.count('w:fldCharType="begin"') == 1 and xml.count('w:fldCharType="end"') == 1
        text = footer.paragraphs[0].text
        assert text.startswith("— ") and text.endswith(" —")
    assert section.footer.paragraphs[0].alignment == 2  # right on odd pages
    assert section.even_page_footer.paragraphs[0].alignment == 0  # left on even pages


def test_charts_are_embedded_on_request(tmp_path):
    from gongkai.reports.charts import circular_charts

    charts = [Chart(caption, png) for caption, png in circular_charts(full_circular()).values()]
    path = render_circular(full_circular(), tmp_path / "with-charts.docx", charts=charts)
    document = docx.Document(path)
    assert len(document.inline_shapes) == len(charts) == 2
    captions = [p.text for p in document.paragraphs if p.style.name == gbt9704.STYLE_CAPTION]
    assert captions == ["图1 各类单位得分分布", "图2 发现问题类型统计"]


def test_supervisor_template_replaces_the_default(tmp_path):
    edited = docx.Document(CIRCULAR_TEMPLATE)
    edited.styles[gbt9704.STYLE_BODY].font.size = docx.shared.Pt(15)
    edited.paragraphs[0].insert_paragraph_before("（本模板由督查科修改）")
    template = tmp_path / "mine.docx"
    edited.save(template)
    out = docx.Document(render_circular(full_circular(), tmp_path / "out.docx", template=template))
    assert out.paragraphs[0].text == "（本模板由督查科修改）"
    assert out.styles[gbt9704.STYLE_BODY].font.size.pt == 15


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{{ title ", "占位符写法有误"),
        ("{{ 不存在的字段 }}", "通报数据中没有的字段"),
        ("{% for x in title %}", "占位符写法有误"),
    ],
)
def test_broken_template_gives_chinese_error(tmp_path, content, message):
    broken = docx.Document(CIRCULAR_TEMPLATE)
    broken.add_paragraph(content)
    template = tmp_path / "broken.docx"
    broken.save(template)
    with pytest.raises(ReportError, match=message):
        render_circular(full_circular(), tmp_path / "out.docx", template=template)


def test_not_a_docx_gives_chinese_error(tmp_path):
    fake = tmp_path / "通报模板.docx"
    fake.write_bytes(b"this is not a zip file")
    with pytest.raises(ReportError, match="不是有效的 Word（.docx）文件"):
        render_circular(full_circular(), tmp_path / "out.docx", template=fake)
    with pytest.raises(ReportError, match="找不到模板文件"):
        render_circular(full_circular(), tmp_path / "out.docx", template=tmp_path / "missing.docx")


def test_default_template_is_reproducible(tmp_path):
    """The committed template is what make_template builds (compare the XML, not zip timestamps)."""
    from gongkai.reports.make_template import write_templates

    for fresh in write_templates(tmp_path):
        committed = CIRCULAR_TEMPLATE.parent / fresh.name
        with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(committed) as b:
            for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/fontTable.xml"):
                if name in a.namelist():
                    assert a.read(name) == b.read(name), (
                        f"{fresh.name}:{name} 与仓库中的模板不同，请运行 make_template"
                    )
