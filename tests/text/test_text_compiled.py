"""Compiled forms of the text engine: a scanner from the cache finds exactly what a freshly built
one finds, and the compact copy of jieba's dictionary segments exactly as jieba's own."""

from __future__ import annotations

import jieba
import pytest

from gongkai.text import Scanner, TextConfig, compiled, lexicon
from gongkai.text.scanner import cached_scanner

SAMPLE = (
    "广大党员千部要认真学习，按装修标准施工，以经济建设为中心。2019年3月5日，国务院总理李克强作政府工作报告。"
    "坚持贯切落实新发展理念，截止2025年底完成任务。联系人张三，身份证号110101199003071234，电话13812345678。"
    "本文含有测试敏感词。"
)
WINDOWS = [
    "广大党员千部要认真学习",
    "按装修标准施工以经济建设为中心",
    "坚持贯切落实新发展理念abc123截止",
    "中华人民共和国国务院关于进一步加强政务公开工作的意见",
]


def _rows(hits):
    return [hit.to_dict() for hit in hits]


def test_cached_scanner_finds_what_a_built_one_finds(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path))
    config = TextConfig(sensitive_lists={"测试": ["测试敏感词"]})
    built = Scanner(config)
    first = cached_scanner(config)  # built and stored
    assert len(list(tmp_path.glob("scanner-*.pickle"))) == 1

    def no_build(_config):
        raise AssertionError("built again although the cache holds it")

    again = compiled.load_or_build(config, no_build)
    assert again is not first
    expected = _rows(built.scan(SAMPLE, published=None))
    assert any(row["kind"] == "sensitive_word" for row in expected)
    assert any(row["kind"] == "privacy" for row in expected)
    assert any(row["kind"] == "typo" for row in expected)
    assert _rows(first.scan(SAMPLE)) == expected
    assert _rows(again.scan(SAMPLE)) == expected
    import datetime as dt

    dated = dt.date(2024, 3, 5)
    assert _rows(again.scan(SAMPLE, published=dated)) == _rows(built.scan(SAMPLE, published=dated))


def test_other_word_lists_get_their_own_scanner(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path))
    one = cached_scanner(TextConfig(sensitive_lists={"甲": ["测试敏感词"]}))
    other = cached_scanner(TextConfig(sensitive_lists={"乙": ["别的词"]}))
    assert len(list(tmp_path.glob("scanner-*.pickle"))) == 2
    assert [h.list for h in one.scan(SAMPLE) if h.kind == "sensitive_word"] == ["甲"]
    assert [h.kind for h in other.scan(SAMPLE) if h.kind == "sensitive_word"] == []


def test_damaged_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path))
    config = TextConfig()
    path = tmp_path / f"scanner-{compiled.scanner_key(config)}.pickle"
    path.write_bytes(b"not a pickle")
    scanner = cached_scanner(config)
    assert [h.text for h in scanner.scan("广大党员千部") if h.kind == "typo"] == ["党员千部"]
    assert path.read_bytes() != b"not a pickle"


def test_unwritable_cache_still_scans(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    scanner = cached_scanner(TextConfig())
    assert [h.text for h in scanner.scan("广大党员千部") if h.kind == "typo"] == ["党员千部"]


def test_cache_keeps_a_bounded_number_of_scanners(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(compiled, "KEEP_SCANNERS", 2)
    for n in range(4):
        cached_scanner(TextConfig(sensitive_lists={"表": [f"词{n}"]}))
    assert len(list(tmp_path.glob("scanner-*.pickle"))) == 2


@pytest.fixture
def compact(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path))
    return lexicon._compact_tokenizer(-1)  # a key of its own: not the process's cached one


def test_compact_dictionary_segments_as_jieba(compact):
    full = lexicon._tokenizer()
    assert compact.total == full.total
    for text in WINDOWS:
        assert list(compact.cut(text, HMM=False)) == list(full.cut(text, HMM=False))
    for word in ("党员", "干部", "千部", "中华人民共", "国务院总理", "zzz"):
        assert compact.FREQ.get(word) == full.FREQ.get(word)
        assert (word in compact.FREQ) == (word in full.FREQ)


def test_straddles_words_with_the_compact_dictionary(compact, monkeypatch):
    monkeypatch.setattr(lexicon, "_segmenter", lexicon._tokenizer)
    with_full = [lexicon.straddles_words(SAMPLE, s, s + 2) for s in range(0, len(SAMPLE) - 2, 3)]
    monkeypatch.setattr(lexicon, "_segmenter", lambda: compact)
    with_compact = [lexicon.straddles_words(SAMPLE, s, s + 2) for s in range(0, len(SAMPLE) - 2, 3)]
    assert with_compact == with_full
    assert True in with_full and False in with_full
    assert isinstance(compact, jieba.Tokenizer)
