"""The circular built from the database: defaults, the comparison with the previous published
period, finding-based tables, and the `gongkai report` command."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import docx
import pytest
from django.core.management import CommandError, call_command

from gongkai.assessment import services as assessment
from gongkai.circulars.build import circular_for, compare_with_previous
from gongkai.circulars.defaults import SettingsError
from gongkai.circulars.models import CircularSettings
from gongkai.circulars.services import publish
from gongkai.registry.models import Unit
from tests.assessment.conftest import make_period
from tests.circulars.conftest import quarter_period
from tests.scoring.conftest import seed_rows


def _town_mean(scale: int) -> float:
    rows = [r for r in seed_rows("seed002_shangnan_2021q2.csv") if r["类别"] == "镇办"]
    return sum(0.2 * int(r["报送信息"]) + scale * int(r["采用信息"]) for r in rows) / len(rows)


@pytest.fixture
def two_quarters(sample_county, shangnan_people, data_dir):
    """Q1 (seed 002's numbers) published; Q2 with every 采用信息 doubled, not published."""
    region = sample_county["商南县"]
    boss = shangnan_people["shangnan_supervisor"]
    q1 = quarter_period(region, boss, name="2021年第一季度", start=date(2021, 1, 1), check=date(2021, 4, 10))
    publish(q1, user=boss, pdf=False)
    q2 = quarter_period(
        region, boss, name="2021年第二季度", start=date(2021, 4, 1), check=date(2021, 7, 10), scale=2
    )
    return q1, q2


@pytest.mark.django_db
def test_defaults_for_a_period_without_settings(two_quarters):
    q1, q2 = two_quarters
    circular = circular_for(q2, on=date(2021, 7, 20))
    assert circular.issuing_office == "商南县人民政府办公室"
    assert circular.title == "关于2021年第二季度政府网站和政务公开检查情况的通报（征求意见稿）"
    assert "县政府各部门" in circular.recipients
    # 2021-07-10 is a Saturday: 15 working days later is Friday 2021-07-30
    assert circular.rectification_deadline == date(2021, 7, 30)
    assert [t.title for t in circular.tables] == [
        "2021年第二季度镇办政府网站和政务公开检查情况",
        "2021年第二季度县直部门政府网站和政务公开检查情况",
    ]
    assert circular_for(q1).title == "关于2021年第一季度政府网站和政务公开检查情况的通报"
    # a check date whose deadline runs past the packaged holiday calendar is estimated, not refused
    q2.check_date = date(2026, 12, 20)
    assert circular_for(q2, on=date(2026, 12, 21)).rectification_deadline == date(2027, 1, 11)


@pytest.mark.django_db
def test_second_period_is_compared_with_the_latest_published_one(
    two_quarters, sample_county, shangnan_people, tmp_path
):
    q1, q2 = two_quarters
    region = sample_county["商南县"]
    # a later unpublished period of the same scheme is not a previous period
    make_period(region, "shangnan-quarterly", user=shangnan_people["shangnan_supervisor"], name="草稿期")
    CircularSettings.objects.create(region=region, thresholds="镇办 20")
    circular = circular_for(q2)
    assert [p.label for p in circular.previous] == ["2021年第一季度"]
    before, after = _town_mean(1), _town_mean(2)
    intro = circular.intro[0]
    assert f"与上期（2021年第一季度）相比，镇办平均得分由{before:.1f}分升至{after:.1f}分" in intro
    # threshold sentence with the change: seed 002 has 3 towns at 20 or more; doubled, 4 more reach it
    towns = [r for r in seed_rows("seed002_shangnan_2021q2.csv") if r["类别"] == "镇办"]
    now = sum(1 for r in towns if 0.2 * int(r["报送信息"]) + 2 * int(r["采用信息"]) >= 20)
    was = sum(1 for r in towns if Decimal(r["通报得分"]) >= 20)
    assert (was, now) == (3, 4)
    out = docx_text(circular, tmp_path)
    assert f"得分20分以上的镇办有{now}个，环比增加{now - was}个" in out

    previous, rows = compare_with_previous(q2)
    assert previous == q1
    first = next(r for r in rows if r.unit == "过风楼镇")
    assert (first.previous_total, first.total, first.delta) == (
        Decimal("30.4"),
        Decimal("55.4"),
        Decimal("25"),
    )
    assert first.rank == first.previous_rank == 1


def docx_text(circular, directory) -> str:
    from gongkai.reports.circular_docx import render_circular

    path = render_circular(circular, directory / "circular.docx")
    return "".join(p.text for p in docx.Document(path).paragraphs)


@pytest.mark.django_db
def test_bad_threshold_setting_is_a_clear_error(two_quarters, sample_county):
    _, q2 = two_quarters
    CircularSettings.objects.create(period=q2, thresholds="乡镇 八十")
    with pytest.raises(SettingsError, match="应写成“类别 分数”"):
        circular_for(q2)
    CircularSettings.objects.filter(period=q2).update(thresholds="乡镇 80")
    with pytest.raises(SettingsError, match="不在本期的类别"):
        circular_for(q2)


@pytest.mark.django_db
def test_finding_based_scheme_tables_show_first_level_indicators(sample_county, users):
    region = sample_county["偃师市"]
    units = Unit.objects.filter(region=region, name__in=["教育体育局", "公安局"])
    period = make_period(region, "guoban-2019", user=users["supervisor"], units=units)
    scheme = assessment.scheme_for("guoban-2019")
    circular = circular_for(period)
    scored = period.scores.filter(total__isnull=False).count()
    assert scored == 2
    assert sum(len(t.rows) for t in circular.tables) == scored
    for table in circular.tables:
        assert table.columns == ["单位名称", *[node.name for node in scheme.indicators], "总分", "排名"]
        for row in table.rows:
            score = period.scores.get(unit__name=row[0])
            assert row[1:-2] == [i["score"] for i in score.trace["indicators"]]
            assert Decimal(str(row[-2])) == score.total
            assert row[-1] == score.rank


@pytest.mark.django_db
def test_report_command_writes_a_draft(two_quarters, tmp_path, capsys):
    _, q2 = two_quarters
    out = tmp_path / "out"
    call_command("report", period=q2.pk, out=str(out), no_pdf=True)
    printed = capsys.readouterr().out
    assert "未发布" in printed and "征求意见稿" in printed and "按要求未生成 PDF 文件" in printed
    for name in ("circular.docx", "tables.xlsx", "table-1.csv", "table-2.csv"):
        assert f"：{name}" in printed and (out / name).is_file()
    assert not (out / "circular.pdf").exists()
    title = "".join(p.text for p in docx.Document(out / "circular.docx").paragraphs[:6])
    assert "（征求意见稿）" in title
    with pytest.raises(CommandError, match="没有编号为 999999 的考评期"):
        call_command("report", period=999999, out=str(out))
