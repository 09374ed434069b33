"""`gongkai newmedia import` and `check`: sheets 账号 and/or 发布, all or nothing with Chinese
problems naming row and column, the account name unique within the region, the check's JSON
exactly the contract's keys, and the public-page crawl over a loopback server."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from gongkai.oversight.models import Event
from gongkai.registers.models import Post, PostSource
from gongkai.registers.newmedia_crawl import crawl, dated_items
from gongkai.registers.newmedia_excel import import_workbook
from gongkai.registry.models import NewMediaAccount, Region
from tests.loopback import serve_pages

pytestmark = pytest.mark.django_db

ACCOUNT_HEADER = ["账号", "平台", "单位", "备案", "主页地址"]
POST_HEADER = ["账号", "发布日期", "标题"]


def book(accounts: list[list] | None = None, posts: list[list] | None = None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in (("账号", ACCOUNT_HEADER, accounts), ("发布", POST_HEADER, posts)):
        if rows is None:
            continue
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ACCOUNTS = [
    ["偃师教育", "微信公众号", "教育体育局", "是", "https://mp.example.cn/jy"],
    ["偃师公安", "抖音", "公安局", "否", ""],
]
GOOD_POSTS = [
    ["偃师教育", datetime(2025, 3, 3), "开学通知"],
    ["偃师教育", "2025-03-10", "招生简章"],
    ["偃师公安", "2025-03-05", "防诈骗提示"],
]


def _run(tmp_path, data: bytes, *args: str) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(data)
    call_command("newmedia", "import", str(path), *args)


def test_a_good_file_creates_accounts_and_posts(tmp_path, units, capsys):
    _run(tmp_path, book(GOOD_ACCOUNTS, GOOD_POSTS), "--region", "偃师市")
    assert "新增账号 2 个" in capsys.readouterr().out
    edu = NewMediaAccount.objects.get(name="偃师教育")
    assert edu.unit == units["own"] and edu.filed and edu.url == "https://mp.example.cn/jy"
    assert NewMediaAccount.objects.get(name="偃师公安").status == NewMediaAccount.Status.UNREGISTERED
    assert sorted(edu.posts.values_list("date", flat=True)) == [date(2025, 3, 3), date(2025, 3, 10)]
    assert set(Post.objects.values_list("source", flat=True)) == {PostSource.IMPORTED}
    assert Event.objects.filter(kind=Event.Kind.NEWMEDIA_IMPORT).count() == 1
    # a second import of the same posts adds nothing
    _run(tmp_path, book(posts=GOOD_POSTS), "--region", "偃师市")
    assert "新增发布 0 条、已登记 3 条" in capsys.readouterr().out
    assert Post.objects.count() == 3


def test_a_posts_only_file_names_registered_accounts(tmp_path, units):
    NewMediaAccount.objects.create(unit=units["own"], platform="微博", name="偃师教育微博")
    _run(tmp_path, book(posts=[["偃师教育微博", "2025-03-03", "通知"]]), "--region", "偃师市")
    assert Post.objects.get().account.name == "偃师教育微博"


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path, units):
    accounts = [
        ["偃师教育", "今日头条", "教育体育局", "已备", "ftp://x"],
        ["偃师教育", "微博", "不存在局", "是", ""],
        ["", "", "", "", ""],
        ["偃师公安", "抖音", "公安局", "", ""],
    ]
    posts = [["偃师公安", "2025-02-30", "x"], ["无名号", "2025-03-01", ""], ["偃师公安", "", ""]]
    with pytest.raises(CommandError) as error:
        _run(tmp_path, book(accounts, posts), "--region", "偃师市")
    text = str(error.value)
    assert "未导入任何数据" in text
    for expected in (
        "「账号」表、第2行、「平台」列",
        "平台“今日头条”无效",
        "「备案」列",
        "主页地址应以 http://",
        "「账号」表、第3行、「单位」列",
        "没有登记名为“不存在局”的单位",
        "「发布」表、第2行、「发布日期」列",
        "“2025-02-30”不是日期",
        "账号“无名号”既不在本文件的「账号」表中",
        "「发布」表、第4行、「发布日期」列：「发布日期」不能为空",
    ):
        assert expected in text, expected
    assert NewMediaAccount.objects.count() == 0 and Post.objects.count() == 0


def test_an_account_name_is_unique_within_the_region(tmp_path, units):
    NewMediaAccount.objects.create(unit=units["other"], platform="微博", name="偃师发布")
    rows = [["偃师发布", "微信公众号", "教育体育局", "是", ""], ["偃师发布", "抖音", "教育体育局", "是", ""]]
    result = import_workbook(book(rows), scope=Region.objects.get(name="偃师市"))
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("账号", 3, "账号")]
    assert "重复" in result.problems[0].message
    # one row: the registered account of that name in the region moves and is updated, not doubled
    result = import_workbook(book(rows[:1]), scope=Region.objects.get(name="偃师市"))
    assert result.ok and result.accounts_updated == 1
    account = NewMediaAccount.objects.get(name="偃师发布")
    assert account.unit == units["own"] and account.platform == "微信公众号" and account.filed


def test_a_workbook_with_neither_sheet_is_refused(tmp_path, units):
    workbook = Workbook()
    workbook.active.title = "其他"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_workbook(buffer.getvalue(), scope=None)
    assert "缺少「账号」表或「发布」表" in result.problems[0].message


def _check(tmp_path, *args: str) -> list[dict]:
    out = tmp_path / "out.json"
    call_command("newmedia", "check", *args, "--json", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def test_check_writes_the_contracts_records(tmp_path, units, capsys):
    edu = NewMediaAccount.objects.create(
        unit=units["own"], platform="微信公众号", name="偃师教育", status="已备案"
    )
    NewMediaAccount.objects.create(unit=units["other"], platform="抖音", name="偃师公安", status="未备案")
    for day in (3, 10, 17, 24):
        Post.objects.create(account=edu, date=date(2025, 3, day), title=f"第{day}日")
    records = _check(tmp_path, "--from", "2025-03-01", "--to", "2025-03-31", "--region", "偃师市")
    by_name = {record["account"]: record for record in records}
    assert set(by_name) == {"偃师教育", "偃师公安"}
    assert by_name["偃师教育"] == {
        "account": "偃师教育",
        "unit": "教育体育局",
        "posts": 4,
        "longest_gap_days": 7,
        "gap_over_14_days": False,
        "weekly": True,
    }
    assert by_name["偃师公安"]["longest_gap_days"] == 31 and by_name["偃师公安"]["gap_over_14_days"]
    out = capsys.readouterr().out
    assert "抽查合格率 50.0%" in out
    assert "政务新媒体两周未更新：公安局 偃师公安" in out and "政务新媒体未备案：公安局 偃师公安" in out
    only_unit = _check(tmp_path, "--from", "2025-03-01", "--to", "2025-03-31", "--unit", str(units["own"].pk))
    assert [record["account"] for record in only_unit] == ["偃师教育"]


def test_check_judges_an_account_over_the_days_it_was_open(tmp_path, units):
    opened = NewMediaAccount.objects.create(
        unit=units["own"], platform="微博", name="新开", opened_on=date(2025, 3, 25)
    )
    Post.objects.create(account=opened, date=date(2025, 3, 26), title="开通")
    NewMediaAccount.objects.create(unit=units["own"], platform="微博", name="早已关停", status="已关停")
    records = _check(tmp_path, "--from", "2025-03-01", "--to", "2025-03-31", "--unit", str(units["own"].pk))
    assert [(r["account"], r["longest_gap_days"]) for r in records] == [("新开", 5)]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2025-3-1", "--to", "2025-03-31", "--region", "偃师市"], "日期“2025-3-1”无效"),
        (["--from", "2025-03-31", "--to", "2025-03-01", "--region", "偃师市"], "早于开始日期"),
        (["--from", "2025-03-01", "--to", "2025-03-31", "--unit", "999999"], "单位编号 999999 不存在"),
        (["--from", "2025-03-01", "--to", "2025-03-31", "--region", "火星"], "未找到地区"),
    ],
)
def test_check_bad_input_is_a_chinese_error(tmp_path, units, args, message):
    with pytest.raises(CommandError, match=message):
        _check(tmp_path, *args)


PUBLIC_PAGE = """<html><body><div class="nav"><a href="/">首页</a></div>
<ul class="list">
<li><a href="/a/1.html">偃师市教育体育局召开2025年春季开学工作会议</a><span>2025-03-20</span></li>
<li><a href="/a/2.html">关于做好2025年义务教育招生入学工作的通知</a><span>2025-03-12</span></li>
<li><a href="/a/3.html">偃师市中小学生防溺水安全教育专题活动启动</a><span>2025-03-02</span></li>
<li><a href="/a/4.html">一条写错了日期的未来消息标题足够长</a><span>2025-12-30</span></li>
</ul></body></html>"""


def test_dated_items_reads_a_public_page_like_a_column():
    items = dated_items(PUBLIC_PAGE, "http://mp.example.cn/", as_of=date(2025, 3, 31))
    assert [item.date for item in items] == [date(2025, 3, 20), date(2025, 3, 12), date(2025, 3, 2)]
    assert items[0].url == "http://mp.example.cn/a/1.html" and "开学" in items[0].title


def test_crawl_of_a_loopback_public_page_adds_posts_once(units):
    with serve_pages({"/jy/": (200, PUBLIC_PAGE), "/gone/": (404, "<html></html>")}) as base:
        edu = NewMediaAccount.objects.create(
            unit=units["own"], platform="其他", name="教育号", url=f"{base}/jy/"
        )
        gone = NewMediaAccount.objects.create(
            unit=units["own"], platform="其他", name="失效号", url=f"{base}/gone/"
        )
        result = crawl([edu, gone], as_of=date(2025, 3, 31), timeout=5)
        again = crawl([edu], as_of=date(2025, 3, 31), timeout=5)
    assert result.added == {edu.pk: 3} and "404" in result.errors[gone.pk]
    assert again.added == {edu.pk: 0}
    assert sorted(edu.posts.values_list("date", flat=True)) == [
        date(2025, 3, 2),
        date(2025, 3, 12),
        date(2025, 3, 20),
    ]
    assert set(edu.posts.values_list("source", flat=True)) == {PostSource.CRAWLED}
    assert Event.objects.filter(kind=Event.Kind.NEWMEDIA_CRAWL).count() == 2


def test_the_demo_register_has_accounts_per_unit_one_stale_one_unfiled(sample_county, tmp_path):
    from gongkai.registers import newmedia_demo
    from gongkai.registry.models import Unit

    yanshi, as_of = sample_county["偃师市"], date(2026, 11, 16)
    statistics = Unit.objects.get(region=yanshi, name="统计局")
    accounts, posts = newmedia_demo.fill(yanshi, as_of, include=statistics)
    assert accounts == 2 * Unit.objects.filter(region=yanshi).count() and posts > 20 * accounts
    assert newmedia_demo.fill(yanshi, as_of) == (0, 0)
    records = _check(tmp_path, "--from", "2026-10-01", "--to", "2026-11-16", "--region", "偃师市")
    stale = [r for r in records if r["gap_over_14_days"]]
    assert [r["unit"] for r in stale] == ["统计局"] and 21 <= stale[0]["longest_gap_days"] <= 25
    unfiled = NewMediaAccount.objects.exclude(status="已备案")
    assert [a.unit.name for a in unfiled] == ["统计局"]
