"""`gongkai applications clock` end to end, through `python -m gongkai` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.disclosure.cli import clock_main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gongkai", "applications", "clock", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


CASES = [
    {"id": "2024-001", "received": "2024-09-25", "request_number_in_month": 31},
    {
        "id": "2025-007",
        "received": "2025-03-03",
        "correction_requested": "2025-03-05",
        "correction_received": "2025-03-10",
        "pages": 150,
    },
    {"id": 3, "received": "2024-09-25", "third_party": [["2024-09-30", "2024-10-09"]], "pages": 0},
    {"id": "年底", "received": "2026-12-10"},
]


def test_clock_end_to_end(tmp_path):
    out = tmp_path / "out" / "OUT.json"
    done = run(str(write(tmp_path / "cases.json", CASES)), "--json", str(out))
    assert done.returncode == 0, done.stderr
    assert "已计算 4 个申请" in done.stdout
    result = json.loads(out.read_text(encoding="utf-8"))
    rule = result[3].pop("rule")
    assert "2027 年" in rule and "估算" in rule
    assert result == [
        {
            "id": "2024-001",
            "correction_notice_due": "2024-10-10",
            "reply_due": "2024-10-28",
            "extended_due": "2024-11-25",
            "fee_by_request": 200,
            "estimated": False,
        },
        {
            "id": "2025-007",
            "correction_notice_due": "2025-03-12",
            "reply_due": "2025-04-08",
            # 04-09..11 (23), 04-14..25 (33), Sun 04-27 make-up (34), 04-28..30 (37),
            # 05-01..05 off, 05-06 (38), 05-07 (39), 05-08 (40)
            "extended_due": "2025-05-08",
            "fee_by_pages": 1700,
            "estimated": False,
        },
        {
            "id": 3,
            "correction_notice_due": "2024-10-10",
            "reply_due": "2024-10-31",
            "extended_due": "2024-11-28",
            "fee_by_pages": 0,
            "estimated": False,
        },
        {
            "id": "年底",
            "correction_notice_due": "2026-12-21",
            "reply_due": "2027-01-08",
            "extended_due": "2027-02-09",
            "estimated": True,
        },
    ]
    # keys in the contract's order
    assert list(json.loads(out.read_text(encoding="utf-8"))[0]) == [
        "id",
        "correction_notice_due",
        "reply_due",
        "extended_due",
        "fee_by_request",
        "estimated",
    ]


def test_bad_input_exits_1_names_the_case_and_writes_nothing(tmp_path):
    out = tmp_path / "OUT.json"
    cases = [
        {"id": "ok", "received": "2025-01-06"},
        {"id": "a", "received": "2025-01-06"},
        {"id": "b", "received": "2025-01-06", "third_party": [["2025-01-10", "2025-01-08"]]},
    ]
    done = run(str(write(tmp_path / "cases.json", cases)), "--json", str(out))
    assert done.returncode == 1
    assert "第 3 个（id=b）" in done.stderr and "third_party" in done.stderr and "结束日期" in done.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "cases.json"]


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ({"id": "x", "received": "2025-02-30"}, ["received", "有效日期"]),
        ({"id": "x", "received": "20250203"}, ["received"]),
        ({"id": "x"}, ["缺少字段 received"]),
        ({"received": "2025-02-03"}, ["缺少字段 id"]),
        (
            {"id": "x", "received": "2025-02-03", "correction_received": "2025-02-05"},
            ["correction_requested"],
        ),
        ({"id": "x", "received": "2025-02-03", "pages": -1}, ["pages", "页数"]),
        ({"id": "x", "received": "2025-02-03", "request_number_in_month": 0}, ["request_number_in_month"]),
        ({"id": "x", "received": "2025-02-03", "third_party": [["2025-02-04"]]}, ["third_party 第 1 段"]),
        ({"id": "x", "received": "2025-02-03", "page": 3}, ["未知字段 page"]),
        ({"id": "x", "received": "2003-02-03"}, ["2004"]),
        ({"id": ["x"], "received": "2025-02-03"}, ["字段 id"]),
    ],
)
def test_bad_case_in_process(tmp_path, capsys, case, words):
    out = tmp_path / "OUT.json"
    assert (
        clock_main(
            [
                str(write(tmp_path / "c.json", [{"id": "ok", "received": "2025-01-06"}, case])),
                "--json",
                str(out),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "第 2 个" in err
    for word in words:
        assert word in err
    assert not out.exists()


def test_duplicate_id_and_bad_files(tmp_path, capsys):
    out = tmp_path / "OUT.json"
    dup = write(
        tmp_path / "dup.json", [{"id": "a", "received": "2025-01-06"}, {"id": "a", "received": "2025-01-07"}]
    )
    assert clock_main([str(dup), "--json", str(out)]) == 1
    assert "第 2 个（id=a）：id 与第 1 个重复" in capsys.readouterr().err
    assert clock_main([str(tmp_path / "missing.json"), "--json", str(out)]) == 1
    assert "找不到输入文件" in capsys.readouterr().err
    (tmp_path / "broken.json").write_text("[{", encoding="utf-8")
    assert clock_main([str(tmp_path / "broken.json"), "--json", str(out)]) == 1
    assert "不是有效的 JSON" in capsys.readouterr().err
    assert clock_main([str(write(tmp_path / "obj.json", {"id": 1})), "--json", str(out)]) == 1
    assert "JSON 数组" in capsys.readouterr().err
    assert clock_main([str(dup)]) == 1  # --json is required
    assert "参数错误" in capsys.readouterr().err
    assert not out.exists()


def test_chinese_help():
    done = run("--help")
    assert done.returncode == 0
    assert "补正告知期限" in done.stdout and "OUT.json" in done.stdout
