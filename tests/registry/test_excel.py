"""Excel template, export and import of the registry, on real .xlsx files written with openpyxl."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import openpyxl
import pytest

from gongkai.registry.excel import build_template, export_workbook, import_workbook
from gongkai.registry.excel_layout import COLUMNS
from gongkai.registry.models import Column, NewMediaAccount, Person, Region, Site, Unit, UnitCategory

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
HEADERS = {sheet: [column.header for column in columns] for sheet, columns in COLUMNS.items()}
YANSHI = "河南省洛阳市偃师市"
SHANGNAN = "陕西省商洛市商南县"


def xlsx(sheets: dict[str, list[list[object]]], headers: dict[str, list[str]] | None = None) -> bytes:
    """A workbook with the given data rows under the standard (or the given) header rows."""
    headers = {**HEADERS, **(headers or {})}
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(headers[title])
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def full(sheets: dict[str, list[list[object]]]) -> dict[str, list[list[object]]]:
    return {"单位": [], "网站": [], "人员": [], **sheets}


def snapshot() -> dict[str, list[tuple]]:
    """Every imported field of every unit, site and person, keyed by natural keys (not ids)."""
    return {
        "units": sorted(
            (u.region.full_name, u.name, u.category.name, u.order, u.active, u.note)
            for u in Unit.objects.select_related("region", "category")
        ),
        "sites": sorted(
            (s.unit.region_id, s.unit.name, s.name, s.url, s.site_id_code, s.is_portal, s.active)
            for s in Site.objects.select_related("unit")
        ),
        "people": sorted(
            (p.unit.region_id, p.unit.name, p.role, p.name, p.title, p.mobile, p.landline, p.qq, p.email)
            for p in Person.objects.select_related("unit")
        ),
        "columns": sorted(
            (c.site.unit.name, c.site.url, c.name, c.url, c.column_type, c.window_days)
            for c in Column.objects.select_related("site__unit")
        ),
        "accounts": sorted(
            (
                a.unit.name,
                a.platform,
                a.name,
                a.account_id,
                a.status,
                a.certification_body,
                a.opened_on,
                a.closed_on,
                a.url,
            )
            for a in NewMediaAccount.objects.select_related("unit")
        ),  # fmt: skip
    }


def counts() -> tuple[int, int, int]:
    return Unit.objects.count(), Site.objects.count(), Person.objects.count()


def located(result) -> set[tuple[str, int, str]]:
    return {(p.sheet, p.row, p.column) for p in result.problems}


@pytest.fixture
def county(sample_county):
    """The sample county with responsible persons (seed 002 attachment 3 columns) and varied flags."""
    yanshi = sample_county["偃师市"]
    education = Unit.objects.get(region=yanshi, name="教育体育局")
    Person.objects.create(
        unit=education, role="分管领导", name="王建国", title="副局长", mobile="13912345678",
        landline="0379-67712345", qq="12345678", email="wang@example.com",
    )  # fmt: skip
    Person.objects.create(unit=education, role="管理员", name="李娜", title="科员", mobile="15838001234")
    police = Unit.objects.get(region=sample_county["商南县"], name="县公安局")
    Person.objects.create(unit=police, role="管理员", name="赵强", landline="(0914)6322055", qq="987654")
    Unit.objects.filter(pk=police.pk).update(active=False, note="本年度不参加考评")
    Site.objects.filter(unit=education).update(is_portal=True, site_id_code="bm12345678")
    site = Site.objects.filter(unit=education).first()
    Column.objects.create(site=site, name="工作动态", url=site.url + "gzdt/", column_type="工作动态")
    Column.objects.create(
        site=site, name="通知公告", url=site.url + "tzgg/", column_type="通知公告", window_days=90
    )
    NewMediaAccount.objects.create(
        unit=education, platform="微信公众号", name="偃师教育", account_id="ysjy", status="已备案",
        certification_body="偃师市教育体育局", opened_on=date(2019, 5, 1), url="https://mp.example.cn/ysjy",
    )  # fmt: skip
    NewMediaAccount.objects.create(
        unit=police, platform="快手", name="商南公安", status="已关停", opened_on=date(2018, 1, 2),
        closed_on=date(2024, 6, 30),
    )  # fmt: skip
    return sample_county


def test_template_has_sheets_headers_example_and_drop_downs(sample_county):
    book = openpyxl.load_workbook(io.BytesIO(build_template()))
    assert {"单位", "网站", "人员", "说明"} <= set(book.sheetnames)
    for title, headers in HEADERS.items():
        sheet = book[title]
        assert [cell.value for cell in sheet[1]] == headers
        assert sheet.max_row == 1, "data sheets hold no example rows that could be imported by mistake"
        assert sheet.freeze_panes == "A2"
    help_text = "\n".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)
    for name in UnitCategory.objects.values_list("name", flat=True):
        assert name in help_text
    assert "分管领导" in help_text and "管理员" in help_text and "示例" in help_text
    lists = book["选项"]
    assert lists.sheet_state == "hidden"
    offered = {
        column[0].value: [cell.value for cell in column[1:] if cell.value is not None]
        for column in lists.iter_cols()
    }
    assert offered["类别"] == list(UnitCategory.objects.values_list("name", flat=True))
    assert offered["类型"] == ["分管领导", "管理员"]
    unit_lists = {str(dv.sqref): dv.formula1 for dv in book["单位"].data_validations.dataValidation}
    assert unit_lists["C2:C2000"].startswith("'选项'!$A$2")
    people_lists = {str(dv.sqref): dv.formula1 for dv in book["人员"].data_validations.dataValidation}
    assert people_lists["C2:C2000"].startswith("'选项'!$B$2")


def test_empty_template_reports_no_data(sample_county):
    result = import_workbook(build_template(), scope=None)
    assert not result.ok and "没有可导入的数据" in result.problems[0].message


def test_export_then_import_after_wipe_gives_the_same_data(county):
    before = snapshot()
    data = export_workbook(Unit.objects.all())
    Unit.objects.all().delete()
    assert counts() == (0, 0, 0)
    result = import_workbook(data, scope=None)
    assert result.ok, result.problems
    assert result.created == {
        "单位": len(before["units"]),
        "网站": len(before["sites"]),
        "人员": 3,
        "栏目": 2,
        "新媒体": 2,
    }
    assert snapshot() == before
    assert result.summary().startswith(f"导入成功：新增单位 {len(before['units'])} 个")


def test_export_then_import_restores_modified_fields(county):
    before = snapshot()
    data = export_workbook(Unit.objects.all())
    yanshi = county["偃师市"]
    Unit.objects.filter(region=yanshi, name="公安局").update(
        category=UnitCategory.objects.get(name="功能区"), order=77, active=False, note="改过"
    )
    Site.objects.filter(unit__name="财政局").update(name="改名", site_id_code="", is_portal=True)
    Person.objects.filter(name="王建国").update(
        title="局长", mobile="13000000000", email="x@example.org", qq=""
    )
    Column.objects.filter(name="通知公告").update(column_type="其他", window_days=None)
    NewMediaAccount.objects.filter(name="偃师教育").update(
        status="未备案", certification_body="", opened_on=None
    )
    result = import_workbook(data, scope=None)
    assert result.ok, result.problems
    assert result.updated == {"单位": 1, "网站": 1, "人员": 1, "栏目": 1, "新媒体": 1}
    assert result.created == {"单位": 0, "网站": 0, "人员": 0, "栏目": 0, "新媒体": 0}
    assert snapshot() == before


def test_reimport_updates_without_duplicating(county):
    data = export_workbook(Unit.objects.filter(region=county["偃师市"]))
    before = counts()
    first = import_workbook(data, scope=county["偃师市"])
    second = import_workbook(data, scope=county["偃师市"])
    assert first.ok and second.ok
    assert counts() == before
    assert second.created == {"单位": 0, "网站": 0, "人员": 0, "栏目": 0, "新媒体": 0}
    assert second.unchanged == {"单位": 44, "网站": 44, "人员": 2, "栏目": 2, "新媒体": 1}


def test_scoped_export_holds_only_the_given_units(county):
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(Unit.objects.filter(region=county["商南县"]))))
    regions = {row[0] for row in book["单位"].iter_rows(min_row=2, values_only=True)}
    assert regions == {SHANGNAN}
    assert book["人员"].max_row == 2  # header + 赵强
    assert book["网站"]["E2"].number_format == "@"


def test_numbers_typed_as_numbers_are_read_as_text(sample_county):
    data = xlsx(
        full(
            {
                "单位": [[YANSHI, "新区管委会", "功能区", 3.0, "是", None]],
                "网站": [[None, "新区管委会", "新区网", "https://xq.yanshi.gov.cn/", 4103810099, "否"]],
                "人员": [[None, "新区管委会", "管理员", "周敏", None, 13912345678.0, None, 10001, None]],
            }
        )
    )
    result = import_workbook(data, scope=sample_county["偃师市"])
    assert result.ok, result.problems
    unit = Unit.objects.get(name="新区管委会")
    assert unit.order == 3 and unit.category.name == "功能区"
    assert unit.sites.get().site_id_code == "4103810099"
    person = unit.people.get()
    assert (person.mobile, person.qq) == ("13912345678", "10001")


def test_file_like_upload_and_blank_region_means_own_region(sample_county):
    data = xlsx(full({"单位": [[None, "新设单位", "市直部门", None, None, "备注"]]}))
    result = import_workbook(io.BytesIO(data), scope=sample_county["偃师市"])
    assert result.ok, result.problems
    unit = Unit.objects.get(name="新设单位")
    assert unit.region == sample_county["偃师市"] and unit.order == 100 and unit.active


def test_bad_rows_import_nothing_and_every_bad_row_is_located(sample_county):
    good_unit = [YANSHI, "新区管委会", "功能区", 1, "是", None]
    data = xlsx(
        full(
            {
                "单位": [
                    good_unit,  # row 2
                    [YANSHI, "甲单位", "不存在的类别", 1, "是", None],  # 3
                    [YANSHI, None, "功能区", 1, "是", None],  # 4
                    [YANSHI, "乙单位", "功能区", "第一", "可能", None],  # 5: 排序 and 参加考评
                    [YANSHI, "新区管委会", "功能区", 2, "否", None],  # 6: duplicate of row 2
                    ["火星省", "丙单位", "功能区", 1, "是", None],  # 7: unknown region
                    [YANSHI, "丁单位", "功能区", 1, "是", "长" * 201],  # 8: note too long
                ],
                "网站": [
                    [None, "新区管委会", "新区网", "https://xq.yanshi.gov.cn/", "4103810099", "是"],  # 2
                    [None, "新区管委会", "新区网2", "ftp://xq.yanshi.gov.cn/", None, "否"],  # 3
                    [None, "新区管委会", "新区网3", "https://xq3.yanshi.gov.cn/", "12345", "否"],  # 4
                    [None, "新区管委会", "重复", "https://xq.yanshi.gov.cn/", None, "否"],  # 5
                    [None, "不存在的单位", "某网", "https://a.example.cn/", None, "否"],  # 6
                    [None, "新区管委会", None, "https://xq4.yanshi.gov.cn/", None, "YES"],  # 7
                    [None, "新区管委会", "坏网址", "http://", None, "否"],  # 8
                ],
                "人员": [
                    [None, "新区管委会", "管理员", "周敏", None, "13912345678", None, None, None],  # 2
                    [None, "新区管委会", "管理员", "吴刚", None, "1391234567", None, None, None],  # 3
                    [None, "新区管委会", "管理员", "郑爽", None, None, None, None, "not-an-email"],  # 4
                    [None, "新区管委会", "局长", "钱多", None, None, None, None, None],  # 5
                    [None, "新区管委会", "管理员", "周敏", None, None, None, None, None],  # 6
                    [None, "查无此单位", "管理员", "孙悟", None, None, None, None, None],  # 7
                    [None, "新区管委会", "分管领导", None, None, None, "电话abc", None, None],  # 8
                ],
            }
        )
    )
    before = snapshot()
    result = import_workbook(data, scope=sample_county["偃师市"])
    assert not result.ok
    assert snapshot() == before
    expected = {
        ("单位", 3, "类别"),
        ("单位", 4, "单位名称"),
        ("单位", 5, "排序"),
        ("单位", 5, "参加考评"),
        ("单位", 6, "单位名称"),
        ("单位", 7, "地区"),
        ("单位", 8, "备注"),
        ("网站", 3, "网址"),
        ("网站", 4, "网站标识码"),
        ("网站", 5, "网址"),
        ("网站", 6, "单位名称"),
        ("网站", 7, "网站名称"),
        ("网站", 7, "门户网站"),
        ("网站", 8, "网址"),
        ("人员", 3, "手机"),
        ("人员", 4, "电子邮箱"),
        ("人员", 5, "类型"),
        ("人员", 6, "姓名"),
        ("人员", 7, "单位名称"),
        ("人员", 8, "姓名"),
        ("人员", 8, "固话"),
    }
    assert located(result) == expected
    assert all(CJK.search(p.message) for p in result.problems)
    by_place = {(p.sheet, p.row, p.column): p.message for p in result.problems}
    assert "县市区、功能区、市直部门" in by_place[("单位", 3, "类别")]
    assert "第2行" in by_place[("单位", 6, "单位名称")]
    assert "第2行" in by_place[("人员", 6, "姓名")]
    assert [(p.sheet, p.row) for p in result.problems] == sorted(
        ((p.sheet, p.row) for p in result.problems),
        key=lambda place: ("单位网站人员".index(place[0]), place[1]),
    )
    assert result.summary() == f"文件有 {len(expected)} 处问题，未导入任何数据。"
    assert str(result.problems[0]).startswith("「单位」表、第3行、「类别」列：")


def test_scope_forbids_units_of_another_county(county):
    data = xlsx(
        full(
            {
                "单位": [[SHANGNAN, "县新设局", "县直部门", 1, "是", None]],
                "网站": [[None, "县公安局", "公安网", "https://ga.shangnan.gov.cn/", None, "否"]],
                "人员": [[SHANGNAN, "县公安局", "管理员", "冯七", None, None, None, None, None]],
            }
        )
    )
    before = snapshot()
    result = import_workbook(data, scope=county["偃师市"])
    assert located(result) == {("单位", 2, "地区"), ("网站", 2, "单位名称"), ("人员", 2, "地区")}
    assert all("不在您管理的「河南省洛阳市偃师市」范围内" in p.message for p in result.problems)
    assert snapshot() == before
    # the same file is fine for the 商南县 supervisor and for a superuser
    assert import_workbook(data, scope=county["商南县"], dry_run=True).ok
    assert import_workbook(data, scope=None).ok
    assert Unit.objects.filter(region=county["商南县"], name="县新设局").exists()


def test_same_unit_name_in_two_regions_needs_the_region_column(county):
    Unit.objects.create(
        region=county["商南县"], name="公安局", category=UnitCategory.objects.get(name="县直部门")
    )
    row = ["公安局", "管理员", "陈八", None, None, None, None, None]
    ambiguous = import_workbook(xlsx(full({"人员": [[None, *row]]})), scope=None)
    assert located(ambiguous) == {("人员", 2, "地区")}
    assert YANSHI in ambiguous.problems[0].message and SHANGNAN in ambiguous.problems[0].message
    result = import_workbook(xlsx(full({"人员": [[SHANGNAN, *row]]})), scope=None)
    assert result.ok, result.problems
    assert Person.objects.get(name="陈八").unit.region == county["商南县"]
    # within the 偃师市 scope the name is not ambiguous: 商南's unit is out of sight
    assert import_workbook(
        xlsx(full({"人员": [[None, "公安局", "管理员", "陈九"]]})), scope=county["偃师市"]
    ).ok


def test_superuser_must_name_the_region(sample_county):
    result = import_workbook(
        xlsx(full({"单位": [[None, "无地区单位", "功能区", 1, "是", None]]})), scope=None
    )
    assert located(result) == {("单位", 2, "地区")}


def test_dry_run_counts_but_writes_nothing(county):
    data = export_workbook(Unit.objects.all())
    Unit.objects.filter(name="教育体育局").delete()
    before = snapshot()
    result = import_workbook(data, scope=None, dry_run=True)
    assert result.ok
    assert result.created == {"单位": 1, "网站": 1, "人员": 2, "栏目": 2, "新媒体": 1}
    assert snapshot() == before
    assert result.summary().startswith("检查通过（试导入，未写入数据）：将新增单位 1 个")


def test_missing_sheet_and_renamed_or_unknown_headers(sample_county):
    sites_headers = [h if h != "网址" else "链接" for h in HEADERS["网站"]]
    data = xlsx(
        {"单位": [[YANSHI, "新区管委会", "功能区", 1, "是", None]], "网站": []},
        headers={"网站": sites_headers},
    )
    result = import_workbook(data, scope=None)
    assert located(result) == {("人员", 0, ""), ("网站", 1, "网址"), ("网站", 1, "D")}
    assert not Unit.objects.filter(name="新区管委会").exists()


def test_region_column_may_be_left_out_of_child_sheets(sample_county):
    data = xlsx(
        full({"网站": [["财政局", "新网站", "https://czj2.yanshi.gov.cn/", None, "否"]]}),
        headers={"网站": HEADERS["网站"][1:]},
    )
    result = import_workbook(data, scope=sample_county["偃师市"])
    assert result.ok, result.problems
    assert Site.objects.filter(url="https://czj2.yanshi.gov.cn/", unit__name="财政局").exists()


def _corrupted() -> bytes:
    data = bytearray(xlsx(full({"单位": [[YANSHI, "新区管委会", "功能区", 1, "是", None]]})))
    middle = len(data) // 2
    data[middle : middle + 64] = b"\x00" * 64
    return bytes(data)


def _zip_bomb() -> bytes:
    buffer = io.BytesIO(xlsx(full({})))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\x00" * 4_000_000)
    return buffer.getvalue()


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "不是表格")
    return buffer.getvalue()


CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("data", "max_bytes", "expected"),
    [
        (b"", None, "文件是空的"),
        (b"name,url\nfoo,http://x\n", None, "不是有效的 Excel"),
        (bytes(range(256)) * 8, None, "不是有效的 Excel"),
        (_plain_zip(), None, "不是有效的 Excel"),
        (_corrupted(), None, "损坏"),
        (CFB + "Workbook".encode("utf-16-le") + b"\x00" * 512, None, "旧版 Excel（.xls）"),
        (CFB + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512, None, "密码"),
        (b"PK" + b"\x00" * 5000, 1000, "文件过大"),
        (_zip_bomb(), 100_000, "解压后过大"),
    ],
    ids=["empty", "csv", "junk", "zip-not-xlsx", "corrupted", "xls", "password", "oversized", "zip-bomb"],
)
def test_unreadable_files_give_one_chinese_problem(sample_county, data, max_bytes, expected):
    before = counts()
    result = import_workbook(data, scope=None, max_bytes=max_bytes)
    assert not result.ok
    assert len(result.problems) == 1 and expected in result.problems[0].message
    assert counts() == before


def test_default_size_limit_comes_from_settings(sample_county, settings):
    settings.MAX_UPLOAD_BYTES = 2000
    result = import_workbook(io.BytesIO(export_workbook(Unit.objects.all())), scope=None)
    assert "文件过大" in result.problems[0].message


def test_region_short_name_is_accepted_and_region_full_names_match_the_model(sample_county):
    result = import_workbook(
        xlsx(full({"单位": [["偃师市", "简称单位", "功能区", 1, "是", None]]})), scope=None
    )
    assert result.ok, result.problems
    assert (
        Unit.objects.get(name="简称单位").region.full_name == YANSHI == str(Region.objects.get(name="偃师市"))
    )


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # like every transactional test: a plain flush re-creates content types that a later serialized test would insert again
def test_default_categories_survive_a_flush():
    """Transactional tests flush the database; the reference categories come back with it."""
    from django.core.management import call_command

    from gongkai.registry.models import UnitCategory

    call_command("flush", interactive=False, verbosity=0)
    assert {"县市区", "功能区", "市直部门", "镇街"} <= set(
        UnitCategory.objects.values_list("name", flat=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["500MB-manifest", "lying-header"])
def test_zip_bomb_registry_upload_is_refused_through_the_import_page(sample_county, users, case):
    """Issue 12.5: the check summed the declared sizes, which a lying header understates."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from tests.zipbombs import traced_peak, with_lying_member, with_zero_member

    template = xlsx(full({}))
    data = (
        with_zero_member(template, "[Content_Types].xml", 500)
        if case == "500MB-manifest"
        else with_lying_member(template, "xl/media/image1.png", 60)
    )
    client = Client()
    client.force_login(users["supervisor"])
    before = counts()
    upload = SimpleUploadedFile("单位登记.xlsx", data)
    client.get("/registry/import/")  # imports and templates load outside the measurement
    response, peak = traced_peak(lambda: client.post("/registry/import/", {"file": upload}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "解压后过大" in body and "疑为压缩炸弹" in body and "未导入" in body
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"
    assert counts() == before


def test_export_writes_user_text_as_strings_and_reads_back_unchanged(county):
    """Issue 12.6: a unit admin's note or name starting with '=' was a live formula in the export."""
    from tests.sheet_payloads import PAYLOADS

    education = Unit.objects.get(region__name="偃师市", name="教育体育局")
    hostile = []
    for n, payload in enumerate(PAYLOADS):
        unit = Unit.objects.create(
            region=education.region, category=education.category, name=f"{payload}{n}", note=payload
        )
        Person.objects.create(unit=unit, role="管理员", name=payload, title=payload, mobile="13912345678")
        hostile.append(unit)
    before = snapshot()
    data = export_workbook(Unit.objects.all())
    book = openpyxl.load_workbook(io.BytesIO(data))
    by_name = {row[1].value: row for row in book["单位"].iter_rows(min_row=2)}
    for unit in hostile:
        row = by_name[unit.name]
        assert [(c.data_type, c.value) for c in (row[1], row[5])] == [("s", unit.name), ("s", unit.note)]
        assert row[3].data_type == "n" or row[3].value is None  # 排序号 stays a number
    people = [row for row in book["人员"].iter_rows(min_row=2) if row[3].value in PAYLOADS]
    assert len(people) == len(PAYLOADS)
    assert all(row[3].data_type == "s" and row[4].data_type == "s" for row in people)
    # read back: the import trims surrounding whitespace, so the tab/CR payloads are left out here
    printable = [unit for unit in hostile if not unit.name[0].isspace()]
    result = import_workbook(
        export_workbook(Unit.objects.filter(pk__in=[u.pk for u in printable])), scope=None
    )
    assert result.ok, result.problems
    assert result.unchanged["单位"] == len(printable) and snapshot() == before


def test_columns_and_accounts_sheets_bad_rows_import_nothing(county):
    before = snapshot()
    yanshi_site = Site.objects.filter(unit__name="教育体育局").first()
    data = xlsx(
        full(
            {
                "栏目": [
                    [YANSHI, "教育体育局", "http://nowhere.example/", "动态", "ftp://x/", "新闻", "0"],
                    [
                        YANSHI,
                        "教育体育局",
                        yanshi_site.url,
                        "工作动态",
                        yanshi_site.url + "new/",
                        "工作动态",
                        "7",
                    ],
                ],
                "新媒体": [
                    [
                        YANSHI,
                        "教育体育局",
                        "今日头条",
                        "偃师号",
                        "",
                        "备了",
                        "",
                        "2024-02-30",
                        "",
                        "mp.example",
                    ],
                    [YANSHI, "公安局", "微博", "偃师教育", "", "", "", "2024-05-01", "2024-04-01", ""],
                    [YANSHI, "财政局", "微博", "偃师财政", "", "", "", "", "", ""],
                    [YANSHI, "公安局", "抖音", "偃师财政", "", "", "", "", "", ""],
                ],
            }
        )
    )
    result = import_workbook(data, scope=None)
    assert located(result) >= {
        ("栏目", 2, "网站网址"),
        ("栏目", 2, "栏目网址"),
        ("栏目", 2, "栏目类型"),
        ("栏目", 2, "更新周期（天）"),
        ("新媒体", 2, "平台"),
        ("新媒体", 2, "备案状态"),
        ("新媒体", 2, "开通日期"),
        ("新媒体", 2, "主页地址"),
        ("新媒体", 3, "关停日期"),
        ("新媒体", 5, "账号名称"),
    }
    assert ("栏目", 3, "栏目网址") not in located(result)
    messages = " ".join(p.message for p in result.problems)
    assert "「2024-02-30」不是日期" in messages and "关停日期不能早于开通日期" in messages
    assert "与第4行重复（同一地区的同名账号）" in messages
    assert snapshot() == before


def test_an_account_named_again_in_its_region_moves_rather_than_doubles(county):
    row = [YANSHI, "公安局", "微信公众号", "偃师教育", "", "已备案", "偃师市公安局", "2021-01-01", "", ""]
    result = import_workbook(xlsx(full({"新媒体": [row]})), scope=county["偃师市"])
    assert result.ok, result.problems
    assert result.updated["新媒体"] == 1 and result.created["新媒体"] == 0
    account = NewMediaAccount.objects.get(name="偃师教育")
    assert account.unit.name == "公安局" and account.certification_body == "偃师市公安局"
    assert account.opened_on == date(2021, 1, 1)


def test_a_workbook_without_the_new_sheets_still_imports(county):
    data = xlsx(full({"单位": [[YANSHI, "新单位", "市直部门", "", "", ""]]}))
    result = import_workbook(data, scope=None)
    assert result.ok and result.created["单位"] == 1
