"""Build the default Word templates under ``templates/`` from code, so they are reproducible.

Run ``python -m gongkai.reports.make_template`` after changing the format; the .docx files it
writes are committed. A supervisor may open them in Word, restyle them (the style names are
Chinese: 公文正文, 附件标题 …), keep the ``{{ … }}`` placeholders, and upload the result.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from gongkai.reports import gbt9704 as g
from gongkai.reports.template_paths import (
    BULLETIN_TEMPLATE,
    CIRCULAR_TEMPLATE,
    NOTICE_TEMPLATE,
    TEMPLATES_DIR,
)


def _new_document() -> Document:
    doc = docx.Document()
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    g.setup_page(doc)
    g.setup_styles(doc)
    g.setup_page_numbers(doc)
    g.register_font_fallbacks(doc)
    doc.core_properties.author = "gongkai"
    doc.core_properties.title = "政务公开通报模板"
    return doc


def _p(doc: Document, text: str, style: str):
    return doc.add_paragraph(text, style=style)


def _set_borders(table) -> None:
    borders = g.put_child(table._tbl.tblPr, "tblBorders", g.TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)


def _loop_table(doc: Document, header: list[str], body: list[str], row_loop: str) -> None:
    """A table whose first row repeats on every page and whose body rows loop over ``row_loop``.

    ``header`` and ``body`` are the texts of the cells of the header row and of the body row;
    the row loop adds one row before and one after the body row (docxtpl's ``{%tr %}``).
    """
    table = doc.add_table(rows=4, cols=len(header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_borders(table)
    rows = table.rows
    for cell, text in zip(rows[0].cells, header, strict=True):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles[g.STYLE_TABLE_HEADER]
    rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    rows[1].cells[0].paragraphs[0].text = "{%tr for row in " + row_loop + " %}"
    for cell, text in zip(rows[2].cells, body, strict=True):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles[g.STYLE_TABLE_TEXT]
    rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"


def _heading_block(doc: Document) -> None:
    _p(doc, "{{ issuing_office }}", g.STYLE_OFFICE)
    _p(doc, "{{ document_number }}", g.STYLE_NUMBER)
    _p(doc, "{{ title }}", g.STYLE_TITLE)
    _p(doc, "{{ recipients }}：", g.STYLE_RECIPIENTS)


def _signature_block(doc: Document) -> None:
    _p(doc, "", g.STYLE_BODY)
    _p(doc, "{{ signature_office }}", g.STYLE_SIGNATURE)
    _p(doc, "{{ signature_date }}", g.STYLE_SIGNATURE)


def _items(doc: Document, loop: str) -> None:
    """Paragraphs with an optional run-in second-level heading in 楷体 (seeds 001–003)."""
    _p(doc, "{%p for item in " + loop + " %}", g.STYLE_BODY)
    paragraph = doc.add_paragraph(style=g.STYLE_BODY)
    paragraph.add_run("{{ item.lead }}", style=g.STYLE_HEADING2_RUN)
    paragraph.add_run("{{ item.text }}")
    _p(doc, "{%p endfor %}", g.STYLE_BODY)


def _colophon(doc: Document) -> None:
    """版记: 抄送 line and 印发机关 … 印发日期 on one line, the date flush right."""
    _p(doc, "{%p if cc %}", g.STYLE_BODY)
    _p(doc, "抄送：{{ cc }}。", g.STYLE_COLOPHON)
    _p(doc, "{%p endif %}", g.STYLE_BODY)
    last = doc.add_paragraph(style=g.STYLE_COLOPHON_LAST)
    last.paragraph_format.tab_stops.add_tab_stop(
        Twips(g.TEXT_WIDTH_TWIPS - 2 * g.NOTE_PT * 20), WD_TAB_ALIGNMENT.RIGHT
    )
    last.add_run("{{ printer }}")
    last.add_run().add_tab()
    last.add_run("{{ print_date }}印发")


def _body(doc: Document, *, contact: bool = True) -> None:
    """Intro, numbered sections with charts, contact line (document form) and the 附件 lines."""
    _p(doc, "{%p for para in intro %}", g.STYLE_BODY)
    _p(doc, "{{ para }}", g.STYLE_BODY)
    _p(doc, "{%p endfor %}", g.STYLE_BODY)
    _p(doc, "{%p for section in sections %}", g.STYLE_BODY)
    _p(doc, "{{ section.heading }}", g.STYLE_HEADING1)
    _items(doc, "section.paragraphs")
    _p(doc, "{%p for chart in section.charts %}", g.STYLE_BODY)
    _p(doc, "{{ chart.image }}", g.STYLE_FIGURE)
    _p(doc, "{{ chart.caption }}", g.STYLE_CAPTION)
    _p(doc, "{%p endfor %}", g.STYLE_BODY)
    _p(doc, "{%p endfor %}", g.STYLE_BODY)
    if contact:
        _p(doc, "{%p if contact %}", g.STYLE_BODY)
        _p(doc, "{{ contact }}", g.STYLE_BODY)
        _p(doc, "{%p endif %}", g.STYLE_BODY)
    _p(doc, "{%p if attachment_lines %}", g.STYLE_BODY)
    _p(doc, "", g.STYLE_BODY)
    _p(doc, "附件：{{ attachment_lines[0] }}", g.STYLE_ATTACHMENT_NOTE_FIRST)
    _p(doc, "{%p for line in attachment_lines[1:] %}", g.STYLE_BODY)
    _p(doc, "{{ line }}", g.STYLE_ATTACHMENT_NOTE)
    _p(doc, "{%p endfor %}", g.STYLE_BODY)
    _p(doc, "{%p endif %}", g.STYLE_BODY)


def _attachments(doc: Document) -> None:
    """One ranked table per attachment, then the problem list."""
    _p(doc, "{%p for att in tables %}", g.STYLE_BODY)
    _p(doc, "附件{{ att.number }}", g.STYLE_ATTACHMENT_LABEL)
    _p(doc, "{{ att.title }}", g.STYLE_ATTACHMENT_TITLE)
    table = doc.add_table(rows=4, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_borders(table)
    # docxtpl's {%tc %} loops make one column per entry of att.columns / row.
    for row_index, texts, style in (
        (0, ("{%tc for column in att.columns %}", "{{ column }}", "{%tc endfor %}"), g.STYLE_TABLE_HEADER),
        (2, ("{%tc for value in row %}", "{{ value }}", "{%tc endfor %}"), g.STYLE_TABLE_TEXT),
    ):
        for cell, text in zip(table.rows[row_index].cells, texts, strict=True):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = doc.styles[style]
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for row in att.rows %}"
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    _p(doc, "{%p for note in att.notes %}", g.STYLE_BODY)
    _p(doc, "{{ note }}", g.STYLE_TABLE_NOTE)
    _p(doc, "{%p endfor %}", g.STYLE_BODY)
    _p(doc, "{%p endfor %}", g.STYLE_BODY)

    _p(doc, "{%p if problem_list %}", g.STYLE_BODY)
    _p(doc, "附件{{ problem_list.number }}", g.STYLE_ATTACHMENT_LABEL)
    _p(doc, "{{ problem_list.title }}", g.STYLE_ATTACHMENT_TITLE)
    _loop_table(
        doc,
        ["序号", "单位名称", "问题描述", "网址", "整改时限"],
        ["{{ row.number }}", "{{ row.unit }}", "{{ row.problem }}", "{{ row.url }}", "{{ row.deadline }}"],
        "problem_list.rows",
    )
    _p(doc, "{%p endif %}", g.STYLE_BODY)


def build_circular_template() -> Document:
    """The circular: heading block, sections, attachments with ranked tables, problem list, 版记."""
    doc = _new_document()
    _heading_block(doc)
    _body(doc)
    _signature_block(doc)
    _p(doc, "{%p if disclosure_note %}", g.STYLE_BODY)
    _p(doc, "（{{ disclosure_note }}）", g.STYLE_BODY)
    _p(doc, "{%p endif %}", g.STYLE_BODY)
    _attachments(doc)
    _colophon(doc)
    return doc


def _bulletin_header(doc: Document) -> None:
    """内部资料 / 注意保存, the bulletin's name, （2021年第3期）, office and date over a red rule."""
    _p(doc, "{%p for mark in bulletin.marks %}", g.STYLE_BODY)
    _p(doc, "{{ mark }}", g.STYLE_BULLETIN_MARK)
    _p(doc, "{%p endfor %}", g.STYLE_BODY)
    _p(doc, "{{ bulletin.name }}", g.STYLE_BULLETIN_NAME)
    _p(doc, "（{{ bulletin.issue }}）", g.STYLE_BULLETIN_ISSUE)
    line = doc.add_paragraph(style=g.STYLE_BULLETIN_LINE)
    line.paragraph_format.tab_stops.add_tab_stop(Twips(g.TEXT_WIDTH_TWIPS), WD_TAB_ALIGNMENT.RIGHT)
    line.add_run("{{ issuing_office }}")
    line.add_run().add_tab()
    line.add_run("{{ print_date }}")
    _p(doc, "{{ title }}", g.STYLE_TITLE)


def _bulletin_end(doc: Document) -> None:
    """送 and 发 between rules (as the 版记), then 签发 / 审核 / 责任编辑 and the contact line."""
    _p(doc, "{%p if bulletin.send_to %}", g.STYLE_BODY)
    _p(doc, "送：{{ bulletin.send_to }}。", g.STYLE_COLOPHON)
    _p(doc, "{%p endif %}", g.STYLE_BODY)
    _p(doc, "{%p if bulletin.distribute_to %}", g.STYLE_BODY)
    _p(doc, "发：{{ bulletin.distribute_to }}。", g.STYLE_COLOPHON_LAST)
    _p(doc, "{%p endif %}", g.STYLE_BODY)
    _p(doc, "{%p if bulletin.editors %}", g.STYLE_BODY)
    _p(doc, "{{ bulletin.editors }}", g.STYLE_BULLETIN_END)
    _p(doc, "{%p endif %}", g.STYLE_BODY)
    _p(doc, "{%p if contact %}", g.STYLE_BODY)
    _p(doc, "{{ contact }}", g.STYLE_BULLETIN_END)
    _p(doc, "{%p endif %}", g.STYLE_BODY)


def build_bulletin_template() -> Document:
    """The bulletin form (seed 000): header block, the same body and attachments, end block."""
    doc = _new_document()
    doc.core_properties.title = "政务公开简报模板"
    _bulletin_header(doc)
    _body(doc, contact=False)
    _p(doc, "{%p if disclosure_note %}", g.STYLE_BODY)
    _p(doc, "（{{ disclosure_note }}）", g.STYLE_BODY)
    _p(doc, "{%p endif %}", g.STYLE_BODY)
    _attachments(doc)
    _bulletin_end(doc)
    return doc


def build_notice_template() -> Document:
    """The rectification notice to one unit: its problems, the deadline, who to report to."""
    doc = _new_document()
    doc.core_properties.title = "整改通知模板"
    _heading_block(doc)
    _p(doc, "{%p for para in body %}", g.STYLE_BODY)
    _p(doc, "{{ para }}", g.STYLE_BODY)
    _p(doc, "{%p endfor %}", g.STYLE_BODY)
    _loop_table(
        doc,
        ["序号", "问题描述", "网址", "整改时限"],
        ["{{ row.number }}", "{{ row.problem }}", "{{ row.url }}", "{{ row.deadline }}"],
        "rows",
    )
    _p(doc, "{%p for shot in screenshots %}", g.STYLE_BODY)
    _p(doc, "{{ shot.image }}", g.STYLE_FIGURE)
    _p(doc, "{{ shot.caption }}", g.STYLE_CAPTION)
    _p(doc, "{%p endfor %}", g.STYLE_BODY)
    _p(doc, "{%p if contact %}", g.STYLE_BODY)
    _p(doc, "", g.STYLE_BODY)
    _p(doc, "{{ contact }}", g.STYLE_BODY)
    _p(doc, "{%p endif %}", g.STYLE_BODY)
    _signature_block(doc)
    return doc


def write_templates(directory: Path = TEMPLATES_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for default, build in (
        (CIRCULAR_TEMPLATE, build_circular_template),
        (BULLETIN_TEMPLATE, build_bulletin_template),
        (NOTICE_TEMPLATE, build_notice_template),
    ):
        path = directory / default.name
        build().save(path)
        written.append(path)
    return written


def main() -> int:
    for path in write_templates():
        print(f"已生成模板：{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
