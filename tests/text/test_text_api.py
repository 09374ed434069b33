"""The public API: scan(), Scanner, TextHit.to_dict() and the versioned data files."""

from __future__ import annotations

import datetime as dt

from gongkai.text import Scanner, TextConfig, TextHit, data_versions, scan
from gongkai.text.hits import CONTRACT_FIELDS


def test_to_dict_has_exactly_the_contract_fields():
    text = "请各单位认真布署。联系人手机13812345678。"
    hits = scan(text)
    assert [hit.kind for hit in hits] == ["typo", "privacy"]
    typo, personal = (hit.to_dict() for hit in hits)
    assert set(typo) == {"kind", "message", "text", "suggestion", "severity", "context"}
    assert set(personal) == {"kind", "message", "category", "text"}
    assert personal["category"] == "phone" and personal["text"] == "138****5678"
    assert set(CONTRACT_FIELDS) == {"typo", "privacy", "sensitive_word"}


def test_offsets_point_into_the_text():
    text = "前言。" * 50 + "一带一路战略"
    hit = scan(text)[0]
    assert text[hit.start : hit.end] == hit.text == "一带一路战略"


def test_scan_with_config_and_reused_scanner():
    config = TextConfig(fixed_terms=False)
    assert scan("一带一路战略", config=config) == []
    scanner = Scanner(config)
    pages = ["认真布署。", "一切正常。", "国务院总理李强"]
    results = [scanner.scan(page, published=dt.date(2020, 1, 1)) for page in pages]
    assert [[hit.text for hit in hits] for hits in results] == [["布署"], [], ["国务院总理李强"]]


def test_empty_and_non_text_input():
    assert scan("") == []
    assert scan(None) == []  # type: ignore[arg-type]


def test_everything_off():
    config = TextConfig(fixed_terms=False, leaders=False, typos=False, privacy=False, sensitive=False)
    assert Scanner(config).scan("一带一路战略，布署，13812345678，国务院总理李强") == []


def test_every_data_file_has_a_version():
    versions = data_versions()
    assert {"fixed_terms.tsv", "leaders.tsv", "typos.tsv", "shape_confusion.txt"} <= set(versions)
    assert "未标注" not in versions.values()


def test_hits_are_plain_dataclasses():
    hit = TextHit("typo", "布署", "错别字", 0, 2, suggestion="部署", severity="normal", context="布署")
    assert hit.to_dict()["suggestion"] == "部署"
