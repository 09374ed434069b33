"""The bulletin form (简报, seed 000) rendered by the engine alone and opened with python-docx."""

from __future__ import annotations

import docx
from docx.oxml.ns import qn

from gongkai.reports import gbt9704
from gongkai.reports.circular_docx import render_circular
from gongkai.reports.model import Bulletin
from gongkai.reports.sample import seed000_bulletin, seed000_circular
from tests.reports.conftest import SEED000_COLUMNS


def paragraphs(path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(path).paragraphs if p.text.strip()]


def test_seed000_bulletin_header_and_end_block(tmp_path):
    path = render_circular(seed000_bulletin(), tmp_path / "b.docx")
    texts = paragraphs(path)
    assert [t for _, t in texts[:5]] == [
        "内部资料",
        "注意保存",
        "政务信息公开工作",
        "（2021年第3期）",
        "偃师市人民政府办公室\t2021年3月18日",
    ]
    assert [t for _, t in texts[-4:]] == [
        "送：市委、市政府有关领导，市委办、政府办领导。",
        "发：各镇（街道），市政府相关部门及有关单位。",
        "签发：王东杰\u3000\u3000审核：高晓伟\u3000\u3000责任编辑：卢毅\u3000张燕京",
        "联系方式：67777396\u3000ysszfwgk@163.com",
    ]
    # 送 opens with the thick rule of a 版记, 发 closes with it
    assert [s for s, _ in texts[-4:-2]] == [gbt9704.STYLE_COLOPHON, gbt9704.STYLE_COLOPHON_LAST]
    document = docx.Document(path)
    line = next(p for p in document.paragraphs if p.style.name == gbt9704.STYLE_BULLETIN_LINE)
    stops = line.paragraph_format.tab_stops
    assert len(stops) == 1 and stops[0].position.twips == gbt9704.TEXT_WIDTH_TWIPS  # date flush right
    # the body and the attachment tables are those of the document form
    assert [c.text for c in document.tables[0].rows[0].cells] == SEED000_COLUMNS
    body = [t for s, t in texts if s == "Heading 1"]
    assert body == ["一、总体情况", "二、整改要求"]
    # the contact line is printed once, in the end block, not in the body
    assert sum(1 for _, t in texts if t.startswith("联系方式")) == 1


def test_editors_line_and_missing_parts(tmp_path):
    assert Bulletin("简报", "2021年第1期", edited_by="张燕京").editors_line() == "责任编辑：张燕京"
    assert Bulletin("简报", "2021年第1期").editors_line() == ""
    circular = seed000_bulletin()
    circular.bulletin = Bulletin("政务公开简报", "2021年第12期", marks=[])
    circular.contact = ""
    texts = paragraphs(render_circular(circular, tmp_path / "b.docx"))
    assert texts[0] == (gbt9704.STYLE_BULLETIN_NAME, "政务公开简报")
    assert texts[1] == (gbt9704.STYLE_BULLETIN_ISSUE, "（2021年第12期）")
    last = texts[-1][1]
    assert not last.startswith(("送：", "发：", "签发", "联系方式"))  # no empty 送/发/签发 lines


def test_document_form_has_no_bulletin_parts(tmp_path):
    document = docx.Document(render_circular(seed000_circular(), tmp_path / "d.docx"))
    assert not any(p.style.name.startswith("简报") for p in document.paragraphs if p.text.strip())
    assert document.paragraphs[0].style.name == gbt9704.STYLE_OFFICE
    name = document.styles[gbt9704.STYLE_BULLETIN_NAME]  # defined, so a custom template can use it
    assert name.element.pPr.find(qn("w:jc")).get(qn("w:val")) == "center"
