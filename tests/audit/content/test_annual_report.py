"""The pure parser of annual reports (gongkai.audit.content.annual_report): labels as units write
them, merged cells, column order, .docx and PDF text, the identities, copies and the comparison
with a register."""

from __future__ import annotations

import io
import random
from datetime import date

import docx
import pypdf
import pytest

from gongkai.audit.content import annual_report as AR
from gongkai.demo import annual as A
from gongkai.disclosure import annual_table


def sample(seed: int = 1) -> dict[str, list[int]]:
    return A.sample_table(random.Random(seed), size=40)


def test_rows_follow_the_register_contract() -> None:
    assert len(AR.ROWS) == 2 + 2 + (1 + 8) + (1 + 3) + (1 + 5) + (1 + 3) + 2
    assert AR.ROWS[0] == "一、本年新收政府信息公开申请数量" and AR.ROWS[-1] == "四、结转下年度继续办理"
    assert "（三）不予公开-属于国家秘密" in AR.ROWS and "（三）不予公开-危及“三安全一稳定”" in AR.ROWS
    assert "（六）其他处理-其他" in AR.ROWS and AR.COLUMNS[-1] == "总计" and len(AR.COLUMNS) == 7


def test_labels_are_the_registers() -> None:
    """One vocabulary: the published table is read into the register's own rows and columns."""
    assert AR.ROWS == annual_table.ROW_LABELS and AR.COLUMNS == annual_table.COLUMNS
    register = annual_table.to_json(annual_table.build([], 2025))
    published = {label: [0] * 7 for label in AR.ROWS}
    assert AR.compare(published, register) == []
    published["（一）予以公开"][0] = 1
    assert AR.compare(published, register) == [
        {
            "cell": "（一）予以公开／自然人",
            "row": "（一）予以公开",
            "column": "自然人",
            "published": 1,
            "register": 0,
        }
    ]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("1．属于国家秘密", "属于国家秘密"),
        ("1. 属于国家秘密", "属于国家秘密"),
        ("３．危及\u201c三安全一稳定\u201d", "危及三安全一稳定"),
        ('3.危及"三安全一稳定"', "危及三安全一稳定"),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
        ("(二)部分公开", "部分公开"),
        ("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
        ("四、 结转下年度 继续办理", "结转下年度继续办理"),
    ],
)
def test_labels_are_normalised(written: str, canonical: str) -> None:
    assert AR.core(written) == canonical


def test_html_table_with_merged_cells() -> None:
    table = sample()
    grids = AR.html_grids(A.report_html("某县", 2025, ["正文"], table))
    assert AR.find_table3(grids).to_json() == table
    assert AR.identity_problems(AR.find_table3(grids)) == []


def test_labels_written_otherwise_and_blank_cells() -> None:
    """Half-width brackets, Arabic numbering with a dot, straight quotes, blank cells for zero."""
    table = sample(2)
    html = A.table3_html(table)
    html = html.replace("（三）不予公开", "(三) 不予公开").replace("１", "1").replace("．", ".")
    html = html.replace("\u201c三安全一稳定\u201d", '"三安全一稳定"')
    html = html.replace("<td>0</td>", "<td></td>")
    assert AR.find_table3(AR.html_grids(html)).to_json() == table


def test_columns_in_another_order_are_put_back() -> None:
    table = sample(3)
    html = A.table3_html(table)
    # swap 商业企业 and 科研机构 in the header and in every row
    swapped = {label: [v[0], v[2], v[1], *v[3:]] for label, v in table.items()}
    html = A.table3_html(swapped).replace(
        "<td>商业企业</td><td>科研机构</td>", "<td>科研机构</td><td>商业企业</td>"
    )
    assert AR.find_table3(AR.html_grids(html)).to_json() == table


def test_a_missing_row_is_an_error_not_a_guess() -> None:
    html = A.table3_html(sample())
    html = html.replace("8．属于行政查询事项", "8．（本行删除）")
    with pytest.raises(AR.TableError, match="属于行政查询事项"):
        AR.find_table3(AR.html_grids(html))
    with pytest.raises(AR.TableError, match="未找到表三"):
        AR.find_table3(AR.html_grids("<table><tr><td>规章</td><td>1</td></tr></table>"))


def test_docx_with_merged_cells() -> None:
    table = sample(4)
    document = docx.Document(io.BytesIO(A.report_docx("2025年度报告", ["正文"], table)))
    assert any(cell.text == "三、本年度办理结果" for cell in document.tables[0].columns[0].cells)
    assert AR.find_table3(AR.docx_grids(document)).to_json() == table


def test_pdf_text() -> None:
    table = sample(5)
    data = A.report_pdf("2025年度政府信息公开工作年度报告", ["正文"], table)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert AR.parse_table3_text(text).to_json() == table
    # a label broken over two lines, as pypdf returns wrapped cells
    broken = text.replace("行政机关不再处理其政府信息公开申请 ", "行政机关不再处理\n其政府信息公开申请 ", 1)
    assert AR.parse_table3_text(broken).to_json() == table
    with pytest.raises(AR.TableError):
        AR.parse_table3_text(text.split("（五）不予处理")[0])


def test_identities() -> None:
    table = sample(6)
    table[AR.FORWARD][1] += 1
    table[AR.FORWARD][6] += 1
    problems = AR.identity_problems(AR.Table3(table))
    assert [(p.rule, p.column, p.left, p.right) for p in problems] == [
        (
            AR.IDENTITY,
            "商业企业",
            table[AR.NEW][1] + table[AR.CARRIED][1],
            table[AR.TOTAL][1] + table[AR.FORWARD][1],
        ),
        (
            AR.IDENTITY,
            "总计",
            table[AR.NEW][6] + table[AR.CARRIED][6],
            table[AR.TOTAL][6] + table[AR.FORWARD][6],
        ),
    ]
    total = sample(6)
    total[AR.TOTAL][0] += 2
    total[AR.TOTAL][6] += 2
    rules = {(p.rule, p.row, p.column) for p in AR.identity_problems(AR.Table3(total))}
    assert ("parent", AR.TOTAL, "自然人") in rules and (AR.IDENTITY, AR.NEW, "自然人") in rules


def test_copies() -> None:
    table = sample(7)
    assert AR.same_numbers(table, {k: list(v) for k, v in table.items()})
    other = {k: list(v) for k, v in table.items()}
    other[AR.FORWARD][0] += 1
    assert not AR.same_numbers(table, other)
    zeros = {label: [0] * 7 for label in AR.ROWS}
    assert not AR.same_numbers(zeros, zeros)  # no applications two years running is no copy
    text = (
        "县政府坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。"
        "全年通过政府网站发布信息一千余条，召开新闻发布会六场，开展政府开放日活动两次。"
    )
    assert AR.text_similarity("2024年，" + text, "2025年，" + text) == 1.0  # years do not count
    other = "政府网站新增重点领域信息公开专栏十二个，政策解读采用图解、视频等多种形式，提升了可读性。"
    assert AR.text_similarity(text, other) < 0.2
    assert AR.text_similarity("很短", "很短") == 0.0  # too short to tell


def test_report_titles_and_deadlines() -> None:
    assert AR.report_year("某某县2025年度政府信息公开工作年度报告") == 2025
    assert AR.report_year("某某县人民政府２０２４年政府信息公开工作年度报告") == 2024
    assert AR.report_year("2023年度政务公开工作要点") is None
    assert AR.is_report_list("政府信息公开年报") and AR.is_report_list("年度报告")
    assert not AR.is_report_list("2025年度政府信息公开工作年度报告") and not AR.is_report_list("工作动态")
    assert AR.deadline(2025) == date(2026, 3, 31) and AR.deadline(2025, "department") == date(2026, 1, 31)
    assert AR.deadline(2025, "02-15") == date(2026, 2, 15)


def test_compare_with_the_register() -> None:
    published = sample(8)
    register = {k: list(v) for k, v in published.items()}
    assert AR.compare(published, register) == []
    register["（一）予以公开"][0] += 2
    del register["（六）其他处理-其他"]
    differences = AR.compare(published, register)
    assert {"cell": "（一）予以公开／自然人", "row": "（一）予以公开", "column": "自然人",
            "published": published["（一）予以公开"][0],
            "register": published["（一）予以公开"][0] + 2} in differences  # fmt: skip
    missing = [d for d in differences if d["row"] == "（六）其他处理-其他"]
    assert all(d["register"] == 0 for d in missing) and len(missing) == sum(
        1 for v in published["（六）其他处理-其他"] if v
    )


def test_cms_markup_inside_cells() -> None:
    """<th>, <tbody>, labels broken over <p>s, &nbsp; around numbers, a layout table around it."""
    table = sample(9)
    html = A.table3_html(table)
    html = html.replace("<table ", "<table><tbody><tr><td><table ", 1).replace(
        "</table>", "</table></td></tr></tbody></table>"
    )
    html = html.replace('<td rowspan="2">自然人</td>', '<th rowspan="2">自然人</th>').replace(
        "（三）不予公开<", "<p>（三）</p><p>不予公开</p><"
    )
    html = html.replace("<td>0</td>", "<td>&nbsp;0&nbsp;</td>")
    html = html.replace('<tr><td colspan="3">一、', '<tbody><tr><td colspan="3"><span>一、</span>', 1)
    assert all(part in html for part in ("<th rowspan", "<p>（三）</p>", "&nbsp;0&nbsp;", "<span>一、"))
    assert AR.find_table3(AR.html_grids(html)).to_json() == table
