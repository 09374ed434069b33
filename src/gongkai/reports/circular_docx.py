"""Render a circular (通报) to .docx from a docxtpl template, the default or a supervisor's own.

The template holds the layout (GB/T 9704-2012 styles, page setup, page numbers); this module
only supplies finished text: the summary sentences, numbered headings, formatted numbers. There
are two default templates, one per form: the official document (公文, circular.docx) and the
bulletin (简报, bulletin.docx: 内部资料, 第N期, 送/发 and 签发/审核/责任编辑, seed 000).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, Listing
from lxml import etree

from gongkai.reports import gbt9704
from gongkai.reports.errors import ReportError
from gongkai.reports.formatting import chinese_date, display_width, format_number, official_punctuation
from gongkai.reports.model import BULLETIN, Circular
from gongkai.reports.summary import chinese_ordinal, deadline_sentence, problem_paragraphs, summary_paragraphs
from gongkai.reports.template_paths import BULLETIN_TEMPLATE, CIRCULAR_TEMPLATE

CHART_WIDTH_MM = 150
# A requirement whose first sentence is this short (≤ 24 characters) is a run-in heading:
# "加强组织领导。各级各部门要…".
RUN_IN = re.compile(r"^([^。：]{1,24}[。：])(.*)$", re.S)


@dataclass
class Chart:
    """A chart to embed: its caption and PNG bytes (the same image the web app shows)."""

    caption: str
    png: bytes


def signature_lines(office: str, day: str) -> tuple[str, str]:
    """Pad the office name or the date so that the date starts two characters to the right of
    the office name, both lines right-aligned (GB/T 9704-2012 7.3.5.2, unsealed documents)."""
    gap = display_width(office) - display_width(day) - 2
    pad = "\u3000" * int(abs(gap)) + (" " if abs(gap) % 1 else "")
    if gap >= 0:
        return office, day + pad
    return office + pad, day


def title_listing(title: str) -> Listing:
    """A title broken at word boundaries; docxtpl turns the newlines into line breaks."""
    return Listing("\n".join(gbt9704.title_lines(title)))


def _item(text: str) -> dict[str, str]:
    """Split "加强组织领导。各级各部门要…" into a run-in lead and the rest."""
    match = RUN_IN.match(text)
    if match and match.group(2):
        return {"lead": match.group(1), "text": match.group(2)}
    return {"lead": "", "text": text}


def build_sections(circular: Circular, charts: list[dict] | None = None) -> list[dict]:
    """The numbered body sections: 总体情况, 存在的问题, 整改要求 — each only when there is content."""
    sections = [
        {
            "title": "总体情况",
            "paragraphs": [{"lead": "", "text": p} for p in summary_paragraphs(circular)],
            "charts": charts or [],
        }
    ]
    if circular.problems:
        items = [{"lead": lead, "text": text} for lead, text in problem_paragraphs(circular.problems)]
        sections.append({"title": "存在的问题", "paragraphs": items, "charts": []})
    requirements = []
    for n, text in enumerate(circular.requirements, start=1):
        item = _item(text)
        item["lead"] = f"（{chinese_ordinal(n)}）" + item["lead"]
        requirements.append(item)
    deadline = deadline_sentence(circular)
    if deadline:
        requirements.append({"lead": "", "text": deadline})
    if requirements:
        sections.append({"title": "整改要求", "paragraphs": requirements, "charts": []})
    for n, section in enumerate(sections, start=1):
        section["heading"] = f"{chinese_ordinal(n)}、{section['title']}"
    return sections


def bulletin_context(circular: Circular) -> dict:
    """The bulletin's header and end block; empty texts when the circular has no bulletin, so a
    document-form template may still name them."""
    bulletin = circular.bulletin
    if bulletin is None:
        return {"name": "", "issue": "", "marks": [], "send_to": "", "distribute_to": "", "editors": ""}
    return {
        "name": bulletin.name,
        "issue": bulletin.issue,
        "marks": bulletin.marks,
        "send_to": bulletin.send_to,
        "distribute_to": bulletin.distribute_to,
        "editors": bulletin.editors_line(),
    }


def default_template(circular: Circular) -> Path:
    """The default template of the circular's form."""
    return BULLETIN_TEMPLATE if circular.form == BULLETIN else CIRCULAR_TEMPLATE


def build_context(circular: Circular, charts: list[dict] | None = None) -> dict:
    """Everything the template's placeholders refer to; documented for template authors in
    ``templates/README.md``."""
    titles = circular.attachment_titles()
    signature_office, signature_date = signature_lines(circular.issuing_office, chinese_date(circular.date))
    problem_list = None
    if circular.unit_problems:
        problem_list = {
            "number": len(titles),
            "title": title_listing(titles[-1]),
            "rows": [
                {
                    "number": n,
                    "unit": p.unit,
                    "problem": official_punctuation(p.problem),
                    "url": p.url,
                    "deadline": chinese_date(p.deadline) if p.deadline else "",
                }
                for n, p in enumerate(circular.unit_problems, start=1)
            ],
        }
    return {
        "issuing_office": circular.issuing_office,
        "document_number": circular.document_number,
        "title": title_listing(circular.title),
        "recipients": circular.recipients,
        "intro": circular.intro,
        "sections": build_sections(circular, charts),
        "contact": circular.contact,
        "attachment_lines": [f"{n}．{title}" for n, title in enumerate(titles, start=1)],
        "signature_office": signature_office,
        "signature_date": signature_date,
        "disclosure_note": circular.disclosure_note,
        "tables": [
            {
                "number": n,
                "title": title_listing(table.title),
                "columns": table.columns,
                "rows": [[format_number(value) for value in row] for row in table.rows],
                "notes": table.notes,
            }
            for n, table in enumerate(circular.tables, start=1)
        ],
        "problem_list": problem_list,
        "cc": circular.cc,
        "printer": circular.printer or circular.issuing_office,
        "print_date": chinese_date(circular.date),
        "form": circular.form,
        "bulletin": bulletin_context(circular),
    }


def open_template(template: Path | str | None, default: Path) -> DocxTemplate:
    """Open a template, turning every way a file can fail to be a .docx into one Chinese message."""
    path = Path(template) if template is not None else default
    if not path.is_file():
        raise ReportError(f"找不到模板文件：{path}")
    try:
        tpl = DocxTemplate(path)
        tpl.init_docx()  # docxtpl opens lazily: open now so a broken file fails here
        return tpl
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ReportError(
            f"模板文件“{path.name}”不是有效的 Word（.docx）文件，请在 Word 中另存为 .docx 后重新上传（{error}）"
        ) from error


def render_template(tpl: DocxTemplate, context: dict, path_name: str) -> None:
    """Render with undefined names as errors, so a mistyped placeholder is reported, not left blank."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(context, env)
    except jinja2.TemplateSyntaxError as error:
        raise ReportError(
            f"模板“{path_name}”中的占位符写法有误：{error.message}。"
            "请检查 {{ }} 与 {% %} 是否成对，是否被 Word 拆开或改动"
        ) from error
    except jinja2.UndefinedError as error:
        raise ReportError(
            f"模板“{path_name}”使用了通报数据中没有的字段（{error.message}），请对照模板说明修改"
        ) from error
    except (jinja2.TemplateError, TypeError, AttributeError, etree.XMLSyntaxError) as error:
        raise ReportError(f"模板“{path_name}”无法生成文档，请检查其中的占位符：{error}") from error
    for table in tpl.docx.tables:
        gbt9704.apply_table_layout(table)


def render_circular(
    circular: Circular,
    out_path: Path | str,
    *,
    template: Path | str | None = None,
    charts: list[Chart] | None = None,
) -> Path:
    """Write the circular as .docx; ``template`` replaces the default template of the circular's
    form when given."""
    default = default_template(circular)
    tpl = open_template(template, default)
    chart_context = [
        {"caption": chart.caption, "image": InlineImage(tpl, io.BytesIO(chart.png), width=Mm(CHART_WIDTH_MM))}
        for chart in charts or []
    ]
    render_template(tpl, build_context(circular, chart_context), Path(template or default).name)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(out)
    return out
