"""Seed 000 from data entered through gongkai: the yanshi-monthly metrics imported into a period,
the bulletin form picked in the period's circular settings, and the .docx / .xlsx written as
publishing writes them, opened and compared with the seed's header block, tables and end block."""

from __future__ import annotations

import io
from datetime import date

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from gongkai.reports import gbt9704
from tests.assessment.conftest import make_period
from tests.scoring.conftest import seed_rows

PARTS = ["公共服务", "交流互动", "网站建设及安全", "政务信息公开"]
SEED_HEADERS = [
    "单位名称",
    "公共服务得分",
    "交流互动得分",
    "网站建设及安全得分",
    "政务信息公开得分",
    "总分",
    "排名",
]
SEED_BEST_WORST = (
    "表现较好的单位有：教育体育局、公安局和商城街道、首阳山街道；"
    "表现较差的单位有：统计局、社保中心、金融工作局、城市管理局和邙岭镇。"
)


def yanshi_csv(rows, changes: dict[str, dict[str, int]] | None = None) -> bytes:
    lines = ["单位,类别," + ",".join([*PARTS, "信息发布不及时"])]
    for row in rows:
        values = {p: row[p] for p in PARTS} | {"信息发布不及时": "0"}
        values |= {k: str(v) for k, v in (changes or {}).get(row["单位名称"], {}).items()}
        lines.append(
            f"{row['单位名称']},{row['类别']}," + ",".join(values[k] for k in [*PARTS, "信息发布不及时"])
        )
    return "\n".join(lines).encode("utf-8")


def february(region, user, changes=None):
    from gongkai.assessment import services
    from gongkai.assessment.models import Period

    period = make_period(region, "yanshi-monthly", user=user, name="2021年2月")
    Period.objects.filter(pk=period.pk).update(
        start=date(2021, 2, 1), end=date(2021, 2, 28), check_date=date(2021, 3, 10)
    )
    period.refresh_from_db()
    result = services.import_metrics(
        period, io.BytesIO(yanshi_csv(seed_rows("seed000_yanshi_2021_02.csv"), changes)), "2月.csv", user=user
    )
    assert result.ok, result.problems
    return period


def bulletin_settings(period, **extra):
    from gongkai.circulars.models import CircularSettings

    values = {
        "issuing_office": "偃师市人民政府办公室",
        "title": "2021年2月政府网站管理和政务信息公开工作情况通报",
        "recipients": "各镇（街道），市政府相关部门及有关单位",
        "table_title": "2021年2月份{category}网站管理和政务信息公开情况",
        "date": date(2021, 3, 18),
        "contact": "联系方式：67777396　ysszfwgk@163.com",
        "form": "bulletin",
        "bulletin_name": "政务信息公开工作",
        "issue_number": 3,
        "send_to": "市委、市政府有关领导，市委办、政府办领导",
        "signed_by": "王东杰",
        "reviewed_by": "高晓伟",
        "edited_by": "卢毅　张燕京",
    } | extra
    return CircularSettings.objects.create(period=period, **values)


def blocks(document):
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            yield Table(child, document)


def written(period, tmp_path):
    from gongkai.circulars.build import circular_for
    from gongkai.circulars.files import write_circular

    out = tmp_path / f"out-{period.pk}"
    out.mkdir()
    write_circular(circular_for(period, draft=False), out, pdf=False)
    return docx.Document(out / "circular.docx"), openpyxl.load_workbook(out / "tables.xlsx")


@pytest.mark.django_db
def test_seed000_bulletin_header_tables_and_end_block(sample_county, users, data_dir, tmp_path):
    period = february(sample_county["偃师市"], users["supervisor"])
    bulletin_settings(period)
    document, workbook = written(period, tmp_path)
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    # the header block as seed 000 prints it, in order, and no 发文字号 / 主送机关 / 署名
    assert texts[:6] == [
        (gbt9704.STYLE_BULLETIN_MARK, "内部资料"),
        (gbt9704.STYLE_BULLETIN_MARK, "注意保存"),
        (gbt9704.STYLE_BULLETIN_NAME, "政务信息公开工作"),
        (gbt9704.STYLE_BULLETIN_ISSUE, "（2021年第3期）"),
        (gbt9704.STYLE_BULLETIN_LINE, "偃师市人民政府办公室\t2021年3月18日"),
        (gbt9704.STYLE_TITLE, "2021年2月政府网站管理和\n政务信息公开工作情况通报"),
    ]
    styles = {style for style, _ in texts}
    assert not styles & {
        gbt9704.STYLE_OFFICE,
        gbt9704.STYLE_NUMBER,
        gbt9704.STYLE_RECIPIENTS,
        gbt9704.STYLE_SIGNATURE,
    }
    name_style = document.styles[gbt9704.STYLE_BULLETIN_NAME]
    assert name_style.font.color.rgb == gbt9704.RED and name_style.font.size.pt == gbt9704.BULLETIN_NAME_PT
    rule = document.styles[gbt9704.STYLE_BULLETIN_LINE].element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "E60012"
    # the summary names the seed's best and worst units
    body = "".join(text for _, text in texts)
    assert SEED_BEST_WORST in body
    # the end block follows the last attachment table: 送, 发 (the recipients), editors, contact
    order = list(blocks(document))
    last_table = max(i for i, b in enumerate(order) if isinstance(b, Table))
    end = [b.text for b in order[last_table + 1 :] if isinstance(b, Paragraph) and b.text.strip()]
    assert end == [
        "送：市委、市政府有关领导，市委办、政府办领导。",
        "发：各镇（街道），市政府相关部门及有关单位。",
        "签发：王东杰\u3000\u3000审核：高晓伟\u3000\u3000责任编辑：卢毅\u3000张燕京",
        "联系方式：67777396\u3000ysszfwgk@163.com",
    ]
    assert "抄送" not in body and "印发" not in body
    # the attachment tables: the seed's headers plus 排名, the seed's rows in the seed's order
    rows = seed_rows("seed000_yanshi_2021_02.csv")
    for table, category in zip(document.tables[:2], ["市直单位", "镇街道"], strict=True):
        cells = [[c.text for c in row.cells] for row in table.rows]
        assert cells[0] == SEED_HEADERS
        expected = [[r["单位名称"], *(r[p] for p in PARTS), r["总分"]] for r in rows if r["类别"] == category]
        assert [row[:-1] for row in cells[1:]] == expected
        assert cells[1][-1] == "1"
    sheet = workbook["市直单位"]
    assert [c.value for c in sheet[2]] == SEED_HEADERS
    assert [c.value for c in sheet[3]] == ["教育体育局", 4, 2, 13, 32, 51, 1]
    # 统计局, 社保中心, 金融工作局, 城市管理局 tie at 19 and share the last rank (dense)
    last = [[c.value for c in r] for r in sheet.iter_rows(min_row=sheet.max_row - 3)]
    assert [(r[0], r[-2], r[-1]) for r in last] == [
        ("统计局", 19, 16), ("社保中心", 19, 16), ("金融工作局", 19, 16), ("城市管理局", 19, 16)
    ]  # fmt: skip


@pytest.mark.django_db
def test_document_form_is_the_default_and_the_issue_number_counts_on(
    sample_county, users, data_dir, tmp_path
):
    from gongkai.circulars.build import circular_for
    from gongkai.circulars.models import CircularSettings

    period = february(sample_county["偃师市"], users["supervisor"])
    document, _ = written(period, tmp_path)
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    assert texts[0] == (gbt9704.STYLE_OFFICE, "偃师市人民政府办公室")
    assert not any(style.startswith("简报") for style, _ in texts)
    # the region picks the bulletin form for all its periods; without a number the issue counts
    # the region's circulars published that year
    CircularSettings.objects.create(region=period.region, form="bulletin")
    circular = circular_for(period, on=date(2021, 3, 18))
    assert circular.form == "bulletin"
    assert circular.bulletin.name == "政务公开工作" and circular.bulletin.issue == "2021年第1期"
    assert circular.bulletin.distribute_to == circular.recipients
    from gongkai.circulars.services import publish

    publish(period, user=users["supervisor"], pdf=False)
    later = make_period(period.region, "yanshi-monthly", user=users["supervisor"], name="2021年3月")
    year = circular_for(period).date.year
    assert circular_for(later, on=date(year, 12, 1)).bulletin.issue == f"{year}年第2期"
    assert circular_for(later, on=date(year + 1, 1, 5)).bulletin.issue == f"{year + 1}年第1期"


@pytest.mark.django_db
def test_a_vetoed_unit_ranks_after_a_unit_with_the_same_total(sample_county, users, data_dir, tmp_path):
    # 邙岭镇 scores 0 without a veto; 翟镇镇 is flagged 信息发布不及时, so its total is 0 too
    zero = dict.fromkeys(PARTS, 0)
    period = february(
        sample_county["偃师市"], users["supervisor"], {"邙岭镇": zero, "翟镇镇": {"信息发布不及时": 1}}
    )
    bulletin_settings(period)
    document, workbook = written(period, tmp_path)
    towns = [[c.value for c in r] for r in workbook["镇街道"].iter_rows(min_row=3) if c_is_unit(r)]
    assert [(r[0], r[-2], r[-1]) for r in towns[-2:]] == [("邙岭镇", 0, 10), ("翟镇镇", 0, 11)]
    notes = [p.text for p in document.paragraphs if p.style.name == gbt9704.STYLE_TABLE_NOTE]
    assert notes == [
        "注：翟镇镇触发否决项（网站日常信息发布不及时、工作拖拉，按零分计算），排在未触发否决项的单位之后。"
    ]
    body = "".join(p.text for p in document.paragraphs)
    assert "表现较差的单位有：统计局、社保中心、金融工作局、城市管理局和翟镇镇。" in body


def c_is_unit(row) -> bool:
    return row[0].value is not None and not str(row[0].value).startswith("注")


@pytest.mark.django_db
def test_best_list_is_capped_when_many_units_tie(sample_county, users, data_dir, tmp_path):
    from gongkai.circulars.build import circular_for
    from gongkai.circulars.models import CircularSettings
    from gongkai.reports.summary import summary_paragraphs

    # every 市直单位 scores the same: all 31 tie for first place
    same = {r["单位名称"]: dict.fromkeys(PARTS, 5) for r in seed_rows("seed000_yanshi_2021_02.csv")}
    period = february(sample_county["偃师市"], users["supervisor"], same)
    summary = summary_paragraphs(circular_for(period))[0]
    assert (
        "表现较好的单位有：教育体育局、公安局、交通运输局、人力资源社会保障局、民政局等31个单位和" in summary
    )
    CircularSettings.objects.create(period=period, names_cap=2, best_count=1)
    summary = summary_paragraphs(circular_for(period))[0]
    assert "表现较好的单位有：教育体育局、公安局等31个单位和商城街道" in summary
    CircularSettings.objects.filter(period=period).update(names_cap=0)  # 0: no cap
    summary = summary_paragraphs(circular_for(period))[0]
    assert "城市管理局和商城街道" in summary and "等31个单位" not in summary


@pytest.mark.django_db
def test_yearly_threshold_names_and_counts_compared_year_on_year(sample_county, users, data_dir, tmp_path):
    from gongkai.assessment.models import Period
    from gongkai.circulars.build import circular_for
    from gongkai.circulars.models import CircularSettings
    from gongkai.circulars.services import publish
    from gongkai.reports.summary import summary_paragraphs

    region, boss = sample_county["偃师市"], users["supervisor"]
    last_year = february(region, boss)
    Period.objects.filter(pk=last_year.pk).update(kind="年度", start=date(2020, 1, 1), end=date(2020, 12, 31))
    publish(Period.objects.get(pk=last_year.pk), user=boss, pdf=False)
    # this year 交通运输局 and 人力资源社会保障局 move above 40 beside 教育体育局 and 公安局
    this_year = february(
        region, boss, {"交通运输局": {"政务信息公开": 25}, "人力资源社会保障局": {"政务信息公开": 22}}
    )
    Period.objects.filter(pk=this_year.pk).update(kind="年度", start=date(2021, 1, 1), end=date(2021, 12, 31))
    this_year.refresh_from_db()
    CircularSettings.objects.create(period=this_year, thresholds="市直单位 40 名单\n镇街道 30")
    circular = circular_for(this_year)
    assert circular.compared.relation == "同比" and circular.compared.label == "2020年度"
    out = tmp_path / "y"
    from gongkai.circulars.files import write_circular

    out.mkdir()
    write_circular(circular, out, pdf=False)
    text = "".join(p.text for p in docx.Document(out / "circular.docx").paragraphs)
    assert (
        "得分40分以上的市直单位有4个，同比增加2个：教育体育局、公安局、交通运输局、人力资源社会保障局。"
        "得分30分以上的镇街道有5个，同比持平。" in text
    )
    assert "与上年同期（2020年度）相比" in text
    # the office may ask for 环比 (the latest period, whatever it is) or 同比 without one a year before
    CircularSettings.objects.filter(period=this_year).update(comparison="环比")
    assert circular_for(this_year).compared.relation == "环比"
    Period.objects.filter(pk=this_year.pk).update(start=date(2021, 2, 1))
    CircularSettings.objects.filter(period=this_year).update(comparison="同比")
    monthly = circular_for(Period.objects.get(pk=this_year.pk))
    assert monthly.compared is None and monthly.previous  # a published period exists, but not a year before
    sentences = summary_paragraphs(monthly)
    assert "得分40分以上的市直单位有4个：教育体育局" in sentences[1] and "比" not in sentences[1]


def junan_period(user):
    """Seed 003's 60 units in a 莒南县 region, their 1-5月 numbers imported into a junan-content period."""
    from gongkai.assessment import services
    from gongkai.registry.models import Region, Unit, UnitCategory

    rows = seed_rows("seed003_junan_2019_01_05.csv")
    region = Region.objects.create(name="莒南县", level="county", code="371327")
    for category in ("镇街园区", "部门单位"):
        kind, _ = UnitCategory.objects.get_or_create(name=category)
        for order, row in enumerate((r for r in rows if r["类别"] == category), start=1):
            Unit.objects.create(region=region, category=kind, name=row["单位"], order=order)
    period = make_period(region, "junan-content", user=user, name="2019年1-5月")
    columns = ["信息公开", "动态信息", "每周更新未达标次数", "国办采用", "省级采用", "市级采用"]
    lines = ["单位,类别," + ",".join(columns)]
    lines += [f"{r['单位']},{r['类别']}," + ",".join(r[c] for c in columns) for r in rows]
    result = services.import_metrics(period, io.BytesIO("\n".join(lines).encode()), "1-5月.csv", user=user)
    assert result.ok, result.problems
    return period, rows


@pytest.mark.django_db
def test_seed003_tables_print_the_seed_headers_and_accumulated_bonus(users, data_dir, tmp_path):
    period, rows = junan_period(users["supervisor"])
    _, workbook = written(period, tmp_path)
    headers = [
        "单位名称", "信息公开（采用数）", "动态信息（采用数）", "每周更新未达标次数", "国办", "省级", "市级",
        "累计加分", "得分", "排名",
    ]  # fmt: skip
    for sheet, category in zip(workbook.worksheets, ["镇街园区", "部门单位"], strict=True):
        assert [c.value for c in sheet[2]] == headers
        printed = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=3) if c_is_unit(r)}
        seed = [r for r in rows if r["类别"] == category]
        assert list(printed) == [r["单位"] for r in seed]  # the seed's order: by 信息公开
        counts = sorted({int(r["信息公开"]) for r in seed}, reverse=True)
        for row in seed:
            line = printed[row["单位"]]
            assert line[1:4] == [int(row["信息公开"]), int(row["动态信息"]), int(row["每周更新未达标次数"])]
            assert line[7] == (float(row["累计加分"]) if row["累计加分"] else 0)
            # 排名 follows the seed's 序号 (by 信息公开), units with the same count sharing a rank
            assert line[-1] == counts.index(int(row["信息公开"])) + 1
    # 十字路街道: 省级 1 + 市级 1 = 2.5 累计加分, less 3 weekly misses × 0.2 = 1.9
    first = [c.value for c in workbook.worksheets[0][3]]
    assert first[0] == "十字路街道" and first[7:9] == [2.5, 1.9]


@pytest.mark.django_db
@pytest.mark.parametrize("scheme", ["pucha-2015", "jingzhou-2021-dept"])
def test_every_scheme_table_ends_with_a_rank_column(sample_county, users, scheme):
    from gongkai.circulars.build import circular_for
    from gongkai.registry.models import Unit

    region = sample_county["偃师市"]
    units = Unit.objects.filter(region=region, name__in=["教育体育局", "公安局", "统计局"])
    period = make_period(region, scheme, user=users["supervisor"], units=units)
    scored = {s.unit.name: s for s in period.scores.filter(total__isnull=False).select_related("unit")}
    circular = circular_for(period)
    rows = [row for table in circular.tables for row in table.rows]
    assert rows and len(rows) == len(scored)
    for table in circular.tables:
        assert table.columns[-2:] == ["总分", "排名"]
    for row in rows:
        assert row[-1] == scored[row[0]].rank and row[-1] >= 1


@pytest.mark.django_db
def test_the_office_picks_the_bulletin_form_on_the_settings_page(sample_county, users, data_dir):
    from django.test import Client

    from gongkai.circulars.models import CircularSettings, PublishedCircular
    from gongkai.circulars.services import publish

    period = february(sample_county["偃师市"], users["supervisor"])
    client = Client()
    client.force_login(users["supervisor"])
    url = f"/circulars/{period.pk}/settings/"
    detail = f"/assessment/{period.pk}/"
    assert "通报版式：公文（GB/T 9704 格式）" in client.get(detail).content.decode()
    page = client.get(url).content.decode()
    for label in ("通报版式", "简报名称", "期号", "签发", "审核", "责任编辑", "名单最多列出", "比较对象"):
        assert label in page
    assert "简报（内部资料、第N期" in page and "公文（GB/T 9704 格式）" in page
    # a bad number is refused with the form shown again, nothing saved
    response = client.post(url, {"form": "bulletin", "issue_number": "三"})
    assert response.status_code == 200 and not CircularSettings.objects.filter(period=period).exists()
    response = client.post(
        url,
        {"form": "bulletin", "bulletin_name": "政务信息公开工作", "issue_number": "3", "signed_by": "王东杰",
         "send_to": "市委、市政府有关领导", "date": "2021-03-18"},
    )  # fmt: skip
    assert response.status_code == 302
    saved = CircularSettings.objects.get(period=period)
    assert (saved.form, saved.issue_number, saved.signed_by) == ("bulletin", 3, "王东杰")
    assert "通报版式：简报（内部资料、第N期" in client.get(detail).content.decode()
    record = publish(period, user=users["supervisor"], pdf=False)
    entry = next(f for f in record.files if f["kind"] == "circular")
    document = docx.Document(f"{record.directory}/{entry['name']}")
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[2:4] == ["政务信息公开工作", "（2021年第3期）"]
    assert "签发：王东杰" in texts and "送：市委、市政府有关领导。" in texts
    assert PublishedCircular.objects.get(period=period).title == record.title
