"""The official document format of GB/T 9704-2012 expressed as python-docx settings.

The default templates are built from these settings (``make_template.py``) and rendered tables
are sized with them, so the numbers of the standard live in one place:
A4, margins 37/35/28/26 mm, 22 lines of 28 characters, 3号 (16 pt) body text.
"""

from __future__ import annotations

import math
import re
import unicodedata

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.table import Table
from lxml import etree

from gongkai.reports.formatting import display_width

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
TABLE_PT = 12  # 小四, the attachment tables of the seeds
NOTE_PT = 14  # 4号, notes under tables and the 版记 block

TITLE_FONT = "方正小标宋简体"
TITLE_FONT_FALLBACK = "宋体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
RED = RGBColor(0xE6, 0x00, 0x12)

TWIPS_PER_MM = 1440 / 25.4
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156 mm
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225 mm
TEXT_WIDTH_TWIPS = round(TEXT_WIDTH_MM * TWIPS_PER_MM)
# 225 mm / 22 lines, rounded down so that 22 lines do fit: 579 twips = 28.95 pt, the usual exact
# line spacing of Chinese official documents (29 pt would leave room for 21 lines only).
LINE_PITCH_TWIPS = math.floor(TEXT_HEIGHT_MM * TWIPS_PER_MM / LINES_PER_PAGE)
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20
# 28 characters of 16 pt need 448 pt but the text area is 156 mm = 442.2 pt wide: body text is
# condensed, rounded down to 0.1 pt (-0.3 pt, 15.7 pt × 28 = 439.6 pt). Word's character grid
# (docGrid linesAndChars with a negative charSpace) would do this in Word, but LibreOffice then
# gives each character two grid cells, so the grid is lines only and the condensing is the
# character spacing of the styles, which both programs honour. (At -0.25 pt LibreOffice drops a
# "、" that falls at the end of a full line from the PDF; at -0.3 pt it hangs it, as Word does.)
CHAR_SPACING_PT = math.floor((TEXT_WIDTH_MM / 25.4 * 72 / CHARS_PER_LINE - BODY_PT) * 10) / 10

# Style names, Chinese so that a supervisor recognises them in Word's style pane.
STYLE_OFFICE = "发文机关标志"
STYLE_NUMBER = "发文字号"
STYLE_TITLE = "公文标题"
STYLE_RECIPIENTS = "主送机关"
STYLE_BODY = "公文正文"
STYLE_HEADING1 = "Heading 1"
STYLE_HEADING2 = "Heading 2"
STYLE_HEADING2_RUN = "二级标题字符"
STYLE_SIGNATURE = "署名"
STYLE_ATTACHMENT_NOTE = "附件说明"
STYLE_ATTACHMENT_NOTE_FIRST = "附件说明首行"
STYLE_ATTACHMENT_LABEL = "附件标识"
STYLE_ATTACHMENT_TITLE = "附件标题"
STYLE_TABLE_HEADER = "表头文字"
STYLE_TABLE_TEXT = "表格文字"
STYLE_TABLE_NOTE = "表注"
STYLE_FIGURE = "图片"
STYLE_CAPTION = "图题"
STYLE_COLOPHON = "版记"
STYLE_COLOPHON_LAST = "版记末行"
STYLE_PAGE_NUMBER = "页码"
# The bulletin form (简报, seed 000): marks, name, issue, office-and-date line, editors line.
STYLE_BULLETIN_MARK = "简报标注"
STYLE_BULLETIN_NAME = "简报名称"
STYLE_BULLETIN_ISSUE = "简报期号"
STYLE_BULLETIN_LINE = "简报发文行"
STYLE_BULLETIN_END = "简报编辑"
BULLETIN_NAME_PT = 36  # 小初


# Child order of w:pPr and w:tblPr in the OOXML schema: Word rejects files that break it.
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
).split()


def put_child(parent, tag: str, order: list[str], attrs: dict[str, str] | None = None):
    """Return the child ``w:tag`` of ``parent``, created at its schema position when missing."""
    child = parent.find(qn(f"w:{tag}"))
    if child is None:
        child = OxmlElement(f"w:{tag}")
        later = {qn(f"w:{t}") for t in order[order.index(tag) + 1 :]}
        successor = next((c for c in parent if c.tag in later), None)
        if successor is None:
            parent.append(child)
        else:
            successor.addprevious(child)
    for key, value in (attrs or {}).items():
        child.set(qn(key), value)
    return child


def set_fonts(element, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set w:rFonts of a run, style or rPrDefault, dropping theme fonts that would override it."""
    rpr = element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else element
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def set_character_spacing(style_element, points: float) -> None:
    """w:spacing in a style's run properties, in twentieths of a point (negative condenses)."""
    put_child(style_element.get_or_add_rPr(), "spacing", RPR_ORDER, {"w:val": str(round(points * 20))})


def east_asia_font(rpr_owner) -> str | None:
    """The w:eastAsia font name set on a style or run, None when unset (used by the tests too)."""
    rpr = rpr_owner.element.rPr if hasattr(rpr_owner, "element") else rpr_owner
    if rpr is None:
        return None
    fonts = rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def _set_indent_chars(ppr, *, first_line: int = 0, left: int = 0, right: int = 0, hanging: int = 0) -> None:
    """Indents in hundredths of a character (w:firstLineChars), plus twips for older readers."""
    ind = put_child(ppr, "ind", PPR_ORDER)
    char_twips = BODY_PT * 20
    for name, value in (("firstLine", first_line), ("left", left), ("right", right), ("hanging", hanging)):
        if value:
            ind.set(qn(f"w:{name}Chars"), str(value))
            ind.set(qn(f"w:{name}"), str(value * char_twips // 100))


def _set_border(
    ppr, side: str, size_eighths: int, color: str = "000000", space: int = 1, val: str = "single"
) -> None:
    borders = put_child(ppr, "pBdr", PPR_ORDER)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), val)
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    borders.append(line)


def _no_grid_snap(ppr) -> None:
    """Tables, figures and notes use their own line height instead of the 28.95 pt grid."""
    put_child(ppr, "snapToGrid", PPR_ORDER, {"w:val": "0"})


def _paragraph_style(doc: Document, name: str, *, font: str, size: float, base: str = "Normal"):
    styles = doc.styles
    style = (
        styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    )
    if style.name != "Normal":
        style.base_style = styles[base]
    style.quick_style = True
    set_fonts(style.element, font)
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    return style


def setup_page(doc: Document) -> None:
    """A4, the margins of GB/T 9704-2012 5.2.1, the 22 × 28 grid, odd/even page footers."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(15)
    # The page number sits 7 mm below the text area (GB/T 9704 7.5): 35 - 7 mm minus its height.
    section.footer_distance = Mm(MARGIN_BOTTOM_MM - 7 - 6)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    if qn("w:charSpace") in grid.attrib:
        del grid.attrib[qn("w:charSpace")]


def setup_styles(doc: Document) -> None:
    """All styles the templates use, defined so a supervisor can restyle them in Word."""
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(defaults, BODY_FONT)
    lang = defaults.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = _paragraph_style(doc, "Normal", font=BODY_FONT, size=BODY_PT)
    set_character_spacing(normal.element, CHAR_SPACING_PT)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    office = _paragraph_style(doc, STYLE_OFFICE, font=TITLE_FONT, size=30)
    office.font.color.rgb = RED
    office.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    office.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    office.paragraph_format.space_after = Pt(LINE_PITCH_PT)

    number = _paragraph_style(doc, STYLE_NUMBER, font=BODY_FONT, size=BODY_PT)
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # 版头分隔线: red, under the document number (GB/T 9704 7.2.5); 3 pt wide, 4 mm below.
    _set_border(number.element.get_or_add_pPr(), "bottom", 24, color="E60012", space=11)

    title = _paragraph_style(doc, STYLE_TITLE, font=TITLE_FONT, size=TITLE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(LINE_PITCH_PT * 2)
    title.paragraph_format.space_after = Pt(LINE_PITCH_PT)
    # Titles in 2号 keep the 28.95 pt line: off the grid, or LibreOffice gives each line two.
    for style in (office, title):
        _no_grid_snap(style.element.get_or_add_pPr())

    _paragraph_style(doc, STYLE_RECIPIENTS, font=BODY_FONT, size=BODY_PT)

    body = _paragraph_style(doc, STYLE_BODY, font=BODY_FONT, size=BODY_PT)
    _set_indent_chars(body.element.get_or_add_pPr(), first_line=200)

    for name, font in ((STYLE_HEADING1, HEADING1_FONT), (STYLE_HEADING2, HEADING2_FONT)):
        heading = _paragraph_style(doc, name, font=font, size=BODY_PT)
        heading.paragraph_format.keep_with_next = True
        _set_indent_chars(heading.element.get_or_add_pPr(), first_line=200)

    styles = doc.styles
    run_style = styles.add_style(STYLE_HEADING2_RUN, WD_STYLE_TYPE.CHARACTER)
    set_fonts(run_style.element, HEADING2_FONT)
    run_style.font.size = Pt(BODY_PT)

    # 附件说明 (GB/T 9704 7.3.4): a wrapped attachment name lines up with the first character of
    # the name, i.e. after "附件：1．" (2 + 3 + 1.5 characters) on the first line, "2．" after.
    note = _paragraph_style(doc, STYLE_ATTACHMENT_NOTE, font=BODY_FONT, size=BODY_PT)
    _set_indent_chars(note.element.get_or_add_pPr(), left=650, hanging=150)
    first = _paragraph_style(
        doc, STYLE_ATTACHMENT_NOTE_FIRST, font=BODY_FONT, size=BODY_PT, base=STYLE_ATTACHMENT_NOTE
    )
    _set_indent_chars(first.element.get_or_add_pPr(), left=650, hanging=450)

    signature = _paragraph_style(doc, STYLE_SIGNATURE, font=BODY_FONT, size=BODY_PT)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _set_indent_chars(signature.element.get_or_add_pPr(), right=200)

    label = _paragraph_style(doc, STYLE_ATTACHMENT_LABEL, font=HEADING1_FONT, size=BODY_PT)
    label.paragraph_format.page_break_before = True
    label.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    att_title = _paragraph_style(doc, STYLE_ATTACHMENT_TITLE, font=TITLE_FONT, size=TITLE_PT)
    att_title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    att_title.paragraph_format.space_before = Pt(LINE_PITCH_PT / 2)
    att_title.paragraph_format.space_after = Pt(LINE_PITCH_PT / 2)
    _no_grid_snap(att_title.element.get_or_add_pPr())

    for name, font in ((STYLE_TABLE_HEADER, HEADING1_FONT), (STYLE_TABLE_TEXT, BODY_FONT)):
        cell = _paragraph_style(doc, name, font=font, size=TABLE_PT)
        cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _no_grid_snap(cell.element.get_or_add_pPr())

    note = _paragraph_style(doc, STYLE_TABLE_NOTE, font=BODY_FONT, size=NOTE_PT)
    note.paragraph_format.line_spacing = Pt(NOTE_PT * 1.5)
    note.paragraph_format.space_before = Pt(6)
    _no_grid_snap(note.element.get_or_add_pPr())

    figure = _paragraph_style(doc, STYLE_FIGURE, font=BODY_FONT, size=BODY_PT)
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _no_grid_snap(figure.element.get_or_add_pPr())
    caption = _paragraph_style(doc, STYLE_CAPTION, font=BODY_FONT, size=NOTE_PT)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    colophon = _paragraph_style(doc, STYLE_COLOPHON, font=BODY_FONT, size=NOTE_PT)
    _set_indent_chars(colophon.element.get_or_add_pPr(), left=100, right=100)
    colophon.paragraph_format.keep_with_next = True
    colophon.paragraph_format.space_before = Pt(LINE_PITCH_PT)
    # 版记: thick line above the first item, thin line between, thick line under the last.
    _set_border(colophon.element.get_or_add_pPr(), "top", 8)
    _set_border(colophon.element.get_or_add_pPr(), "bottom", 4)
    last = _paragraph_style(doc, STYLE_COLOPHON_LAST, font=BODY_FONT, size=NOTE_PT, base=STYLE_COLOPHON)
    last.paragraph_format.space_before = Pt(0)
    last_ppr = last.element.get_or_add_pPr()
    _set_border(last_ppr, "top", 0, val="nil")
    _set_border(last_ppr, "bottom", 8)

    setup_bulletin_styles(doc)

    page_number = _paragraph_style(doc, STYLE_PAGE_NUMBER, font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_PT)
    set_fonts(page_number.element, PAGE_NUMBER_FONT, latin=PAGE_NUMBER_FONT)
    page_number.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _no_grid_snap(page_number.element.get_or_add_pPr())


def setup_bulletin_styles(doc: Document) -> None:
    """The bulletin's header: 内部资料 / 注意保存 in 黑体 at the top left, the name in red 小初
    centred, the issue centred, then office and date on one line above a red rule (seed 000)."""
    mark = _paragraph_style(doc, STYLE_BULLETIN_MARK, font=HEADING1_FONT, size=BODY_PT)
    mark.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    name = _paragraph_style(doc, STYLE_BULLETIN_NAME, font=TITLE_FONT, size=BULLETIN_NAME_PT)
    name.font.color.rgb = RED
    name.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    name.paragraph_format.space_before = Pt(LINE_PITCH_PT)
    name.paragraph_format.space_after = Pt(LINE_PITCH_PT / 2)
    _no_grid_snap(name.element.get_or_add_pPr())
    issue = _paragraph_style(doc, STYLE_BULLETIN_ISSUE, font=BODY_FONT, size=BODY_PT)
    issue.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line = _paragraph_style(doc, STYLE_BULLETIN_LINE, font=BODY_FONT, size=BODY_PT)
    line.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _set_border(line.element.get_or_add_pPr(), "bottom", 24, color="E60012", space=11)
    end = _paragraph_style(doc, STYLE_BULLETIN_END, font=BODY_FONT, size=NOTE_PT)
    _set_indent_chars(end.element.get_or_add_pPr(), left=100, right=100)
    _no_grid_snap(end.element.get_or_add_pPr())


def _add_page_field(paragraph) -> None:
    """ "— PAGE —": a real PAGE field between two em dashes, as GB/T 9704 7.5 shows."""
    paragraph.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    paragraph.add_run(" —")


def setup_page_numbers(doc: Document) -> None:
    """Odd pages: number on the right, one character in; even pages: on the left (GB/T 9704 7.5)."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, alignment, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles[STYLE_PAGE_NUMBER]
        paragraph.alignment = alignment
        _set_indent_chars(paragraph._p.get_or_add_pPr(), **{side: 100})
        _add_page_field(paragraph)


def register_font_fallbacks(doc: Document) -> None:
    """Tell Word which installed font replaces each official font that a machine may lack.

    方正小标宋简体 and 仿宋_GB2312 are not on every computer; w:altName in the font table names
    the font Word substitutes (宋体, 仿宋, 楷体), instead of a random default.
    """
    fallbacks = {
        TITLE_FONT: TITLE_FONT_FALLBACK,
        BODY_FONT: "仿宋",
        HEADING2_FONT: "楷体_GB2312",
        HEADING1_FONT: "SimHei",
    }
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for name, alternative in fallbacks.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), alternative)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "modern" if name == HEADING1_FONT else "roman")
        pitch = etree.SubElement(font, qn("w:pitch"))
        pitch.set(qn("w:val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _cell_width(text: str, narrow: float) -> float:
    """Width of a cell text, plus the quarter character Word and LibreOffice insert between
    Chinese and digits or Latin letters (w:autoSpaceDN / autoSpaceDE)."""
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    switches = sum(1 for a, b in zip(wide, wide[1:], strict=False) if a != b)
    return display_width(text, narrow) + 0.25 * switches


SHORT_COLUMN = 16  # characters: a column whose longest cell is shorter may wrap onto two lines
LONG_COLUMN_MIN = 12  # characters: what a longer column (descriptions, URLs) should keep at least


def column_widths(texts: list[list[str]], header: list[str], total: int = TEXT_WIDTH_TWIPS) -> list[int]:
    """Column widths in twips from the cell texts: short columns get what they need, long ones share the rest.

    Headers may wrap onto two lines (as in seed 000), body cells should not when there is room.
    When a long column would be left less than LONG_COLUMN_MIN characters (a problem list with
    descriptions and URLs), the short columns (names, dates) wrap onto two lines instead.
    """
    char = TABLE_PT * 20
    pad = 1.5  # cell margins (2 × 1.9 mm) and rounding, in characters
    narrow = 0.65  # digits of the fonts that replace Times New Roman where it is absent are wider
    line = total / char
    need, two_lines = [], []
    for i, head in enumerate(header):
        body = max((_cell_width(row[i], narrow) for row in texts if i < len(row)), default=0.0)
        head_min = max(math.ceil(display_width(head) / 2), 2.0)
        need.append(max(body, head_min) + pad)
        two_lines.append(max(math.ceil(body / 2), head_min, min(body, 6.0)) + pad)  # "统计局" stays whole
    widths = _fill(need, line)
    if any(n > SHORT_COLUMN and w < LONG_COLUMN_MIN for n, w in zip(need, widths, strict=True)):
        widths = _fill([n if n > SHORT_COLUMN else two for n, two in zip(need, two_lines, strict=True)], line)
    twips = [int(w * char) for w in widths]
    twips[-1] += total - sum(twips)
    return twips


def _fill(need: list[float], line: float) -> list[float]:
    """Water-filling: every column gets min(need, fair share), repeated with what is left; spare
    room goes to all columns in proportion."""
    widths = [0.0] * len(need)
    open_columns = set(range(len(need)))
    remaining = line
    while open_columns:
        share = remaining / len(open_columns)
        satisfied = {i for i in open_columns if need[i] <= share}
        if not satisfied:
            for i in open_columns:
                widths[i] = share
            break
        for i in satisfied:
            widths[i] = need[i]
            remaining -= need[i]
        open_columns -= satisfied
    spare = line - sum(widths)
    if spare > 0:
        widths = [w + spare * w / sum(widths) for w in widths]
    return widths


def apply_table_layout(table: Table) -> None:
    """Fixed layout, full text width, column widths from the content, header rows marked to repeat."""
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    header_rows = [
        row
        for row in table.rows
        if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
    ]
    header = texts[0] if texts else []
    widths = column_widths(texts[len(header_rows) or 1 :], header)
    tbl = table._tbl
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for width in widths:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(width))
        grid.append(col)
    put_child(tbl.tblPr, "tblW", TBLPR_ORDER, {"w:w": str(TEXT_WIDTH_TWIPS), "w:type": "dxa"})
    table.autofit = False
    # Body cells that wrap read better flush left; short ones (names, scores, dates) stay centred.
    wraps = [
        any(_cell_width(row[i], 0.65) + 1.5 > width / (TABLE_PT * 20) for row in texts[1:] if i < len(row))
        for i, width in enumerate(widths)
    ]
    for r, row in enumerate(table.rows):
        for i, (cell, width) in enumerate(zip(row.cells, widths, strict=False)):
            cell.width = Twips(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if r > 0 and wraps[i]:
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT


def title_lines(title: str, max_width: float = TEXT_WIDTH_MM / 25.4 * 72 / TITLE_PT) -> list[str]:
    """Break a long title into balanced lines at word boundaries (GB/T 9704 7.3.2: 回行时词意完整).

    Good places to break: after 关于 / 的 / 和 / 及 / 与, after the issuing office, before 情况 /
    通报 / 工作 / 政务 / 问题. Each line must fit ``max_width`` characters (20 of 2号 on 156 mm).
    """
    total = display_width(title)
    if total <= max_width:
        return [title]
    breaks = {
        m.start()
        for m in re.finditer(
            r"(?<=关于)|(?<=[的和及与])|(?<=办公室)|(?<=人民政府)|(?=情况)|(?=通报)|(?=工作)|(?=政务)|(?=问题)",
            title,
        )
        if 0 < m.start() < len(title)
    }
    first = math.ceil(total / max_width)
    for count in range(first, first + 3):
        lines = _break_at_words(title, count, breaks)
        if all(display_width(line) <= max_width for line in lines):
            return lines
    return _even_split(title, first, max_width)


def _break_at_words(title: str, count: int, breaks: set[int]) -> list[str]:
    """Cut at the allowed break nearest to each 1/count of the width."""
    total = display_width(title)
    cuts = []
    for k in range(1, count):
        ideal = total * k / count
        later = [b for b in breaks if not cuts or b > cuts[-1]]
        if not later:
            break
        cuts.append(min(later, key=lambda b: abs(display_width(title[:b]) - ideal)))
    bounds = [0, *cuts, len(title)]
    return [title[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def _even_split(title: str, count: int, max_width: float) -> list[str]:
    """Fallback: cut into ``count`` lines of about equal width."""
    lines, current = [], ""
    target = display_width(title) / count
    for ch in title:
        if current and display_width(current + ch) > min(target + 1, max_width) and len(lines) < count - 1:
            lines.append(current)
            current = ""
        current += ch
    return lines + [current]
