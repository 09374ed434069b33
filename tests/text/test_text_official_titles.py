"""Official titles written with a word dropped (全国人大副委员长 for 全国人大常委会副委员长) are serious."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.text import Scanner, TextConfig
from gongkai.text.official_titles import load_titles

D2024 = dt.date(2024, 4, 12)


def serious(hits):
    return [(hit.text, hit.suggestion) for hit in hits if hit.kind == "typo" and hit.severity == "serious"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全国人大副委员长一行来我县调研", [("全国人大副委员长", "全国人大常委会副委员长")]),
        ("全国人大委员长主持会议", [("全国人大委员长", "全国人大常委会委员长")]),
        ("全国人民代表大会副委员长出席", [("全国人民代表大会副委员长", "全国人大常委会副委员长")]),
        ("国家总理在会上指出", [("国家总理", "国务院总理")]),
        ("国家副总理出席开幕式", [("国家副总理", "国务院副总理")]),
        ("国务院委员出席会议", [("国务院委员", "国务委员")]),
        ("中央军委会主席签署命令", [("中央军委会主席", "中央军委主席")]),
        ("中国政协副主席出席", [("中国政协副主席", "全国政协副主席")]),
        ("最高法院院长作工作报告", [("最高法院院长", "最高人民法院院长")]),
        ("最高人民检察院院长作工作报告", [("最高人民检察院院长", "最高人民检察院检察长")]),
        ("最高检察院检察长作工作报告", [("最高检察院检察长", "最高人民检察院检察长")]),
        ("十四届全国人大副委员长王某某", [("全国人大副委员长", "全国人大常委会副委员长")]),
    ],
)
def test_shortened_official_title_is_serious(scanner, text, expected):
    hits = scanner.scan(text, published=D2024)
    assert serious(hits) == expected
    (hit,) = [h for h in hits if h.kind == "typo"]
    assert hit.message.startswith("职务名称错误") and f"应为“{expected[0][1]}”" in hit.message


def test_message_names_the_dropped_word(scanner):
    (hit,) = scanner.scan("全国人大副委员长出席")
    assert "漏写“常委会”" in hit.message
    (hit,) = scanner.scan("最高法院院长出席")
    assert "漏写“人民”" in hit.message


@pytest.mark.parametrize(
    "text",
    [
        "全国人大常委会副委员长出席会议",
        "全国人大常委会委员长主持会议",
        "全国人大代表视察我县",
        "省人大常委会副主任一行调研",
        "全国人民代表大会常务委员会副委员长",
        "全国政协副主席出席",
        "国务院总理作政府工作报告",
        "国务院副总理出席",
        "国务委员出席",
        "中央军委主席签署命令",
        "最高人民法院院长作报告",
        "最高人民检察院检察长作报告",
        "国家主席签署主席令",
        "国家副主席会见外宾",
        "中央军委会议在京召开",
        "部分非洲国家总统出席",
        "乡镇人大副主席",
        "全国人大常委会秘书长",
        "德国总理访华",
        "最高人民法院长期以来",
        "全国政协主席会议",
        "北洋政府国务总理",
    ],
)
def test_full_and_local_titles_are_not_flagged(scanner, text):
    assert serious(scanner.scan(text, published=D2024)) == []


def test_every_wrong_form_is_caught_and_no_full_form_is(scanner):
    titles = load_titles()
    assert len(titles) >= 10
    for title in titles:
        assert serious(scanner.scan(f"会议由{title.full}主持")) == [], title.full
        for wrong in title.wrong:
            assert serious(scanner.scan(f"会议由{wrong}主持")) == [(wrong, title.full)], wrong


def test_titles_follow_the_leaders_switch():
    assert Scanner(TextConfig(leaders=False)).scan("全国人大副委员长出席") == []
