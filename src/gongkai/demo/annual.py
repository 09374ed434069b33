"""Annual reports on government information disclosure in the published layout (国办公开办函〔2021〕30号).

Used by the demo county and by the tests of the 年报 check: table 三 as an HTML table with the
official merged cells (header over 自然人 / 法人或其他组织 (5 sub-columns) / 总计, row labels in
rowspan cells), tables 二 and 四, the same as a .docx with merged cells, and as PDF text lines.
Label texts are the published ones (``1．属于国家秘密``, ``（二）部分公开（区分处理的，只计这一情形，
不计其他情形）``), not the canonical labels the parser maps them to.
"""

from __future__ import annotations

import random
from html import escape

import docx

from gongkai.audit.content import annual_report as AR
from gongkai.demo.assets import pdf_bytes, saved_docx

_PUBLISHED = {"（二）部分公开": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"}
_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_ORGS = AR.COLUMNS[1:6]


def sample_table(rng: random.Random, *, size: int = 30) -> dict[str, list[int]]:
    """A table 三 whose identities hold: about ``size`` applications spread over the rows."""
    leaves = {label: [0] * 7 for label in AR.LEAVES}
    results = [label for label in AR.LEAVES if label not in (AR.NEW, AR.CARRIED, AR.TOTAL, AR.FORWARD)]
    weights = [12 if label.startswith(("（一）", "（二）")) else 2 for label in results]
    for _ in range(size):
        column = rng.choices(range(6), weights=(10, 3, 1, 1, 1, 1))[0]
        if rng.random() < 0.15:  # still open at the end of the year
            leaves[AR.FORWARD][column] += 1
        else:
            leaves[rng.choices(results, weights=weights)[0]][column] += 1
    carried = [rng.randint(0, 1) if c == 0 else 0 for c in range(6)]
    return complete({**leaves, AR.CARRIED: carried + [0]}, carried_over=carried)


def complete(table: dict[str, list[int]], *, carried_over: list[int] | None = None) -> dict[str, list[int]]:
    """Parents, （七）总计, 一 (new = handled + forward − carried) and the 总计 column filled in."""
    rows = {label: list(values) for label, values in table.items()}
    for parent, subs in AR.PARENTS.items():
        rows[parent] = [sum(rows[s][i] for s in subs) for i in range(7)]
    results = [parent for parent, _ in AR.RESULTS]
    rows[AR.TOTAL] = [sum(rows[r][i] for r in results) for i in range(7)]
    carried = carried_over or rows.get(AR.CARRIED, [0] * 7)[:6]
    rows[AR.CARRIED] = list(carried[:6]) + [0]
    rows[AR.NEW] = [rows[AR.TOTAL][i] + rows[AR.FORWARD][i] - carried[i] for i in range(6)] + [0]
    for values in rows.values():
        values[6] = sum(values[:6])
    return {label: rows[label] for label in AR.ROWS}


def _label(label: str) -> str:
    """The published text of a canonical label (sub-rows numbered 1．2．…)."""
    if "-" not in label:
        return _PUBLISHED.get(label, label)
    parent, sub = label.split("-", 1)
    return f"{AR.PARENTS[parent].index(label) + 1}．{sub}"


def _cells(values: list[int]) -> str:
    return "".join(f"<td>{v}</td>" for v in values)


def table3_html(table: dict[str, list[int]], *, parent_rows: bool = False) -> str:
    """Table 三 in the official layout; ``parent_rows`` adds a subtotal row under each parent
    (some units publish one) instead of leaving the parent to its sub-rows."""
    head = (
        f'<tr><td colspan="3" rowspan="3">{_HEADER_NOTE}</td><td colspan="7">申请人情况</td></tr>'
        '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>'
        "<tr>" + "".join(f"<td>{c}</td>" for c in _ORGS) + "</tr>"
    )
    rows = [f'<tr><td colspan="3">{escape(_label(AR.NEW))}</td>{_cells(table[AR.NEW])}</tr>']
    rows.append(f'<tr><td colspan="3">{escape(_label(AR.CARRIED))}</td>{_cells(table[AR.CARRIED])}</tr>')
    result_rows: list[str] = []
    for parent, subs in AR.RESULTS:
        if not subs:
            result_rows.append(f'<td colspan="2">{escape(_label(parent))}</td>{_cells(table[parent])}')
            continue
        labels = [f"{parent}-{s}" for s in subs]
        span = len(labels) + (1 if parent_rows else 0)
        first = f'<td rowspan="{span}">{escape(parent)}</td>'
        if parent_rows:
            result_rows.append(first + f"<td>小计</td>{_cells(table[parent])}")
            first = ""
        for label in labels:
            result_rows.append(first + f"<td>{escape(_label(label))}</td>{_cells(table[label])}")
            first = ""
    result_rows.append(f'<td colspan="2">{escape(AR.TOTAL)}</td>{_cells(table[AR.TOTAL])}')
    result_rows[0] = f'<td rowspan="{len(result_rows)}">三、本年度办理结果</td>' + result_rows[0]
    rows += [f"<tr>{r}</tr>" for r in result_rows]
    rows.append(f'<tr><td colspan="3">{escape(AR.FORWARD)}</td>{_cells(table[AR.FORWARD])}</tr>')
    return f'<table class="nb-table" border="1">{head}{"".join(rows)}</table>'


def table2_html(numbers: dict[str, list[float]]) -> str:
    """Table 二 (主动公开政府信息情况) in the official layout."""

    def section(article: str, heading: list[str], labels: list[str]) -> str:
        span = 4
        out = f'<tr><td colspan="{span}">第二十条第（{article}）项</td></tr>'
        if len(heading) == 1:
            out += f'<tr><td>信息内容</td><td colspan="3">{heading[0]}</td></tr>'
        else:
            out += "<tr><td>信息内容</td>" + "".join(f"<td>{h}</td>" for h in heading) + "</tr>"
        for label in labels:
            values = numbers.get(label, [0] * len(heading))
            cells = (
                f'<td colspan="3">{_num(values[0])}</td>'
                if len(heading) == 1
                else "".join(f"<td>{_num(v)}</td>" for v in values)
            )
            out += f"<tr><td>{label}</td>{cells}</tr>"
        return out

    body = (
        section("一", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"])
        + section("五", ["本年处理决定数量"], ["行政许可"])
        + section("六", ["本年处理决定数量"], ["行政处罚", "行政强制"])
        + section("八", ["本年收费金额（单位：万元）"], ["行政事业性收费"])
    )
    return f'<table class="nb-table" border="1">{body}</table>'


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def table4_html(numbers: list[int]) -> str:
    """Table 四 (行政复议、行政诉讼情况): 15 numbers under the official two-level header."""
    results = "".join(f"<td>{c}</td>" for c in AR.TABLE4_COLUMNS)
    spanned = "".join(f'<td rowspan="2">{c}</td>' for c in AR.TABLE4_COLUMNS)
    return (
        '<table class="nb-table" border="1"><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
        f'<tr>{spanned}<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>'
        f"<tr>{results}{results}</tr><tr>{_cells(numbers)}</tr></table>"
    )


def report_html(
    unit: str,
    year: int,
    paragraphs: list[str],
    table: dict[str, list[int]],
    *,
    table2: dict[str, list[float]] | None = None,
    table4: list[int] | None = None,
    parent_rows: bool = False,
) -> str:
    """The body of a report page: the five parts of the official outline with tables 二, 三, 四."""
    p = "".join(f"<p>{escape(t)}</p>" for t in paragraphs)
    return (
        f"<p>本报告由{escape(unit)}按照《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号的要求编制，"
        f"所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。</p>"
        f"<h3>一、总体情况</h3>{p}"
        f"<h3>二、主动公开政府信息情况</h3>{table2_html(table2 or {'行政规范性文件': [1, 0, 3]})}"
        f"<h3>三、收到和处理政府信息公开申请情况</h3>{table3_html(table, parent_rows=parent_rows)}"
        f"<h3>四、政府信息公开行政复议、行政诉讼情况</h3>{table4_html(table4 or [0] * 15)}"
        "<h3>五、存在的主要问题及改进情况</h3><p>政务公开工作还存在公开内容不够全面、解读形式较为单一等问题，下一步将加强培训、完善制度。</p>"
        "<h3>六、其他需要报告的事项</h3><p>本年度未收取信息处理费。</p>"
    )


def report_docx(title: str, paragraphs: list[str], table: dict[str, list[int]]) -> bytes:
    """The report as a Word document: text and table 三 with merged cells, as units attach it."""
    document = docx.Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    result_rows = sum(1 + len(subs) - (1 if subs else 0) for _, subs in AR.RESULTS) + 1
    grid = document.add_table(rows=3 + 2 + result_rows + 1, cols=10)
    # the cells once (Table.cell walks the whole table each time); the merges below are disjoint,
    # so the cells they name stay valid
    cells = [list(row.cells) for row in grid.rows]

    def merge(top: tuple[int, int], bottom: tuple[int, int], text: str) -> None:
        cells[top[0]][top[1]].merge(cells[bottom[0]][bottom[1]]).text = text

    merge((0, 0), (2, 2), _HEADER_NOTE)
    merge((0, 3), (0, 9), "申请人情况")
    merge((1, 3), (2, 3), "自然人")
    merge((1, 4), (1, 8), "法人或其他组织")
    merge((1, 9), (2, 9), "总计")
    for i, name in enumerate(_ORGS):
        cells[2][4 + i].text = name

    def numbers(row: int, label: str) -> None:
        for i, value in enumerate(table[label]):
            cells[row][3 + i].text = str(value)

    for row, label in ((3, AR.NEW), (4, AR.CARRIED)):
        merge((row, 0), (row, 2), _label(label))
        numbers(row, label)
    row = 5
    for parent, subs in AR.RESULTS:
        if not subs:
            merge((row, 1), (row, 2), _label(parent))
            numbers(row, parent)
            row += 1
            continue
        merge((row, 1), (row + len(subs) - 1, 1), parent)
        for sub in subs:
            cells[row][2].text = _label(f"{parent}-{sub}")
            numbers(row, f"{parent}-{sub}")
            row += 1
    merge((row, 1), (row, 2), AR.TOTAL)
    numbers(row, AR.TOTAL)
    merge((5, 0), (row, 0), "三、本年度办理结果")
    merge((row + 1, 0), (row + 1, 2), AR.FORWARD)
    numbers(row + 1, AR.FORWARD)
    return saved_docx(document)


def report_pdf(title: str, paragraphs: list[str], table: dict[str, list[int]]) -> bytes:
    """The report as a PDF of text lines (label, then the 7 numbers), as pypdf reads a table back."""
    lines = [*paragraphs, "三、收到和处理政府信息公开申请情况", "申请人情况 自然人 法人或其他组织 总计"]
    lines.append(" ".join(_ORGS))
    for label in AR.ROWS:
        if label in AR.PARENTS:
            lines.append(label)
            continue
        shown = _label(label)
        if label.startswith("（一）"):
            shown = "三、本年度办理结果 " + shown
        lines.append(f"{shown} {' '.join(str(v) for v in table[label])}")
    return pdf_bytes(title, lines, size=7, width=120)


# sentences of the 总体情况 part, drawn per unit and year (a correct report is not last year's text)
_NARRATIVE = (
    "{year}年，{unit}坚持以公开为常态、不公开为例外，围绕中心工作推进决策、执行、管理、服务、结果公开。",
    "全年通过门户网站主动公开政府信息，及时更新机构职能、政策文件、通知公告等栏目内容。",
    "严格执行政策文件公开前审查制度，做到应公开尽公开，全年未发生泄密和侵犯个人隐私事件。",
    "围绕群众关心的热点问题，采用图文、问答等形式开展政策解读，提高了解读的针对性和可读性。",
    "依申请公开方面，畅通当面、邮寄、网络等申请渠道，按照法定时限和程序办理并书面答复申请人。",
    "建立依申请公开登记台账，规范补正告知、第三方意见征询和延期答复程序，答复文书载明救济途径。",
    "加强政务公开平台建设，对网站栏目进行梳理整合，清理长期不更新栏目，提升网站服务水平。",
    "把政务公开纳入年度工作考核，明确分管领导和具体工作人员，定期研究部署政务公开工作。",
    "组织工作人员参加政务公开业务培训，学习政府信息公开条例和相关制度规定，提高业务能力。",
    "通过政务新媒体同步发布重要信息，及时回应社会关切，增强了政务公开的传播力和影响力。",
)


def narrative(rng: random.Random, unit: str, year: int) -> list[str]:
    """Four sentences of a report's 总体情况 (the first one always: it names the unit and year)."""
    rest = rng.sample(range(1, len(_NARRATIVE)), 3)
    return [_NARRATIVE[i].format(unit=unit, year=year) for i in [0, *sorted(rest)]]
