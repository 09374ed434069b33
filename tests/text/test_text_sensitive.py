"""Sensitive words: configured lists only, none by default."""

from __future__ import annotations

from gongkai.text import Scanner, TextConfig, load_word_list


def test_no_list_by_default(scanner):
    assert [hit for hit in scanner.scan("某某赌博网站、代开发票广告") if hit.kind == "sensitive_word"] == []


def test_configured_lists(tmp_path):
    path = tmp_path / "广告词.txt"
    path.write_text("# version: 1\n代开发票\n赌博网站\t违法广告\n\n", encoding="utf-8")
    config = TextConfig(sensitive_lists={"违法广告": load_word_list(path), "空表": [""]})
    hits = Scanner(config).scan("评论区出现“代开发票”“赌博网站”等内容，已删除。")
    assert [(hit.text, hit.list) for hit in hits] == [("代开发票", "违法广告"), ("赌博网站", "违法广告")]
    assert hits[0].to_dict() == {
        "kind": "sensitive_word",
        "message": hits[0].message,
        "text": "代开发票",
        "list": "违法广告",
    }
    assert "违法广告" in hits[0].message


def test_sensitive_switch_off():
    config = TextConfig(sensitive=False, sensitive_lists={"x": ["代开发票"]})
    assert Scanner(config).scan("代开发票") == []
