"""The information-submissions register: `gongkai submissions import|stats` (registers-contract
§4), the pages and their permissions, the flags, the audit log, the 商南 score of a period and
the circular's headline sentence computed from the register."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from functools import partial

import docx
import pytest
from django.core.management.base import CommandError
from openpyxl import load_workbook

from gongkai.oversight.models import Event
from gongkai.registers import submissions_services as services
from gongkai.registers.models import Submission
from gongkai.registry.models import Unit
from tests.registers.helpers import logged_in, run_import, run_stats
from tests.registers.workbooks import workbook as registers_workbook

pytestmark = pytest.mark.django_db

HEADER = ["编号", "单位", "标题", "报送日期", "采用", "采用级别", "重点领域"]


def workbook(rows: list[list], *, header=HEADER, sheet="报送") -> bytes:
    return registers_workbook(rows, header=header, sheet=sheet)


_import = partial(run_import, "submissions")
_stats = partial(run_stats, "submissions")


GOOD = [
    ["1", "教育体育局", "市教体局召开春季开学工作部署会", datetime(2021, 3, 31), "是", "县", "否"],
    ["2", "教育体育局", "市教体局开展校园安全大检查", "2021-04-01", "是", "省", "是"],
    ["3", "教育体育局", "市教体局开展校园安全大检查。", "2021-04-20", "否", "", "否"],
    ["4", "教育体育局", "全市中小学生运动会开幕", "2021-06-30", "是", "国办", "是"],
    ["5", "教育体育局", "市教体局部署暑期防溺水工作", "2021-07-01", "是", "市", "否"],
    ["1", "公安局", "市公安局开展反诈宣传进社区活动", "2021-05-10", "是", "", "是"],
]


def test_import_then_stats_are_exact_at_the_window_edges(tmp_path, units, capsys):
    _import(tmp_path, workbook(GOOD), "--region", "偃师市")
    assert "新增报送信息 6 条" in capsys.readouterr().out
    assert Event.objects.filter(kind=Event.Kind.SUBMISSION_IMPORT).count() == 1
    rows = _stats(tmp_path, "--from", "2021-04-01", "--to", "2021-06-30", "--unit", str(units["own"].pk))
    assert rows == [
        {
            "unit": "教育体育局",
            "submitted": 3,  # 3-31 and 7-01 are outside; the duplicate (item 3) is still a submission
            "adopted": 2,
            "adopted_by_level": {"国办": 1, "省": 1, "市": 0, "县": 0},
            "key_area": 2,
        }
    ]
    region = {
        r["unit"]: r
        for r in _stats(tmp_path, "--from", "2021-04-01", "--to", "2021-06-30", "--region", "偃师市")
    }
    assert len(region) == Unit.objects.filter(region__name="偃师市").count()  # every unit, zeros too
    assert region["公安局"]["adopted"] == 1 and region["公安局"]["adopted_by_level"]["县"] == 0
    assert region["商城街道"]["submitted"] == 0
    # importing the same file again updates, creates nothing
    _import(tmp_path, workbook(GOOD), "--region", "偃师市")
    assert "新增报送信息 0 条，更新 6 条" in capsys.readouterr().out
    assert Submission.objects.count() == 6


def test_a_bad_file_names_every_problem_in_chinese_and_stores_nothing(tmp_path, units):
    rows = [
        ["", "教育体育局", "标题", "2021-04-01", "是", "", "否"],
        ["2", "不存在的局", "标题", "2021-04-01", "是", "", "否"],
        ["3", "教育体育局", "", "2021-13-01", "可能", "乡", "否"],
        ["4", "教育体育局", "标题", "2021-04-01", "否", "省", "也许"],
        ["4", "教育体育局", "标题二", "2021-04-02", "否", "", "否"],
        ["6", "教育体育局", "标题", "2021-04-02", "是", "市", "否"],  # good: still not stored
    ]
    with pytest.raises(CommandError) as raised:
        _import(tmp_path, workbook(rows), "--region", "偃师市")
    text = str(raised.value)
    for expected in (
        "第2行",
        "「编号」不能为空",
        "没有登记名为“不存在的局”的单位",
        "「标题」不能为空",
        "“2021-13-01”不是日期",
        "只能填写「是」或「否」，而不是「可能」",
        "采用级别“乡”无效",
        "「采用」须为「是」",
        "而不是「也许」",
        "与第5行重复",
    ):
        assert expected in text, expected
    assert Submission.objects.count() == 0
    with pytest.raises(CommandError, match="缺少「重点领域」列"):
        _import(tmp_path, workbook([], header=HEADER[:-1]))
    with pytest.raises(CommandError, match="缺少「报送」表"):
        _import(tmp_path, workbook([], sheet="Sheet1"))


def test_the_unit_submits_and_the_office_reviews_with_flags_and_audit(users, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SUBMISSION_LATE_DAYS = 2
    admin = logged_in(users["unit_admin"])
    refused = admin.post(
        "/submissions/new/",
        {"unit": units["own"].pk, "number": "A1", "title": "无链接无附件", "submitted": "2021-04-02"},
    )
    assert "请填写信息的链接，或上传稿件附件" in refused.content.decode()
    first = admin.post(
        "/submissions/new/",
        {
            "unit": units["own"].pk,
            "number": "A1",
            "title": "市教体局举办教师技能大赛",
            "submitted": "2021-04-02",
            "link": "http://www.yanshi.gov.cn/a1.html",
        },
    )
    assert first.status_code == 302
    attachment = io.BytesIO(b"manuscript text")
    attachment.name = "稿件.txt"
    second = admin.post(
        "/submissions/new/",
        {
            "unit": units["own"].pk,
            "number": "A2",
            "title": "市教体局举办教师技能大赛！",
            "submitted": "2021-04-09",
            "event_date": "2021-04-03",
            "files": attachment,
        },
    )
    assert second.status_code == 302
    a1, a2 = Submission.objects.get(number="A1"), Submission.objects.get(number="A2")
    assert a1.created_by == users["unit_admin"] and a2.attachments.get().original_name == "稿件.txt"
    listing = admin.get("/submissions/").content.decode()
    assert "重复报送（同 A1）" in listing and "迟报 4 天" in listing  # 6 days after the event, 2 allowed
    assert "采用级别</th><th>重点领域</th><th>审核" not in listing  # no review column for the unit
    assert admin.get(f"/submissions/attachments/{a2.attachments.get().pk}/").status_code == 200

    # the unit cannot mark adoption; the other unit cannot even see the item
    assert admin.post(f"/submissions/{a1.pk}/review/", {f"s{a1.pk}-adopted": "on"}).status_code == 403
    a1.refresh_from_db()
    assert not a1.adopted and a1.reviewed is None
    other = logged_in(users["other_admin"])
    assert other.get(f"/submissions/{a1.pk}/").status_code == 404
    assert other.post(f"/submissions/{a1.pk}/review/", {f"s{a1.pk}-adopted": "on"}).status_code == 404
    assert "A1" not in other.get("/submissions/").content.decode()
    assert other.get(f"/submissions/stats/?unit={units['own'].pk}").status_code == 403
    # another county's supervisor does not see it either
    assert logged_in(users["shangnan_supervisor"]).get(f"/submissions/{a1.pk}/").status_code == 404

    office = logged_in(users["supervisor"])
    page = office.get("/submissions/?flag=duplicate").content.decode()
    assert "市教体局举办教师技能大赛！" in page and "a1.html" not in page
    bad = office.post(f"/submissions/{a1.pk}/review/", {f"s{a1.pk}-level": "省"}, follow=True)
    assert "未采用的信息不能填写采用级别" in bad.content.decode()
    office.post(
        f"/submissions/{a1.pk}/review/",
        {f"s{a1.pk}-adopted": "on", f"s{a1.pk}-level": "省", f"s{a1.pk}-key_area": "on"},
    )
    a1.refresh_from_db()
    assert (a1.adopted, a1.level, a1.key_area, a1.reviewed_by) == (True, "省", True, users["supervisor"])
    event = Event.objects.get(kind=Event.Kind.SUBMISSION_REVIEW)
    assert "未采用，非重点领域 → 采用（省），重点领域" in event.message and event.user == users["supervisor"]
    assert Event.objects.filter(kind=Event.Kind.SUBMISSION).count() == 2
    # once reviewed, the unit can no longer edit the item
    assert admin.get(f"/submissions/{a1.pk}/edit/").status_code == 403
    assert admin.get(f"/submissions/{a2.pk}/edit/").status_code == 200

    stats = office.get("/submissions/stats/?from=2021-04-01&to=2021-06-30").content.decode()
    assert "共报送信息 2 条，采用 1 条，重点领域信息 1 条" in stats
    book = load_workbook(io.BytesIO(office.get("/submissions/export.xlsx").content))
    rows = list(book["报送"].iter_rows(values_only=True))
    assert rows[0][:7] == tuple(HEADER) and rows[0][-2:] == ("重复报送", "迟报")
    exported = {r[0]: r for r in rows[1:]}
    assert exported["A1"][4:7] == ("是", "省", "是") and exported["A2"][-2:] == ("A1", 4)
    summary = load_workbook(
        io.BytesIO(office.get("/submissions/stats.xlsx?from=2021-04-01&to=2021-06-30").content)
    )
    assert list(summary.active.iter_rows(values_only=True))[-1][:3] == ("合计", 2, 1)


def test_an_export_imports_back_unchanged(tmp_path, units):
    _import(tmp_path, workbook(GOOD), "--region", "偃师市")
    from gongkai.registers.submissions_excel import export_workbook, import_workbook

    before = list(Submission.objects.order_by("pk").values())
    result = import_workbook(export_workbook(Submission.objects.all()), scope=units["own"].region)
    assert result.ok and result.updated == 6 and result.created == 0
    assert list(Submission.objects.order_by("pk").values()) == before


def _register_counts(region, counts: dict[str, tuple[int, int]], day: date) -> None:
    """Register ``submitted`` items per unit, the first ``adopted`` of them adopted (县)."""
    units = {u.name: u for u in Unit.objects.filter(region=region)}
    items = []
    for name, (submitted, adopted) in counts.items():
        for n in range(submitted):
            items.append(
                Submission(
                    unit=units[name],
                    number=f"{day:%Y%m}-{n + 1:03d}",
                    title=f"{name}第{n + 1}条信息",
                    submitted=day,
                    adopted=n < adopted,
                    level="县" if n < adopted else "",
                    key_area=n % 4 == 0,
                )
            )
    Submission.objects.bulk_create(items)


def test_the_seed_002_table_is_scored_from_the_register_and_the_circular_says_it(
    sample_county, users, tmp_path
):
    from gongkai.assessment import services as assessment
    from gongkai.assessment.models import Period, Score
    from gongkai.circulars.build import circular_for
    from gongkai.reports.circular_docx import render_circular
    from tests.assessment.conftest import make_period
    from tests.scoring.conftest import seed_rows

    region = sample_county["商南县"]
    seed = seed_rows("seed002_shangnan_2021q2.csv")
    _register_counts(
        region, {r["单位"]: (int(r["报送信息"]), int(r["采用信息"])) for r in seed}, date(2021, 5, 10)
    )
    # items outside the quarter do not count: one before, one after
    _register_counts(region, {"试马镇": (5, 5)}, date(2021, 3, 31))
    _register_counts(region, {"县发改局": (3, 3)}, date(2021, 7, 1))
    period = make_period(
        region, "shangnan-quarterly", user=users["shangnan_supervisor"], name="2021年第二季度"
    )
    Period.objects.filter(pk=period.pk).update(kind="季度", start=date(2021, 4, 1), end=date(2021, 6, 30))
    period.refresh_from_db()
    assessment.recompute(period, user=users["shangnan_supervisor"], reason="按台账计算")
    scores = {s.unit.name: s for s in Score.objects.filter(period=period).select_related("unit")}
    for row in seed:  # 0.2 × 报送 + 1 × 采用, dense ranking within the category, zeros share the last rank
        score = scores[row["单位"]]
        assert score.error == "", (row["单位"], score.error)
        assert (str(score.trace["total"]), score.rank) == (row["通报得分"], int(row["通报排名"])), row["单位"]

    client = logged_in(users["shangnan_supervisor"])  # the period's page in the web app shows the same
    body = client.get(f"/assessment/{period.pk}/").content.decode()
    assert "30.4" in body and "68.4" in body

    circular = circular_for(period)
    path = render_circular(circular, tmp_path / "circular.docx")
    text = "".join(p.text for p in docx.Document(path).paragraphs)
    submitted = sum(int(r["报送信息"]) for r in seed)
    adopted = sum(int(r["采用信息"]) for r in seed)
    towns = sum(int(r["报送信息"]) for r in seed if r["类别"] == "镇办")
    assert (towns, submitted - towns, adopted) == (132, 528, 546)  # seed 002's headline numbers
    key_area = Submission.objects.filter(key_area=True, submitted__range=(period.start, period.end)).count()
    assert [t.category for t in circular.tables] == ["县直部门", "镇街"]  # the sentence follows the tables
    assert (
        f"2021年第二季度，县直部门报送信息528条、镇街报送信息132条，共采用546条；报送重点领域信息{key_area}条。"
        in text
    )


def test_no_register_data_no_sentence_and_typed_values_are_used(sample_county, users):
    from gongkai.circulars.build import circular_for
    from gongkai.registers.metrics import register_metrics
    from tests.assessment.conftest import make_period

    region = sample_county["商南县"]
    period = make_period(region, "shangnan-quarterly", user=users["shangnan_supervisor"])
    unit_ids = list(period.memberships.values_list("unit_id", flat=True))
    assert register_metrics(["报送信息", "采用信息"], unit_ids, period.start, period.end) == {}
    assert not any("报送信息" in p for p in circular_for(period).intro)
    # one item anywhere before the window's end: every unit of the window has a value, zeros too
    _register_counts(region, {"赵川镇": (1, 1)}, date(2020, 1, 1))
    values = register_metrics(["报送信息", "国办采用"], unit_ids, period.start, period.end)
    assert len(values) == len(unit_ids) and all(v == {"报送信息": 0, "国办采用": 0} for v in values.values())


def test_junan_highlights_by_level(sample_county, units):
    from gongkai.registers.metrics import register_metrics

    day = date(2019, 3, 1)
    for number, level in enumerate(["国办", "省", "省", "市", "县", ""]):
        Submission.objects.create(
            unit=units["own"],
            number=str(number),
            title=f"亮点{number}",
            submitted=day,
            adopted=True,
            level=level,
        )
    values = register_metrics(
        ["国办采用", "省级采用", "市级采用", "采用信息"],
        [units["own"].pk],
        date(2019, 1, 1),
        date(2019, 5, 31),
    )
    assert values[units["own"].pk] == {"国办采用": 1, "省级采用": 2, "市级采用": 1, "采用信息": 6}


def test_flags_helper_sees_duplicates_outside_the_list(units):
    old = Submission.objects.create(
        unit=units["own"], number="1", title="关于 做好防汛工作的通知", submitted=date(2021, 1, 5)
    )
    new = Submission.objects.create(
        unit=units["own"], number="2", title="关于做好防汛工作的通知。", submitted=date(2021, 6, 5)
    )
    other = Submission.objects.create(
        unit=units["other"], number="1", title="关于做好防汛工作的通知", submitted=date(2021, 6, 6)
    )
    marks = services.flags(Submission.objects.filter(submitted__gte=date(2021, 6, 1)))
    assert marks[new.pk].duplicate_of == old and marks[other.pk].duplicate_of is None


def test_the_demo_register_has_every_kind_of_item_once(sample_county):
    from gongkai.registers import submissions_demo

    yanshi, as_of = sample_county["偃师市"], date(2026, 11, 16)
    statistics = Unit.objects.get(region=yanshi, name="统计局")
    count = submissions_demo.fill(yanshi, as_of, include=statistics)
    assert count == Submission.objects.count() > 30 and submissions_demo.fill(yanshi, as_of) == 0
    marks = services.flags(Submission.objects.all())
    assert any(m.duplicate_of for m in marks.values()) and any(m.days_late for m in marks.values())
    levels = set(Submission.objects.filter(adopted=True).values_list("level", flat=True))
    assert {"国办", "市", "县"} <= levels
    assert (
        Submission.objects.filter(reviewed=None).exists()
        and Submission.objects.filter(key_area=True).exists()
    )
    assert statistics.submissions.exists()
    rows = services.stats(services.units_of_region(yanshi), as_of - timedelta(days=200), as_of)
    assert sum(r["submitted"] for r in rows) == count and any(r["submitted"] == 0 for r in rows)


def test_the_api_lists_items_with_flags_and_the_stats_within_scope(users, units):
    first = Submission.objects.create(
        unit=units["own"],
        number="1",
        title="县教体局召开会议",
        submitted=date(2021, 4, 1),
        adopted=True,
        level="市",
    )
    Submission.objects.create(
        unit=units["own"], number="2", title="县教体局召开会议！", submitted=date(2021, 4, 2)
    )
    Submission.objects.create(unit=units["other"], number="1", title="公安局信息", submitted=date(2021, 4, 2))
    admin = logged_in(users["unit_admin"])
    listed = admin.get("/api/submissions?from=2021-04-01&to=2021-04-30").json()
    assert [(i["number"], i["duplicate_of"]) for i in listed] == [("1", None), ("2", first.pk)]
    assert admin.get(f"/api/submissions?unit={units['other'].pk}").status_code == 403
    stats = admin.get(f"/api/submissions/stats?from=2021-04-01&to=2021-04-30&unit={units['own'].pk}").json()
    assert stats == [
        {
            "unit": "教育体育局",
            "submitted": 2,
            "adopted": 1,
            "adopted_by_level": {"国办": 0, "省": 0, "市": 1, "县": 0},
            "key_area": 0,
        }
    ]
    region = units["own"].region_id
    assert (
        admin.get(f"/api/submissions/stats?from=2021-04-01&to=2021-04-30&region={region}").status_code == 403
    )
    office = logged_in(users["supervisor"]).get(
        f"/api/submissions/stats?from=2021-04-01&to=2021-04-30&region={region}"
    )
    assert office.status_code == 200 and sum(r["submitted"] for r in office.json()) == 3


def test_readers_read_and_do_not_keep(users, units):
    item = Submission.objects.create(unit=units["own"], number="1", title="信息", submitted=date(2021, 4, 1))
    for name in ("leader", "assessor"):
        reader = logged_in(users[name])
        assert reader.get(f"/submissions/{item.pk}/").status_code == 200
        assert (
            reader.post(f"/submissions/{item.pk}/review/", {f"s{item.pk}-adopted": "on"}).status_code == 403
        )
        assert reader.get("/submissions/new/").status_code == 403
        assert reader.get("/submissions/import/").status_code == 403
        assert reader.get(f"/submissions/stats/?region={units['own'].region_id}").status_code == 200
    item.refresh_from_db()
    assert item.reviewed is None and not Event.objects.filter(kind=Event.Kind.SUBMISSION_REVIEW).exists()
    assert logged_in(users["unit_admin"]).get("/submissions/import/").status_code == 403


def test_the_optional_columns_event_date_and_link(tmp_path, units):
    header = [*HEADER, "事件日期", "链接"]
    bad = [["1", "教育体育局", "标题", "2021-04-01", "否", "", "否", "2021-04-05", "www.example"]]
    with pytest.raises(CommandError) as raised:
        _import(tmp_path, workbook(bad, header=header), "--region", "偃师市")
    assert "报送日期（2021-04-01）早于事件日期（2021-04-05）" in str(raised.value)
    assert "“www.example”不是有效的网址" in str(raised.value)
    good = [
        [
            "1",
            "教育体育局",
            "标题",
            "2021-04-09",
            "否",
            "",
            "否",
            "2021-04-01",
            "https://www.yanshi.gov.cn/1.html",
        ]
    ]
    _import(tmp_path, workbook(good, header=header), "--region", "偃师市")
    item = Submission.objects.get()
    assert item.event_date == date(2021, 4, 1) and item.link == "https://www.yanshi.gov.cn/1.html"
    assert services.flags([item])[item.pk].days_late == 5  # 8 days after the event, 3 allowed
