"""What the imports share (registry.excel_read): the result's base (ImportResult: every import says
the same thing when the file has problems, its own counts when it worked, and starts its counts
again when the database refuses the writes) and the row checks (RowChecker, repeated_row)."""

from __future__ import annotations

from django.db import DatabaseError

from gongkai.assessment.services import MetricImport
from gongkai.registers.excel import ApplicationImport
from gongkai.registers.newmedia_excel import NewMediaImport
from gongkai.registers.submissions_excel import SubmissionImport
from gongkai.registry.excel_import import RegistryImport
from gongkai.registry.excel_read import ImportProblem, ImportResult, RowChecker, repeated_row

RESULTS = (ApplicationImport, SubmissionImport, NewMediaImport, RegistryImport, MetricImport)


def test_every_import_reports_problems_alike_and_its_own_counts_otherwise():
    problem = ImportProblem("申请", 3, "单位", "没有这个单位。")
    for kind in RESULTS:
        assert issubclass(kind, ImportResult)
        assert kind().ok and kind().summary().startswith(("导入成功", "已读取"))
        failed = kind(problems=[problem, problem])
        assert not failed.ok and failed.summary() == "文件有 2 处问题，未导入任何数据。"
    assert ApplicationImport(created=2, updated=1).summary() == "导入成功：新增申请 2 件，更新 1 件。"
    assert SubmissionImport(created=4).summary() == "导入成功：新增报送信息 4 条，更新 0 条。"


def test_a_refused_write_imports_nothing_and_keeps_the_dry_run_flag():
    result = RegistryImport.write_failed(DatabaseError("UNIQUE constraint failed"), dry_run=True)
    assert result.dry_run and not result.ok and sum(result.created.values()) == 0
    assert str(result.problems[0]) == "写入数据库失败，未导入任何数据：UNIQUE constraint failed"
    media = NewMediaImport.write_failed(DatabaseError("locked"))
    assert (media.accounts_created, media.posts_created, media.ok) == (0, 0, False)


def test_the_row_checks_collect_every_problem_with_sheet_row_and_column():
    checker = RowChecker()
    assert checker.required("账号", 2, {"账号": ""}, "账号") == ""
    seen: dict = {}
    assert not checker.repeated("账号", 3, "账号", seen, (1, "偃师发布"), "同一地区的账号名称")
    assert checker.repeated("账号", 5, "账号", seen, (1, "偃师发布"), "同一地区的账号名称")
    assert not checker.repeated("账号", 6, "账号", seen, (2, "偃师发布"), "同一地区的账号名称")
    assert checker.web_address("网站", 4, "网址", "HTTPS://www.yanshi.gov.cn/")
    assert not checker.web_address("网站", 7, "网址", "www.yanshi.gov.cn")
    assert [str(p) for p in checker.problems] == [
        "「账号」表、第2行、「账号」列：「账号」不能为空。",
        "「账号」表、第5行、「账号」列：与第3行重复（同一地区的账号名称）。",
        "「网站」表、第7行、「网址」列：网址应以 http:// 或 https:// 开头：「www.yanshi.gov.cn」。",
    ]
    assert repeated_row(seen, (1, "偃师发布"), 9, "x") == "与第3行重复（x）。"  # the first row stays
