"""Publishing seed 002's period end to end: the Word, Excel and PDF files opened and checked, the
period frozen, the e-mails sent, a second publication refused. One test, because the LibreOffice
conversion takes seconds."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core import mail

from gongkai.assessment import services as assessment
from gongkai.assessment.models import Period, ScoreChange
from gongkai.circulars.models import PublishedCircular
from gongkai.circulars.services import PublishError, publish
from tests.circulars.conftest import SEED_NOTE, SEED_TITLE
from tests.scoring.conftest import seed_rows


def _expected() -> dict[str, list[tuple[str, str, int]]]:
    """category -> [(unit, 得分 as printed, 排名)] in seed 002's order."""
    tables: dict[str, list[tuple[str, str, int]]] = {}
    for row in seed_rows("seed002_shangnan_2021q2.csv"):
        tables.setdefault(row["类别"], []).append((row["单位"], row["通报得分"], int(row["通报排名"])))
    return tables


def _pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.django_db
def test_publish_seed_002(seed002, shangnan_people, data_dir):
    record = publish(seed002, user=shangnan_people["shangnan_supervisor"])
    seed002.refresh_from_db()
    assert seed002.status == Period.Status.PUBLISHED and seed002.frozen
    assert record.published_by == shangnan_people["shangnan_supervisor"] and record.note == ""
    directory = Path(record.directory)
    assert directory == data_dir / "circulars" / str(seed002.pk)
    assert not [p for p in directory.parent.iterdir() if p.name.startswith(".publish")]
    names = {f["name"] for f in record.files}
    assert {
        "circular.docx",
        "circular.pdf",
        "tables.xlsx",
        "table-1.csv",
        "table-2.csv",
        "problems.csv",
    } <= names
    notices = [f for f in record.files if f["kind"] == "notice"]
    assert sorted(f["unit"] for f in notices) == ["县融媒体中心", "过风楼镇"]
    assert all((directory / f["name"]).is_file() for f in record.files)

    expected = _expected()
    document = docx.Document(directory / "circular.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    flat = text.replace("\n", "")
    assert SEED_TITLE in flat and "征求意见稿" not in flat
    assert "商南政办函〔2021〕56号" in text
    assert "表现较好的单位有：过风楼镇" in flat and "县融媒体中心" in flat  # best unit of each table, by name
    assert "空白栏目（共3处）" in flat
    assert "16个单位为信息零报送" in flat  # seed 002: "其中16个单位为信息零报送"
    tables = [t for t in document.tables if t.rows[0].cells[0].text.strip() == "单位名称"]
    assert len(tables) == 2
    for table, (category, rows) in zip(tables, expected.items(), strict=True):
        header = [c.text.strip() for c in table.rows[0].cells]
        assert header == ["单位名称", "报送信息", "采用信息", "得分", "排名"], category
        body = [[c.text.strip() for c in row.cells] for row in table.rows[1:]]
        assert [(r[0], r[3], int(r[4])) for r in body] == rows
    assert text.count(SEED_NOTE) == 2  # under each attachment table

    workbook = openpyxl.load_workbook(directory / "tables.xlsx")
    sheets = [ws for ws in workbook.worksheets if any(c.value == "得分" for c in ws[2])]
    assert len(sheets) == 2
    for ws, (category, rows) in zip(sheets, expected.items(), strict=True):
        assert category in ws["A1"].value
        values = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] and r[3] is not None]
        assert [(r[0], Decimal(str(r[3])), r[4]) for r in values] == [(u, Decimal(s), k) for u, s, k in rows]
        assert all(isinstance(r[3], int | float) for r in values)
        assert any(SEED_NOTE in str(c.value) for row in ws.iter_rows() for c in row if c.value)

    assert _pdf_pages(directory / "circular.pdf") >= 2

    # frozen: a metric change is refused, publishing again is refused
    unit_id = seed002.memberships.get(unit__name="过风楼镇").unit_id
    with pytest.raises(assessment.PeriodFrozen):
        assessment.set_metrics(seed002, {unit_id: {"报送信息": Decimal(1)}}, user=None, reason="改")
    with pytest.raises(PublishError, match="已发布"):
        publish(seed002, user=shangnan_people["shangnan_supervisor"])
    assert PublishedCircular.objects.count() == 1

    # the audit log says who published
    logged = ScoreChange.objects.filter(period=seed002, what="状态", new="已发布")
    assert logged.count() == seed002.memberships.count()
    assert {c.user for c in logged} == {shangnan_people["shangnan_supervisor"]}

    # one e-mail per unit administrator with an address, with the unit's score and rank
    assert record.emails_sent == 3 and len(mail.outbox) == 3
    by_address = {m.to[0]: m for m in mail.outbox}
    first = by_address["gfl_admin@example.gov.cn"]
    assert first.subject.startswith("【通报】") and "过风楼镇得分30.4分" in first.subject
    assert "排名第1名" in first.body and "问题2个" in first.body
    assert "问题0个" in by_address["zc_admin@example.gov.cn"].body
