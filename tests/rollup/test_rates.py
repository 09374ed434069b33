"""The rates a province reports, per sub-region, from gongkai's own data: 年报优良率 from the annual
reports the audits read (stored with monitoring.store.record_run, contract-shaped) and their
register mismatches, 新媒体抽查合格率 from accounts and posts imported into the new-media
register; 第三方评估优良率 has no data and says so."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook

from tests.assessment.conftest import contract

pytestmark = pytest.mark.django_db


def _report(site, year: int, *, mismatch: bool):
    from gongkai.audit.content import annual_report as AR
    from gongkai.monitoring.store import record_run

    page = f"{site.url}ndbg/{year}.html"
    result = contract(site.url, [], as_of=date(year + 1, 4, 10))
    result["annual_reports"] = [
        {"year": year, "page": page, "title": f"{year}年政府信息公开工作年度报告", "readable": True,
         "table": {label: [1, 0, 0, 0, 0, 0, 1] for label in AR.ROWS}}
    ]  # fmt: skip
    if mismatch:
        result["findings"] = [
            {"kind": "annual_report_mismatch", "page": page, "message": "年报表三“一、本年新收 自然人”为 1，台账为 3",
             "year": year, "cell": "一、本年新收 自然人", "published": 1, "register": 3}
        ]  # fmt: skip
    return record_run(site, result)


def _newmedia_book() -> bytes:
    book = Workbook()
    book.remove(book.active)
    accounts = book.create_sheet("账号")
    accounts.append(["账号", "平台", "单位", "备案", "主页地址"])
    accounts.append(["偃师教育", "微信公众号", "教育体育局", "是", ""])
    accounts.append(["偃师公安", "微博", "公安局", "是", ""])
    posts = book.create_sheet("发布")
    posts.append(["账号", "发布日期", "标题"])
    for week in range(53):  # 偃师教育 every week of 2021
        posts.append(["偃师教育", (date(2021, 1, 1) + timedelta(weeks=week)).isoformat(), f"第{week + 1}周"])
    posts.append(["偃师公安", "2021-01-05", "防诈骗提示"])  # 偃师公安 once: a long gap
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_rates_of_a_sub_region(yanshi_year, sample_county, tmp_path):
    from gongkai.assessment.rollup import year_rollup
    from gongkai.registers.newmedia_excel import import_workbook
    from gongkai.registry.models import Unit
    from gongkai.rollup.excel import write_workbook

    yanshi = sample_county["偃师市"]
    site = {
        name: Unit.objects.get(region=yanshi, name=name).sites.first() for name in ("教育体育局", "公安局")
    }
    _report(site["教育体育局"], 2020, mismatch=False)
    _report(site["公安局"], 2020, mismatch=True)
    _report(site["公安局"], 2019, mismatch=False)  # another year's report does not count
    assert import_workbook(_newmedia_book(), scope=yanshi).ok

    data = year_rollup(yanshi.parent, 2021)
    rates = data["sub_regions"][0]["rates"]
    annual = rates["年报优良率"]
    assert (annual["value"], annual["counted"]) == (0.5, 2) and "2020年度" in annual["basis"]
    media = rates["新媒体抽查合格率"]
    assert (media["value"], media["counted"]) == (0.5, 2)
    assert rates["第三方评估优良率"]["value"] is None
    # 2020 counts the reports on 2019 (公安局's only); 2019 has none read and says why
    earlier = year_rollup(yanshi.parent, 2020)["sub_regions"][0]["rates"]["年报优良率"]
    assert (earlier["value"], earlier["counted"]) == (1, 1)
    none = year_rollup(yanshi.parent, 2019)["sub_regions"][0]["rates"]["年报优良率"]
    assert none["value"] is None and "2018年度年报" in none["reason"]

    target = tmp_path / "city.xlsx"
    write_workbook(data, target)
    rows = list(load_workbook(target)["下级地区"].iter_rows(values_only=True))
    assert rows[0][:3] == ("地区", "考评", "满分") and rows[0][-3:] == (
        "年报优良率",
        "新媒体抽查合格率",
        "第三方评估优良率",
    )
    assert rows[1][0] == "偃师市" and rows[1][-3:] == (0.5, 0.5, None)
