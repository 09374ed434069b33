"""`gongkai newmedia import`: sheet 账号 (账号, 平台, 单位, 备案, 主页地址) and/or sheet 发布 (账号,
发布日期, 标题), registers-contract §5. Every row is checked first (all problems, in Chinese, with
row and column); then everything is written in one transaction, or nothing.

An account is identified by its name within its unit's region (the name is unique there); a 发布
row names an account of the 账号 sheet or one already registered within the importer's region.
A post already registered (same account, date and title) is counted, not added twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, transaction

from gongkai.oversight import events
from gongkai.registers.excel import UnitNames, parse_date
from gongkai.registers.models import Post, PostSource
from gongkai.registry.excel_layout import NO, YES, ColumnSpec
from gongkai.registry.excel_read import ImportProblem, ImportResult, RowChecker, read_upload
from gongkai.registry.models import NewMediaAccount, Region, Unit

ACCOUNTS, POSTS = "账号", "发布"
PLATFORMS = NewMediaAccount.Platform.values
LAYOUT: dict[str, tuple[ColumnSpec, ...]] = {
    ACCOUNTS: (
        ColumnSpec("账号", 24, "必填，账号名称，在地区内不能重复。", "偃师发布"),
        ColumnSpec("平台", 12, "必填：" + "、".join(PLATFORMS), "微信公众号"),
        ColumnSpec("单位", 24, "必填，系统中登记的单位名称。", "偃师市教育体育局"),
        ColumnSpec("备案", 8, "是 或 否；留空则不改变（新账号为待备案）。", YES, optional=True),
        ColumnSpec("主页地址", 36, "可空，账号的公开主页，以 http:// 或 https:// 开头。", "", optional=True),
    ),
    POSTS: (
        ColumnSpec("账号", 24, "必填，账号表或系统中已登记的账号名称。", "偃师发布"),
        ColumnSpec("发布日期", 12, "必填，如 2025-03-14（Excel 日期单元格或文本）。", "2025-03-14"),
        ColumnSpec("标题", 40, "可空，最多300字。", "偃师市召开……", optional=True),
    ),
}
TITLE_MAX = Post._meta.get_field("title").max_length
URL_MAX = NewMediaAccount._meta.get_field("url").max_length
AccountKey = tuple[int, str]  # (region id, account name)


@dataclass
class NewMediaImport(ImportResult):
    accounts_created: int = 0
    accounts_updated: int = 0
    posts_created: int = 0
    posts_known: int = 0

    def done(self) -> str:
        return (
            f"导入成功：新增账号 {self.accounts_created} 个、更新 {self.accounts_updated} 个；"
            f"新增发布 {self.posts_created} 条、已登记 {self.posts_known} 条。"
        )


@dataclass
class _AccountRow:
    row: int
    unit: Unit
    name: str
    platform: str
    filed: bool | None
    url: str


@dataclass
class _PostRow:
    row: int
    account: AccountKey
    day: date
    title: str


def import_workbook(
    data: bytes | IO[bytes],
    *,
    scope: Region | None,
    user: AbstractBaseUser | None = None,
    max_bytes: int | None = None,
) -> NewMediaImport:
    """Check the 账号 and 发布 sheets (either may be absent, not both); write all or nothing."""
    result = NewMediaImport()
    limit = settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    sheets, result.problems = read_upload(data, limit, _present)
    if sheets is None or result.problems:
        return result
    if not sheets:
        result.problems.append(
            ImportProblem("", 0, "", f"缺少「{ACCOUNTS}」表或「{POSTS}」表（至少要有其中一个）。")
        )
        return result
    if not any(sheet.rows for sheet in sheets.values()):
        result.problems.append(ImportProblem("", 0, "", "文件中没有可导入的数据：请从第2行起填写。"))
        return result
    checker = _Checker(scope)
    accounts = (
        [a for n, row in sheets[ACCOUNTS].rows if (a := checker.account(n, row))]
        if ACCOUNTS in sheets
        else []
    )
    posts = [p for n, row in sheets[POSTS].rows if (p := checker.post(n, row))] if POSTS in sheets else []
    result.problems = checker.problems
    if result.problems:
        return result
    try:
        with transaction.atomic():
            _write(accounts, posts, checker, result)
            events.record(
                events.Event.Kind.NEWMEDIA_IMPORT,
                f"导入政务新媒体：{result.summary().removeprefix('导入成功：')}",
                user=user if user is not None and user.is_authenticated else None,
                region=scope,
            )
    except DatabaseError as exc:
        result = NewMediaImport.write_failed(exc)
    return result


def _present(names: list[str]) -> dict[str, tuple[ColumnSpec, ...]]:
    return {title: columns for title, columns in LAYOUT.items() if title in names}


class _Checker(RowChecker):
    def __init__(self, scope: Region | None) -> None:
        super().__init__()
        self.scope = scope
        accounts = NewMediaAccount.objects.select_related("unit")
        if scope is not None:
            accounts = accounts.filter(unit__region__path__startswith=scope.path)
        self.units = UnitNames(scope)
        self.known: dict[AccountKey, NewMediaAccount] = {(a.unit.region_id, a.name): a for a in accounts}
        self.in_file: dict[AccountKey, int] = {}
        self.seen_posts: set[tuple[AccountKey, date, str]] = set()
        self.region_names = self.units.region_names

    def account(self, number: int, row: dict[str, str]) -> _AccountRow | None:
        before = len(self.problems)
        name = self.required(ACCOUNTS, number, row, "账号")
        if len(name) > NewMediaAccount._meta.get_field("name").max_length:
            self.problem(ACCOUNTS, number, "账号", "账号名称过长（最多100字）。")
        platform = self.required(ACCOUNTS, number, row, "平台")
        if platform and platform not in PLATFORMS:
            self.problem(ACCOUNTS, number, "平台", f"平台“{platform}”无效，只能是：{'、'.join(PLATFORMS)}。")
        unit = self.unit(number, self.required(ACCOUNTS, number, row, "单位"))
        filed_text = row.get("备案", "")
        if filed_text not in ("", YES, NO):
            self.problem(ACCOUNTS, number, "备案", f"只能填写「{YES}」或「{NO}」，而不是「{filed_text}」。")
        url = row.get("主页地址", "")
        if url and self.web_address(ACCOUNTS, number, "主页地址", url) and len(url) > URL_MAX:
            self.problem(ACCOUNTS, number, "主页地址", f"主页地址过长（最多{URL_MAX}字符）。")
        if unit is not None and name:
            key = (unit.region_id, name)
            self.repeated(ACCOUNTS, number, "账号", self.in_file, key, f"同一地区的账号名称“{name}”")
        if len(self.problems) > before or unit is None:
            return None
        return _AccountRow(number, unit, name, platform, None if not filed_text else filed_text == YES, url)

    def post(self, number: int, row: dict[str, str]) -> _PostRow | None:
        before = len(self.problems)
        key = self.account_key(number, self.required(POSTS, number, row, "账号"))
        text = self.required(POSTS, number, row, "发布日期")
        day = parse_date(text) if text else None
        if text and day is None:
            self.problem(
                POSTS,
                number,
                "发布日期",
                f"“{text}”不是日期，应为 Excel 日期或 YYYY-MM-DD 格式，如 2025-03-14。",
            )
        title = row.get("标题", "")
        if len(title) > TITLE_MAX:
            self.problem(POSTS, number, "标题", f"标题过长（最多{TITLE_MAX}字）。")
        if len(self.problems) > before or key is None or day is None:
            return None
        if (key, day, title) in self.seen_posts:
            return None  # the same post twice in the file: once is enough
        self.seen_posts.add((key, day, title))
        return _PostRow(number, key, day, title)

    def unit(self, number: int, name: str) -> Unit | None:
        if not name:
            return None  # said by required()
        unit, why = self.units.find(name)
        if why:
            self.problem(ACCOUNTS, number, "单位", why)
        return unit

    def account_key(self, number: int, name: str) -> AccountKey | None:
        if not name:
            return None
        keys = sorted({key for key in (*self.in_file, *self.known) if key[1] == name})
        if not keys:
            self.problem(POSTS, number, "账号", f"账号“{name}”既不在本文件的「账号」表中，也未在系统中登记。")
            return None
        if len(keys) > 1:
            listed = "、".join(self.region_names[key[0]] for key in keys)
            self.problem(
                POSTS, number, "账号", f"多个地区都有名为“{name}”的账号（{listed}），请用 --region 指定地区。"
            )
            return None
        return keys[0]


def _write(
    accounts: list[_AccountRow], posts: list[_PostRow], checker: _Checker, result: NewMediaImport
) -> None:
    by_key = dict(checker.known)
    for row in accounts:
        key = (row.unit.region_id, row.name)
        account = by_key.get(key)
        status = None
        if row.filed is True:
            status = NewMediaAccount.Status.REGISTERED
        elif row.filed is False:
            keep = account is not None and account.status == NewMediaAccount.Status.CLOSED
            status = account.status if keep else NewMediaAccount.Status.UNREGISTERED
        if account is None:
            by_key[key] = NewMediaAccount.objects.create(
                unit=row.unit,
                name=row.name,
                platform=row.platform,
                status=status or NewMediaAccount.Status.PENDING,
                url=row.url,
            )
            result.accounts_created += 1
            continue
        values = {"unit": row.unit, "platform": row.platform, "url": row.url}
        if status is not None:
            values["status"] = status
        changed = [name for name, value in values.items() if getattr(account, name) != value]
        if changed:
            for name in changed:
                setattr(account, name, values[name])
            account.save(update_fields=changed)
            result.accounts_updated += 1
    for row in posts:
        _post, created = Post.objects.get_or_create(
            account=by_key[row.account],
            date=row.day,
            title=row.title,
            defaults={"source": PostSource.IMPORTED},
        )
        if created:
            result.posts_created += 1
        else:
            result.posts_known += 1
