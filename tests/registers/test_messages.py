"""The messages register (网民留言 / 网上问政 / 找错): `gongkai messages import|stats` to the
contract (registers-contract §3), the all-or-nothing import, the region's limit, the pages and
their permissions, the API, the metrics a period's score reads and the circular's sentence."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from gongkai.oversight.models import Event
from gongkai.registers.models import Message, MessageLimit
from gongkai.registry.models import Unit
from tests.registers.workbooks import workbook as registers_workbook

pytestmark = pytest.mark.django_db

HEADER = ["编号", "单位", "渠道", "收到日期", "办结日期", "公开"]


def workbook(rows: list[list], *, header=HEADER, sheet="留言") -> bytes:
    return registers_workbook(rows, header=header, sheet=sheet)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _import(tmp_path, data: bytes, *args: str) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(data)
    call_command("messages", "import", str(path), *args)


def _stats(tmp_path, *args: str) -> list[dict]:
    out = tmp_path / "out.json"
    call_command("messages", "stats", *args, "--json", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


GOOD = [
    # 2025-09-30 (Tue) then the National Day holiday: 找错's 3 working days end on Sat 10-11 (make-up day)
    ["1", "教育体育局", "找错", datetime(2025, 9, 30), datetime(2025, 10, 11), "是"],
    ["2", "教育体育局", "找错", "2025-09-30", "2025-10-13", "是"],  # late
    ["3", "教育体育局", "咨询", "2025-10-09", "", "否"],  # open, overdue at 10-31
    ["4", "教育体育局", "留言", "2025-10-31", "2025-11-03", ""],  # last day; handled after --to
    ["5", "教育体育局", "投诉", "2025-07-30", "", "是"],  # before the window, open 3 months + 1 day at 10-31
    ["6", "教育体育局", "建议", "2025-07-31", "", "是"],  # exactly 3 months at 10-31: not yet the veto
    ["7", "教育体育局", "留言", "2025-11-01", "2025-11-01", "是"],  # after the window
    [
        "1",
        "公安局",
        "留言",
        "2025-10-01",
        "2025-10-20",
        "是",
    ],  # 9 working days (10-09, 10-10, 10-11, 10-13…): on time
]


def test_import_then_stats_follow_the_contract(tmp_path, units, capsys):
    _import(tmp_path, workbook(GOOD), "--region", "偃师市")
    assert "新增留言 8 条" in capsys.readouterr().out
    assert Event.objects.filter(kind=Event.Kind.MESSAGE_IMPORT).count() == 1
    assert not Message.objects.get(unit=units["own"], number="3").public
    rows = _stats(tmp_path, "--from", "2025-10-01", "--to", "2025-10-31", "--unit", str(units["own"].pk))
    assert rows == [
        {
            "unit": "教育体育局",
            "received": 2,  # 3 and 4: the 9-30 ones are the day before the window
            "handled": 0,  # 4 is closed after --to
            "completion_rate": 0.0,
            "on_time": 0,
            "on_time_rate": 0.0,
            "overdue_open": 1,  # 3: 咨询 of 10-09, due 10-16
            "unanswered_over_3_months": 1,  # 5 (received at any date), not 6 (exactly 3 months)
        }
    ]
    rows = _stats(tmp_path, "--from", "2025-09-30", "--to", "2025-10-31", "--unit", str(units["own"].pk))
    assert rows == [
        {
            "unit": "教育体育局",
            "received": 4,  # 1, 2, 3, 4
            "handled": 2,  # 4 is closed after --to
            "completion_rate": 0.5,
            "on_time": 1,
            "on_time_rate": 0.25,
            "overdue_open": 1,  # 3
            "unanswered_over_3_months": 1,  # 5, not 6
        }
    ]
    region = {
        r["unit"]: r
        for r in _stats(tmp_path, "--from", "2025-09-30", "--to", "2025-10-31", "--region", "偃师市")
    }
    assert len(region) == Unit.objects.filter(region__name="偃师市").count()
    assert region["公安局"]["on_time_rate"] == 1.0
    assert region["商城街道"]["completion_rate"] is None and region["商城街道"]["received"] == 0
    # the region's own limit for 留言/投诉/建议: 公安局's 9 working days pass a limit of 8
    MessageLimit.objects.create(region=units["own"].region, days=8)
    region = {
        r["unit"]: r
        for r in _stats(tmp_path, "--from", "2025-09-30", "--to", "2025-10-31", "--region", "偃师市")
    }
    assert region["公安局"]["on_time"] == 0 and region["公安局"]["handled"] == 1
    _import(tmp_path, workbook(GOOD), "--region", "偃师市")
    assert "新增留言 0 条，更新 8 条" in capsys.readouterr().out
    assert Message.objects.count() == 8


def test_a_bad_file_names_every_problem_in_chinese_and_stores_nothing(tmp_path, units):
    rows = [
        ["", "教育体育局", "留言", "2025-04-01", "", "是"],
        ["2", "不存在的局", "留言", "2025-04-01", "", "是"],
        ["3", "教育体育局", "信访", "2025-13-01", "", "可能"],
        ["4", "教育体育局", "咨询", "2025-04-05", "2025-04-01", "是"],
        ["4", "教育体育局", "", "2025-04-02", "", "是"],
        ["6", "教育体育局", "找错", "2025-04-02", "2025-04-03", "是"],  # good: still not stored
    ]
    with pytest.raises(CommandError) as raised:
        _import(tmp_path, workbook(rows), "--region", "偃师市")
    text = str(raised.value)
    for expected in (
        "第2行",
        "「编号」不能为空",
        "没有登记名为“不存在的局”的单位",
        "渠道“信访”无效",
        "“2025-13-01”不是日期",
        "而不是「可能」",
        "办结日期（2025-04-01）早于收到日期（2025-04-05）",
        "渠道不能为空",
        "与第5行重复",
    ):
        assert expected in text, expected
    assert Message.objects.count() == 0
    with pytest.raises(CommandError, match="缺少「公开」列"):
        _import(tmp_path, workbook([], header=HEADER[:-1]))
    with pytest.raises(CommandError, match="缺少「留言」表"):
        _import(tmp_path, workbook([], sheet="Sheet1"))


def test_stats_refuses_bad_arguments(tmp_path, units):
    with pytest.raises(CommandError, match="日期“2025-02-30”无效"):
        _stats(tmp_path, "--from", "2025-02-30", "--to", "2025-03-01", "--unit", str(units["own"].pk))
    with pytest.raises(CommandError, match="晚于截止日期"):
        _stats(tmp_path, "--from", "2025-04-01", "--to", "2025-03-01", "--unit", str(units["own"].pk))
    with pytest.raises(CommandError, match="单位编号 999999 不存在"):
        _stats(tmp_path, "--from", "2025-04-01", "--to", "2025-06-30", "--unit", "999999")
    with pytest.raises(CommandError, match="未找到地区"):
        _stats(tmp_path, "--from", "2025-04-01", "--to", "2025-06-30", "--region", "火星")
