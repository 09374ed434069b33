"""`gongkai score` with real .csv and .xlsx files, in-process and through the console script."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.scoring.cli import main
from tests.scoring.conftest import DATA, seed_rows

GONGKAI = Path(sys.executable).with_name("gongkai")
SHANGNAN = DATA / "seed002_shangnan_2021q2.csv"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def shangnan_table(numbers: bool = False) -> list[list]:
    rows = [["类别", "单 位", "报送信息", "采用信息"]]  # a header with a space, as in the seed
    for row in seed_rows(SHANGNAN.name):
        values = (
            [int(row["报送信息"]), int(row["采用信息"])] if numbers else [row["报送信息"], row["采用信息"]]
        )
        rows.append([row["类别"], row["单位"], *values])
    return rows


def expected_shangnan() -> dict[str, tuple[Decimal, int]]:
    return {r["单位"]: (Decimal(r["通报得分"]), int(r["通报排名"])) for r in seed_rows(SHANGNAN.name)}


def test_seed002_csv_to_csv_reproduces_the_circular(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["--scheme", "shangnan-quarterly", "--input", str(SHANGNAN), "--output", str(out)]) == 0
    rows = read_csv(out)
    assert list(rows[0]) == [
        "类别",
        "单位",
        "报送信息",
        "采用信息",
        "通报得分",
        "通报排名",
        "备注",
        "得分",
        "排名",
        "说明",
    ]
    assert {r["单位"]: (Decimal(r["得分"]), int(r["排名"])) for r in rows} == expected_shangnan()
    assert [r["类别"] for r in rows[:10]] == ["镇办"] * 10
    printed = capsys.readouterr().out
    assert "商南县政府网站信息报送及采用情况（季度） — 县直部门" in printed
    assert "县住房公积金管理中心" in printed and "已写出 62 个单位" in printed


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_gbk_and_bom_csv(tmp_path, encoding):
    source = write_csv(tmp_path / "in.csv", shangnan_table(), encoding)
    out = tmp_path / "out.csv"
    assert main(["--scheme", "shangnan-quarterly", "--input", str(source), "--output", str(out)]) == 0
    assert {r["单位"]: (Decimal(r["得分"]), int(r["排名"])) for r in read_csv(out)} == expected_shangnan()


def test_xlsx_to_xlsx(tmp_path):
    source = write_xlsx(tmp_path / "in.xlsx", shangnan_table(numbers=True))
    out = tmp_path / "out.xlsx"
    assert main(["--scheme", "shangnan-quarterly", "--input", str(source), "--output", str(out)]) == 0
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("类别", "单位", "报送信息", "采用信息", "得分", "排名", "说明")
    got = {r[1]: (Decimal(str(r[4])), r[5]) for r in rows[1:]}
    assert got == expected_shangnan()
    assert rows[1][4] == 30.4 and isinstance(rows[3][4], float)  # numbers, not text


def test_json_output_carries_the_trace_and_competition_ranking(tmp_path):
    out = tmp_path / "out.json"
    assert (
        main(
            [
                "--scheme",
                "shangnan-quarterly",
                "--input",
                str(SHANGNAN),
                "--output",
                str(out),
                "--ranking",
                "competition",
            ]
        )
        == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["ranking"] == "competition" and data["scheme"]["id"] == "shangnan-quarterly"
    rows = {r["单位"]: r for r in data["rows"]}
    assert rows["县统计局"]["排名"] == 15 and rows["县机关事务服务中心"]["排名"] == 17  # 1, 2, 2, 4 style
    trace = rows["过风楼镇"]["计算过程"]["indicators"][0]["steps"][0]
    assert trace["formula"] == "0.2 * 报送信息 + 1 * 采用信息"
    assert {q["name"]: q["value"] for q in trace["inputs"]} == {"报送信息": 27, "采用信息": 25}


def test_seed000_through_the_cli_keeps_the_seed_order(tmp_path):
    out = tmp_path / "out.csv"
    source = DATA / "seed000_yanshi_2021_02.csv"
    assert main(["--scheme", "yanshi-monthly", "--input", str(source), "--output", str(out)]) == 0
    rows = read_csv(out)
    assert [r["单位名称"] for r in rows] == [r["单位名称"] for r in seed_rows(source.name)]
    assert all(Decimal(r["得分"]) == Decimal(r["总分"]) for r in rows)


def test_bad_cells_are_listed_per_row_and_nothing_is_written(tmp_path, capsys):
    table = shangnan_table()
    table[3][2] = "十二"  # row 4, 报送信息
    table[5][3] = "5条"  # row 6, 采用信息
    table[7][1] = ""  # row 8, no unit
    table[9][1] = table[2][1]  # row 10 repeats row 3's unit
    source = write_csv(tmp_path / "in.csv", table)
    out = tmp_path / "out.csv"
    assert main(["--scheme", "shangnan-quarterly", "--input", str(source), "--output", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "第 4 行：“报送信息”列的值“十二”不是数字" in printed
    assert "第 6 行：“采用信息”列的值“5条”不是数字" in printed
    assert "第 8 行：“单位”列为空" in printed
    assert "第 10 行：单位“赵川镇”与第 3 行重复" in printed
    assert "未写出任何结果" in printed and not out.exists()


def test_missing_columns_are_named(tmp_path, capsys):
    source = write_csv(tmp_path / "in.csv", [["单位", "报送信息"], ["过风楼镇", "27"]])
    out = tmp_path / "out.xlsx"
    assert main(["--scheme", "shangnan-quarterly", "--input", str(source), "--output", str(out)]) == 1
    assert "输入文件缺少列：类别、采用信息" in capsys.readouterr().out
    assert not out.exists()


def test_unknown_units_against_the_official_list(tmp_path, capsys):
    source = write_xlsx(
        tmp_path / "in.xlsx",
        [["单位", "类别"], ["荆州区", "县市区"], ["武汉市", "县市区"], ["沙市区", "功能区"]],
    )
    out = tmp_path / "out.csv"
    argv = ["--scheme", "jingzhou-2021-county", "--input", str(source), "--output", str(out)]
    assert main([*argv, "--no-findings"]) == 1
    printed = capsys.readouterr().out
    assert "第 3 行：单位“武汉市”不在方案“jingzhou-2021-county”的考评对象名单中" in printed
    assert "第 4 行：单位“沙市区”在考评对象名单中属于“县市区”，表中写的是“功能区”" in printed
    assert not out.exists()


def check_json(findings: list[dict]) -> str:
    return json.dumps(
        {
            "start": "http://127.0.0.1:8000/",
            "as_of": "2021-12-31",
            "pages_crawled": 40,
            "truncated": False,
            "error": None,
            "site": {},
            "columns": [],
            "findings": findings,
        },
        ensure_ascii=False,
    )


def test_findings_directory_and_manual_scores(tmp_path, capsys):
    findings = tmp_path / "findings"
    findings.mkdir()
    empty = [
        {
            "kind": "empty_column",
            "page": f"http://127.0.0.1:8000/c{i}/",
            "column": f"栏目{i}",
            "message": "空白栏目",
        }
        for i in range(6)
    ]
    (findings / "荆州区.json").write_text(check_json(empty[:1]), encoding="utf-8")
    (findings / "沙市区.json").write_text(check_json(empty), encoding="utf-8")
    manual = tmp_path / "manual.json"
    manual.write_text(
        json.dumps(
            {"荆州区": {"1.2": {"points": 4, "reason": "专区符合要求", "evidence": ["专区.jpg"]}}},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    source = write_csv(
        tmp_path / "in.csv",
        [["单位", "类别", "网站被市公开办通报次数"], ["荆州区", "县市区", "1"], ["沙市区", "县市区", ""]],
    )
    out = tmp_path / "out.json"
    assert (
        main(
            [
                "--scheme",
                "jingzhou-2021-county",
                "--input",
                str(source),
                "--output",
                str(out),
                "--findings",
                str(findings),
                "--manual",
                str(manual),
            ]
        )
        == 0
    )
    rows = {r["单位"]: r for r in json.loads(out.read_text(encoding="utf-8"))["rows"]}
    jingzhou = rows["荆州区"]["计算过程"]
    # automatic: 空白栏目 2 − 1, 应更新 2, 链接 1, 规范建设 1 (40 pages read, no tag, footer or
    # search finding), 责任主体 2 (no account reported); manual: 专区 4; penalty: one 市公开办
    # circular −2; every other manual item is still pending (0): 动态要闻, 文件完整性 and 解读关联
    # too, as the check read no 动态 column, policy file or interpretation
    assert rows["荆州区"]["得分"] == 1 + 2 + 1 + 1 + 2 + 4 - 2
    pending = set(jingzhou["pending"])
    assert {"3.3", "2.2.2", "2.3.3"} <= pending and "3.10" not in pending
    empty_step = jingzhou["indicators"][2]["children"][0]["children"][0]["steps"][0]
    assert empty_step["inputs"][0]["findings"][0]["column"] == "栏目0"
    assert rows["沙市区"]["计算过程"]["vetoes"][0]["id"] == "empty_columns"
    printed = capsys.readouterr().out
    assert "空白栏目超过5个" in printed and "项待人工评分" in printed
    # a unit without its check file is a row error
    (findings / "沙市区.json").unlink()
    assert (
        main(
            [
                "--scheme",
                "jingzhou-2021-county",
                "--input",
                str(source),
                "--output",
                str(tmp_path / "o.csv"),
                "--findings",
                str(findings),
            ]
        )
        == 1
    )
    assert "第 3 行：找不到单位“沙市区”的检查结果文件" in capsys.readouterr().out


def test_probe_file_feeds_the_unreachable_veto(tmp_path, capsys):
    findings = tmp_path / "f"
    findings.mkdir()
    (findings / "门户.json").write_text(check_json([]), encoding="utf-8")
    (findings / "门户.probe.json").write_text('{"total": 140, "failed": 7}', encoding="utf-8")
    source = write_csv(tmp_path / "in.csv", [["单位", "类别"], ["门户", "政府门户"]])
    out = tmp_path / "out.json"
    assert (
        main(
            [
                "--scheme",
                "guoban-2019",
                "--input",
                str(source),
                "--output",
                str(out),
                "--findings",
                str(findings),
            ]
        )
        == 0
    )
    result = json.loads(out.read_text(encoding="utf-8"))["rows"][0]["计算过程"]
    assert [v["id"] for v in result["vetoes"]] == ["unreachable"] and result["passed"] is False


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--input", "x.csv", "--output", "y.csv"], "缺少 --scheme"),
        (["--scheme", "nope", "--input", str(SHANGNAN), "--output", "y.csv"], "没有编号为“nope”的内置方案"),
        (["--scheme", "shangnan-quarterly", "--input", "missing.csv", "--output", "y.csv"], "输入文件不存在"),
        (["--scheme", "shangnan-quarterly", "--input", str(SHANGNAN), "--output", "y.txt"], "输出文件须为"),
        (
            [
                "--scheme",
                "shangnan-quarterly",
                "--input",
                str(SHANGNAN),
                "--output",
                "y.csv",
                "--ranking",
                "x",
            ],
            "--ranking 只能是",
        ),
        (["--bogus"], "参数错误"),
    ],
)
def test_bad_arguments_exit_2(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().out


def run_console(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(GONGKAI), "score", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_console_script_end_to_end(tmp_path):
    done = run_console(
        "--scheme", "shangnan-quarterly", "--input", str(SHANGNAN), "--output", "out.xlsx", cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "县直部门" in done.stdout and "68.4" in done.stdout
    rows = list(load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True))
    assert {r[1]: (Decimal(str(r[7])), r[8]) for r in rows[1:]} == expected_shangnan()

    write_csv(tmp_path / "bad.csv", [["单位", "类别", "报送信息", "采用信息"], ["甲", "镇办", "x", "1"]])
    done = run_console(
        "--scheme", "shangnan-quarterly", "--input", "bad.csv", "--output", "bad_out.csv", cwd=tmp_path
    )
    assert done.returncode == 1 and "第 2 行：“报送信息”列的值“x”不是数字" in done.stdout
    assert not (tmp_path / "bad_out.csv").exists()

    done = run_console("--scheme", "shangnan-quarterly", cwd=tmp_path)
    assert done.returncode == 2 and "缺少 --input、--output" in done.stdout


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_output_keeps_formula_like_unit_names_as_text(tmp_path, suffix):
    """Issue 12.6: `gongkai score` copied '=HYPERLINK(...)' from the input into a live formula."""
    from tests.sheet_payloads import PAYLOADS

    table = shangnan_table(numbers=True)
    hostile = [p for p in PAYLOADS if not p[0].isspace()]  # the reader trims surrounding whitespace
    for row, payload in zip(table[1:], hostile, strict=False):
        row[1] = payload
    source = write_csv(tmp_path / "in.csv", table)
    out = tmp_path / f"out{suffix}"
    assert main(["--scheme", "shangnan-quarterly", "--input", str(source), "--output", str(out)]) == 0
    if suffix == ".xlsx":
        rows = list(load_workbook(out).active.iter_rows(min_row=2))
        names = {r[1].value: r for r in rows}
        for payload in hostile:
            name, score = names[payload][1], names[payload][4]
            assert (name.data_type, name.value) == ("s", payload)
            assert score.data_type == "n"
    else:
        rows = {r["单位"]: r for r in read_csv(out)}
        for payload in hostile:
            neutral = "'" + payload if payload[0] in "=+-@" else payload
            assert Decimal(rows[neutral]["得分"]) >= 0 and int(rows[neutral]["排名"]) >= 1
        assert not any(name[0] in "=+-@\t\r" for name in rows)


def test_automatic_items_need_findings_or_no_findings(tmp_path, capsys):
    """Issue 16.4: without --findings a scheme's automatic items scored full marks silently."""
    source = write_xlsx(tmp_path / "in.xlsx", [["单位", "类别"], ["荆州区", "县市区"], ["沙市区", "县市区"]])
    out = tmp_path / "out.csv"
    argv = ["--scheme", "jingzhou-2021-county", "--input", str(source), "--output", str(out)]
    assert main(argv) == 2
    printed = capsys.readouterr().out.replace("\n", "")
    assert "没有给出 --findings" in printed and "--no-findings" in printed and "空白栏目数" in printed
    assert not out.exists()
    assert main([*argv, "--no-findings", "--findings", str(tmp_path)]) == 2
    assert "只能二选一" in capsys.readouterr().out
    for suffix in (".csv", ".xlsx", ".json"):
        out = tmp_path / f"out{suffix}"
        argv = ["--scheme", "jingzhou-2021-county", "--input", str(source), "--output", str(out)]
        assert main([*argv, "--no-findings"]) == 0
        printed = capsys.readouterr().out
        assert "注意：未提供网站检查结果（--no-findings）" in printed
        if suffix == ".csv":
            remarks = [r["说明"] for r in read_csv(out)]
        elif suffix == ".xlsx":
            rows = list(load_workbook(out).active.iter_rows(values_only=True))
            assert rows[0][-1] == "说明"
            remarks = [r[-1] for r in rows[1:]]
        else:
            document = json.loads(out.read_text(encoding="utf-8"))
            assert "未提供网站检查结果" in document["说明"]
            remarks = [r["说明"] for r in document["rows"]]
        assert len(remarks) == 2 and all("未提供网站检查结果（--no-findings）" in r for r in remarks)
        assert all("空白栏目数" in r for r in remarks)


def test_a_scheme_without_automatic_items_needs_neither(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["--scheme", "shangnan-quarterly", "--input", str(SHANGNAN), "--output", str(out)]) == 0
    assert "未提供网站检查结果" not in capsys.readouterr().out
    assert all(r["说明"] == "" or "未提供" not in r["说明"] for r in read_csv(out))
