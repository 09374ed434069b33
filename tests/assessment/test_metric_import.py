"""Metric import: seed 002 end to end through the import page, and bad files that store nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gongkai.assessment import services
from gongkai.assessment.models import MetricValue, PeriodUnit, Score, ScoreChange
from tests.assessment.conftest import make_period
from tests.scoring.conftest import seed_rows
from tests.zipbombs import traced_peak, with_lying_member, with_zero_member

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def shangnan(sample_county, users):
    return make_period(
        sample_county["商南县"],
        "shangnan-quarterly",
        user=users["shangnan_supervisor"],
        name="2021年第二季度信息报送",
    )


@pytest.mark.django_db
def test_seed_002_scores_and_ranks_from_an_imported_xlsx(shangnan, users, client):
    seed = seed_rows("seed002_shangnan_2021q2.csv")
    assert shangnan.memberships.count() == 62  # seed 002: 10 镇办 + 52 县直部门, all in the sample county
    table = [["单位", "类别", "报送信息", "采用信息"]]
    table += [[r["单位"], r["类别"], int(r["报送信息"]), int(r["采用信息"])] for r in seed]
    client.force_login(users["shangnan_supervisor"])
    upload = SimpleUploadedFile("二季度报送采用.xlsx", _xlsx(table), content_type=XLSX)
    response = client.post(
        f"/assessment/{shangnan.pk}/import/", {"file": upload, "note": "县政府网站后台统计"}
    )
    assert response.status_code == 302, response.content.decode()
    scores = {s.unit.name: s for s in Score.objects.filter(period=shangnan).select_related("unit")}
    for row in seed:
        score = scores[row["单位"]]
        assert score.error == ""
        assert (str(score.trace["total"]), score.rank, score.category) == (
            row["通报得分"],
            int(row["通报排名"]),
            row["类别"],
        ), row["单位"]
    assert MetricValue.objects.filter(period=shangnan).count() == 2 * len(seed)
    change = ScoreChange.objects.get(period=shangnan, unit__name="过风楼镇", what="报送信息")
    assert (change.old, change.new, change.user) == ("", "27", users["shangnan_supervisor"])
    assert change.reason == "导入《二季度报送采用.xlsx》：县政府网站后台统计"
    # the town category of the registry (镇街) is replaced by the table's 镇办, and logged
    assert ScoreChange.objects.filter(period=shangnan, what="类别", old="镇街", new="镇办").count() == 10
    # the ranking page shows both tables
    body = client.get(f"/assessment/{shangnan.pk}/").content.decode()
    assert "30.4" in body and body.index("<h2>镇办</h2>") < body.index("<h2>县直部门</h2>")

    # importing the same table again changes nothing and logs nothing
    before = ScoreChange.objects.count()
    result = services.import_metrics(shangnan, io.BytesIO(_xlsx(table)), "again.xlsx", user=users["assessor"])
    assert result.ok and result.changed == 0 and ScoreChange.objects.count() == before


@pytest.mark.django_db
def test_bad_rows_are_each_reported_and_nothing_is_stored(shangnan, users, client):
    rows = [
        ["单位", "类别", "报送信息", "采用信息"],
        ["过风楼镇", "镇办", 27, 25],
        ["不存在的镇", "镇办", 3, 1],  # row 3: not in the period
        ["赵川镇", "镇办", "二十二", 19],  # row 4: not a number
        ["清油河镇", "镇办", 18, ""],  # row 5: empty required value
        ["过风楼镇", "镇办", 1, 1],  # row 6: duplicate
        ["偃师市教育体育局", "市直部门", 1, 1],  # row 7: not a unit of this period
    ]
    client.force_login(users["shangnan_supervisor"])
    upload = SimpleUploadedFile("bad.xlsx", _xlsx(rows), content_type=XLSX)
    response = client.post(f"/assessment/{shangnan.pk}/import/", {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "5 处问题，未导入任何数据" in body
    result = services.import_metrics(shangnan, io.BytesIO(_xlsx(rows)), "bad.xlsx", user=users["assessor"])
    places = [(p.row, p.column) for p in result.problems]
    assert places == [(3, "单位"), (4, "报送信息"), (5, "采用信息"), (6, "单位"), (7, "单位")]
    assert "不是本考评期的考评对象" in result.problems[0].message and "不是数字" in result.problems[1].message
    assert not MetricValue.objects.filter(period=shangnan).exists()
    assert not ScoreChange.objects.filter(period=shangnan).exclude(what="考评对象").exists()
    assert not PeriodUnit.objects.filter(period=shangnan, category="镇办").exists()


@pytest.mark.django_db
def test_missing_columns_and_wrong_file_types_store_nothing(shangnan, users):
    missing = _xlsx([["单位", "报送信息"], ["过风楼镇", 27]])
    result = services.import_metrics(shangnan, io.BytesIO(missing), "m.xlsx", user=users["assessor"])
    assert {p.column for p in result.problems} == {"类别", "采用信息"}
    csv_text = "单位,类别,报送信息,采用信息\n过风楼镇,镇办,27,abc\n".encode()
    result = services.import_metrics(shangnan, io.BytesIO(csv_text), "t.csv", user=users["assessor"])
    assert [(p.row, p.column) for p in result.problems] == [(2, "采用信息")]
    fake = services.import_metrics(
        shangnan, io.BytesIO(b"MZ\x90\x00garbage"), "data.xlsx", user=users["assessor"]
    )
    assert "不是有效的 Excel" in fake.problems[0].message and "data.xlsx" in fake.problems[0].message
    wrong = services.import_metrics(shangnan, io.BytesIO(b"x"), "data.doc", user=users["assessor"])
    assert "不支持的文件类型" in wrong.problems[0].message
    assert not MetricValue.objects.filter(period=shangnan).exists()


@pytest.mark.django_db
def test_a_unit_without_metrics_is_reported_not_blocking_others(shangnan, users):
    services.set_metrics(
        shangnan,
        {
            PeriodUnit.objects.get(period=shangnan, unit__name="赵川镇").unit_id: {
                "报送信息": Decimal(22),
                "采用信息": Decimal(19),
            }
        },
        user=users["assessor"],
        reason="手工录入",
    )
    scores = Score.objects.filter(period=shangnan)
    assert scores.get(unit__name="赵川镇").total == Decimal("23.4")
    assert scores.get(unit__name="赵川镇").rank == 1
    missing = scores.get(unit__name="过风楼镇")
    assert missing.total is None and "缺少数据" in missing.error


def _bomb_builders():
    table = _xlsx([["单位", "类别", "报送信息", "采用信息"], ["过风楼镇", "镇办", 27, 25]])
    return {
        "500MB-manifest": (lambda: with_zero_member(table, "[Content_Types].xml", 500), "解压后过大"),
        "lying-header": (lambda: with_lying_member(table, "xl/media/image1.png", 60), "解压后过大"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["500MB-manifest", "lying-header"])
def test_zip_bomb_workbook_is_refused_through_the_import_page(shangnan, users, client, case):
    """Issue 12.5: openpyxl read the 500 MB manifest whole before the streaming check."""
    build, message = _bomb_builders()[case]
    client.force_login(users["shangnan_supervisor"])
    upload = SimpleUploadedFile("二季度报送采用.xlsx", build(), content_type=XLSX)
    client.get(f"/assessment/{shangnan.pk}/import/")  # imports and templates load outside the measurement
    response, peak = traced_peak(lambda: client.post(f"/assessment/{shangnan.pk}/import/", {"file": upload}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "二季度报送采用.xlsx 被拒绝" in body and message in body and "未导入任何数据" in body
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"
    assert not MetricValue.objects.filter(period=shangnan).exists()
    assert not ScoreChange.objects.filter(period=shangnan).exclude(what="考评对象").exists()
