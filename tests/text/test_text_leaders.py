"""Leader names with titles, dated by the page's publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.text import Scanner, TextConfig
from gongkai.text.data_files import DataFileError
from gongkai.text.leaders import load_tenures

D2020 = dt.date(2020, 5, 22)
D2024 = dt.date(2024, 3, 5)


def serious(hits):
    return [(hit.text, hit.suggestion) for hit in hits if hit.kind == "typo" and hit.severity == "serious"]


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("国务院总理李强作政府工作报告", D2020, [("国务院总理李强", "国务院总理李克强")]),
        ("国务院总理李克强作政府工作报告", D2024, [("国务院总理李克强", "国务院总理李强")]),
        ("李克强总理在会上强调", D2024, [("李克强总理", "李强总理")]),
        (
            "全国人大常委会委员长栗战书主持会议",
            D2024,
            [("全国人大常委会委员长栗战书", "全国人大常委会委员长赵乐际")],
        ),
        ("国家副主席王岐山会见外宾", D2024, [("国家副主席王岐山", "国家副主席韩正")]),
        ("韩正副总理出席活动", D2024, [("韩正副总理", "国家副主席韩正")]),  # four vice premiers in 2024
        ("国务院副总理李强出席活动", D2024, [("国务院副总理李强", "国务院总理李强")]),
    ],
)
def test_title_not_held_at_publication_date(scanner, text, day, expected):
    hits = scanner.scan(text, published=day)
    assert serious(hits) == expected
    assert "职务称谓错误" in hits[0].message


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("国务院总理李克强作政府工作报告", D2020),
        ("国务院总理李强作政府工作报告", D2024),
        ("李克强副总理出席会议", dt.date(2010, 6, 1)),
        ("习近平总书记强调", D2020),
        ("原国务院总理李克强同志逝世", D2024),
        ("时任国务院总理李克强考察", D2024),
        ("县政协主席李强出席会议", D2020),  # a local official with a common name
        ("李强主席主持会议", D2020),  # 主席 after a name is too common locally to check
        ("李强强调，要抓好落实", D2020),  # a name with no title
        ("会上，汪洋大海般的人群", D2024),
    ],
)
def test_fitting_or_absent_titles_are_not_reported(scanner, text, day):
    assert serious(scanner.scan(text, published=day)) == []


def test_without_a_date_only_titles_never_held_are_reported(scanner):
    assert serious(scanner.scan("国务院总理李克强作政府工作报告")) == []
    assert serious(scanner.scan("国家主席李强会见外宾")) == [("国家主席李强", "")]


def test_supervisor_list_from_a_file(tmp_path):
    path = tmp_path / "leaders.tsv"
    path.write_text(
        "# version: 2024-1\n张建国\t商洛市市长\t2021-01-20\t2024-02-01\n王立新\t商洛市市长\t2024-02-01\t\n",
        encoding="utf-8",
    )
    scanner = Scanner(TextConfig(leaders_path=path, fixed_terms=False, typos=False))
    assert serious(scanner.scan("商洛市市长张建国调研", published=dt.date(2024, 6, 1))) == [
        ("商洛市市长张建国", "商洛市市长王立新")
    ]
    assert serious(scanner.scan("商洛市市长张建国调研", published=dt.date(2022, 6, 1))) == []


def test_regional_list_adds_to_the_national_one(tmp_path):
    path = tmp_path / "本地领导.tsv"
    path.write_text("# version: 2024-1\n王立新\t商洛市市长\t2024-02-01\t\n", encoding="utf-8")
    scanner = Scanner(TextConfig(regional_leaders_path=path))
    text = "国务院总理李克强、商洛市市长王立新出席"
    assert serious(scanner.scan(text, published=dt.date(2023, 1, 1))) == [("商洛市市长王立新", "")]
    assert serious(scanner.scan(text, published=dt.date(2022, 6, 1))) == [("商洛市市长王立新", "")]
    assert serious(scanner.scan(text, published=dt.date(2024, 6, 1))) == [
        ("国务院总理李克强", "国务院总理李强")
    ]


def test_bad_date_in_list_is_a_chinese_error(tmp_path):
    path = tmp_path / "leaders.tsv"
    path.write_text("张建国\t商洛市市长\t2021-13-40\t\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="日期"):
        load_tenures(path)


def test_packaged_list_has_changing_titles():
    li = [t for t in load_tenures() if t.name == "李克强"]
    assert {t.title for t in li} == {"国务院副总理", "国务院总理"}


def test_publication_datetime_is_accepted(scanner):
    published = dt.datetime(2024, 3, 5, 9, 30)
    assert serious(scanner.scan("国务院总理李克强作报告", published=published)) == [
        ("国务院总理李克强", "国务院总理李强")
    ]
