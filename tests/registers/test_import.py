"""`gongkai applications import` and the supervisors' upload: the contract's columns, all or
nothing, every row problem in Chinese with its row and column; export → import changes nothing."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from openpyxl import load_workbook

from gongkai.oversight.models import Event
from gongkai.registers.excel import export_workbook, import_workbook
from gongkai.registers.models import Application, State
from gongkai.registry.models import Region, Unit, UnitCategory
from tests.registers.workbooks import GOOD, HEADER, workbook

pytestmark = pytest.mark.django_db


def _run(tmp_path, data: bytes, *args: str) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(data)
    call_command("applications", "import", str(path), *args)


def test_a_good_file_is_imported_with_its_dates_states_and_consultation(tmp_path, units, capsys):
    _run(tmp_path, workbook(GOOD), "--region", "偃师市")
    assert "新增申请 3 件" in capsys.readouterr().out
    first = Application.objects.get(unit=units["own"], number="2025-001")
    assert first.received == date(2025, 3, 3) and first.state == State.REPLIED
    assert first.result == "（一）予以公开" and first.replied == date(2025, 3, 20)
    second = Application.objects.get(unit=units["own"], number="2025-002")
    assert second.state == State.IN_PROGRESS and second.extended and second.fee_amount == Decimal("100.00")
    assert [(c.started, c.ended) for c in second.consultations.all()] == [
        (date(2025, 3, 13), date(2025, 3, 20))
    ]
    assert Application.objects.get(unit=units["other"]).result == "（三）不予公开-属于国家秘密"
    assert Event.objects.filter(kind=Event.Kind.APPLICATION_IMPORT).count() == 1


def test_several_bad_rows_import_nothing_and_every_problem_is_listed(tmp_path, units):
    bad = [
        *GOOD,
        ["2025-003", "教育体育局", "个人", "2025/03/05", None, None, None, None, "不", None, None, None],
        [
            "2025-001",
            "教育体育局",
            "自然人",
            "2025-03-05",
            None,
            None,
            None,
            None,
            "否",
            "2025-03-01",
            "同意",
            "-5",
        ],
        ["", "不存在的局", "其他", "", None, None, None, "2025-03-09", "否", None, None, None],
    ]
    with pytest.raises(CommandError) as raised:
        _run(tmp_path, workbook(bad), "--region", "偃师市")
    message = str(raised.value)
    assert "未导入任何数据" in message
    for expected in [
        "第5行、「申请人类型」列：申请人类型“个人”无效",
        "第5行、「收到日期」列：“2025/03/05”不是日期",
        "第5行、「延期」列：只能填写「是」或「否」",
        "第6行、「编号」列：与第2行重复",
        "第6行、「答复日期」列：答复日期（2025-03-01）早于收到日期（2025-03-05）",
        "第6行、「办理结果」列：“同意”不是年报表三的一行",
        "第6行、「收费金额」列：收费金额应为不小于0的数字",
        "第7行、「编号」列：「编号」不能为空",
        "第7行、「单位」列：「河南省洛阳市偃师市」内没有登记名为“不存在的局”的单位",
        "第7行、「收到日期」列：「收到日期」不能为空",
        "第7行、「征求意见开始」列：填写了征求意见结束，也须填写征求意见开始",
    ]:
        assert expected in message, expected
    assert (
        not Application.objects.exists()
        and not Event.objects.filter(kind=Event.Kind.APPLICATION_IMPORT).exists()
    )


def test_a_wrong_sheet_name_or_missing_column_is_refused(tmp_path, units):
    result = import_workbook(workbook(GOOD, sheet="Sheet1"), scope=None)
    assert [str(p) for p in result.problems] == [
        "「申请」表：缺少「申请」表。请使用下载的模板，不要修改表名。"
    ]
    result = import_workbook(workbook([], header=HEADER[:-1]), scope=None)
    assert "缺少「收费金额」列" in str(result.problems[0])
    assert not Application.objects.exists()


def test_a_unit_name_in_two_regions_is_ambiguous_without_region(tmp_path, units, sample_county):
    Unit.objects.create(
        region=sample_county["商南县"], category=UnitCategory.objects.first(), name="教育体育局"
    )
    result = import_workbook(workbook(GOOD[:1]), scope=None)
    assert len(result.problems) == 1
    assert "多个地区都有名为“教育体育局”的单位（河南省洛阳市偃师市、陕西省商洛市商南县）" in str(
        result.problems[0]
    )
    result = import_workbook(workbook(GOOD[:1]), scope=Region.objects.get(name="偃师市"))
    assert result.ok and result.created == 1


def test_an_unknown_region_exits_with_a_chinese_message(tmp_path, units):
    with pytest.raises(CommandError, match="未找到地区“火星市”"):
        _run(tmp_path, workbook(GOOD), "--region", "火星市")


def test_export_then_import_changes_nothing(tmp_path, units):
    assert import_workbook(workbook(GOOD), scope=None).ok
    fields = [
        "unit_id",
        "number",
        "applicant_type",
        "received",
        "correction_requested",
        "correction_received",
        "extended",
        "replied",
        "result",
        "fee_amount",
        "state",
    ]
    before = list(Application.objects.order_by("pk").values(*fields))
    exported = export_workbook(Application.objects.all())
    sheet = load_workbook(io.BytesIO(exported))["申请"]
    assert [c.value for c in sheet[1]] == HEADER and sheet.max_row == 4
    result = import_workbook(exported, scope=None)
    assert result.ok and (result.created, result.updated) == (0, 3)
    assert list(Application.objects.order_by("pk").values(*fields)) == before
    second = Application.objects.get(number="2025-002")
    assert [(c.started, c.ended) for c in second.consultations.all()] == [
        (date(2025, 3, 13), date(2025, 3, 20))
    ]


def test_the_web_upload_is_for_supervisors_and_refuses_a_non_xlsx(users, units):
    client = Client()
    client.force_login(users["unit_admin"])
    assert client.get("/applications/import/").status_code == 403
    client.force_login(users["supervisor"])
    text = io.BytesIO("编号,单位\n1,教育体育局\n".encode())
    text.name = "登记簿.xlsx"
    page = client.post("/applications/import/", {"file": text})
    assert page.status_code == 200
    assert "文件不是有效的 Excel（.xlsx）文件" in page.content.decode()
    good = io.BytesIO(workbook(GOOD))
    good.name = "登记簿.xlsx"
    done = client.post("/applications/import/", {"file": good}, follow=True)
    assert "导入成功：新增申请 3 件" in done.content.decode()
    assert Application.objects.count() == 3
