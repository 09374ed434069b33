"""Fixed political expressions and official names → serious typos."""

from __future__ import annotations

import pytest

from gongkai.text import fixed_terms, lexicon, variants
from gongkai.text.data_files import packaged

ARTICLE = (
    "为深入学习贯彻党的二十大精神，县委理论学习中心组举行专题学习。会议指出，要坚持以{term}为指导，"
    "结合本县实际，推动各项工作落地见效。会议还通报了2024年一季度重点工作进展情况，共完成项目37个，"
    "完成投资12.6亿元。"
)


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("一带一路战略", "一带一路倡议"),
        ("中国人民共和国", "中华人民共和国"),
        ("习近平新时代特色社会主义思想", "习近平新时代中国特色社会主义思想"),
        ("最高人民检查院", "最高人民检察院"),
        ("国民经济和社会发展第十四个五年计划", "国民经济和社会发展第十四个五年规划"),
    ],
)
def test_known_wrong_variants_are_serious(scanner, wrong, right):
    hits = scanner.scan(ARTICLE.format(term=wrong))
    typos = [hit for hit in hits if hit.kind == "typo"]
    assert [(hit.text, hit.suggestion, hit.severity) for hit in typos] == [(wrong, right, "serious")]
    assert wrong in typos[0].context and "固定表述错误" in typos[0].message


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("供给侧机构性改革", "供给侧结构性改革"),  # same sound 结/机 … 构
        ("全面从严冶党", "全面从严治党"),  # similar shape 治/冶
        ("社会主义核心价值关", "社会主义核心价值观"),  # same sound
        ("中华人民共和国宪章", "中华人民共和国宪法"),  # listed
    ],
)
def test_generated_variants_are_serious(scanner, wrong, right):
    text = f"各单位要把{wrong}的要求落到实处，推动工作再上新台阶。"
    hits = [hit for hit in scanner.scan(text) if hit.kind == "typo"]
    assert [(hit.text, hit.suggestion, hit.severity) for hit in hits] == [(wrong, right, "serious")]


@pytest.mark.parametrize("term", fixed_terms.correct_terms())
def test_every_correct_term_is_clean_in_an_article(scanner, term):
    assert scanner.scan(ARTICLE.format(term=term)) == []


def test_variant_that_is_good_chinese_is_not_generated():
    # “四个意思” is a real phrase (“有四个意思”), though “四个意识” is a term.
    assert "四个意思" not in variants.generate("四个意识", set())
    # Short terms generate nothing at all.
    assert variants.generate("中国梦", set()) == []


def test_generated_variants_are_never_words_or_correct_terms():
    protected = set(fixed_terms.correct_terms())
    patterns = fixed_terms.wrong_patterns(protected)
    generated = [key for key, pattern in patterns.items() if pattern.confirm]
    assert len(generated) > 1000
    assert not [key for key in generated if key in protected or lexicon.is_word(key, lexicon.REAL_WORD_FREQ)]


def test_variant_straddling_real_words_is_dropped(scanner):
    # “社会主义核心价值关” would match, but jieba reads “价值/关系”.
    assert scanner.scan("要正确处理社会主义核心价值关系到的各类问题。") == []


def test_dictionary_is_versioned():
    assert packaged("fixed_terms.tsv").version != "未标注"
    assert len(fixed_terms.load_terms()) >= 60
