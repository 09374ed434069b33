"""A rectification notice (整改通知) per unit: its own problems from the circular, and the deadline.

Problems that carry an evidence screenshot (``UnitProblem.screenshot``) get it printed after the
table, 14 cm wide, each with the caption 问题N证据截图（抓取时间 …，SHA-256 …）: the template's
``screenshots`` (``shot.image``, ``shot.caption``).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from gongkai.reports.circular_docx import open_template, render_template, signature_lines, title_listing
from gongkai.reports.errors import ReportError
from gongkai.reports.evidence_picture import WIDTH_MM, notice_picture
from gongkai.reports.formatting import chinese_date, official_punctuation
from gongkai.reports.model import Circular, UnitProblem
from gongkai.reports.template_paths import NOTICE_TEMPLATE

UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


def notice_deadline(circular: Circular, unit: str) -> str:
    """The latest deadline among the unit's problems, else the circular's, else "" (no deadline)."""
    days = [p.deadline for p in circular.problems_of(unit) if p.deadline]
    if days:
        return chinese_date(max(days))
    return chinese_date(circular.rectification_deadline) if circular.rectification_deadline else ""


def evidence_caption(number: int, problem: UnitProblem) -> str:
    details = []
    if problem.fetched_at:
        details.append(f"抓取时间 {problem.fetched_at}")
    if problem.sha256:
        details.append(f"SHA-256 {problem.sha256}")
    return f"问题{number}证据截图" + (f"（{'，'.join(details)}）" if details else "")


def notice_screenshots(problems: list[UnitProblem], tpl: DocxTemplate | None = None) -> list[dict]:
    """{"number", "caption", "image"} of the problems with a screenshot that can be read; the
    image is an InlineImage for ``tpl`` (without one: the PNG bytes)."""
    shots = []
    for number, problem in enumerate(problems, start=1):
        if not problem.screenshot:
            continue
        png = notice_picture(problem.screenshot, problem.screenshot_box)
        if png is None:
            continue
        image = InlineImage(tpl, io.BytesIO(png), width=Mm(WIDTH_MM)) if tpl is not None else png
        shots.append({"number": number, "caption": evidence_caption(number, problem), "image": image})
    return shots


def build_notice_context(
    circular: Circular, unit: str, document_number: str = "", tpl: DocxTemplate | None = None
) -> dict:
    problems = circular.problems_of(unit)
    if not problems:
        raise ReportError(f"单位“{unit}”在本期没有问题记录，无需生成整改通知")
    deadline = notice_deadline(circular, unit)
    when = f"于{deadline}前整改到位" if deadline else "尽快整改到位"
    body = [
        f"根据{circular.period_label}政府网站和政务公开检查情况，你单位存在以下{len(problems)}个问题。"
        f"请对照逐项整改，{when}，并将整改情况书面报送{circular.issuing_office}。"
    ]
    office, day = signature_lines(circular.issuing_office, chinese_date(circular.date))
    return {
        "issuing_office": circular.issuing_office,
        "document_number": document_number,
        "title": title_listing(f"关于{unit}{circular.period_label}政务公开问题整改的通知"),
        "recipients": unit,
        "body": body,
        "rows": [
            {
                "number": n,
                "problem": official_punctuation(p.problem),
                "url": p.url,
                "deadline": chinese_date(p.deadline) if p.deadline else deadline,
            }
            for n, p in enumerate(problems, start=1)
        ],
        "screenshots": notice_screenshots(problems, tpl),
        "contact": circular.contact,
        "signature_office": office,
        "signature_date": day,
    }


def notice_filename(unit: str) -> str:
    return f"整改通知-{UNSAFE_FILENAME.sub('_', unit)}.docx"


def render_notice(
    circular: Circular,
    unit: str,
    out_path: Path | str,
    *,
    template: Path | str | None = None,
    document_number: str = "",
) -> Path:
    """Write the notice for ``unit`` as .docx."""
    tpl = open_template(template, NOTICE_TEMPLATE)
    render_template(
        tpl,
        build_notice_context(circular, unit, document_number, tpl),
        Path(template or NOTICE_TEMPLATE).name,
    )
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(out)
    return out


def render_notices(
    circular: Circular, out_dir: Path | str, *, template: Path | str | None = None
) -> dict[str, Path]:
    """One notice per unit that has problems: unit -> path. Two units whose names differ only in
    characters a file name cannot hold ("统计局/一" and "统计局:一") still get two files."""
    directory = Path(out_dir)
    paths: dict[str, Path] = {}
    taken: set[str] = set()
    for unit in circular.problem_units():
        name = notice_filename(unit)
        number = 1
        while name.casefold() in taken:
            number += 1
            name = notice_filename(f"{unit}-{number}")
        taken.add(name.casefold())
        paths[unit] = render_notice(circular, unit, directory / name, template=template)
    return paths
