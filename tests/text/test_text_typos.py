"""General typos: curated confusions, context rules, idiom variants; precision first."""

from __future__ import annotations

import pytest

from gongkai.text import Scanner, TextConfig, typos

LONG = (
    "2024年以来，县农业农村局认真{0}省、市关于乡村振兴的决策部署，围绕“产业兴旺、生态宜居、乡风文明、"
    "治理有效、生活富裕”总要求，扎实推进各项工作。一是抓产业发展，新建茶园2000亩、食用菌大棚120个；"
    "二是抓人居环境整治，完成农村改厕1365户；三是抓基层治理，调处矛盾纠纷87起。下一步将继续{1}。"
)


def typo_hits(hits):
    return [(hit.text, hit.suggestion, hit.severity) for hit in hits if hit.kind == "typo"]


@pytest.mark.parametrize(
    ("wrong", "right"),
    [("贯切落实", "贯彻"), ("贯彻落实", None)],
)
def test_curated_confusion_in_long_article(scanner, wrong, right):
    hits = typo_hits(scanner.scan(LONG.format(wrong, "抓好落实")))
    assert hits == ([("贯切", right, "normal")] if right else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("要求各单位认真布署，确保按期完成。", [("布署", "部署", "normal")]),
        ("由付县长王明主持会议。", [("付县长", "副县长", "normal")]),
        ("全体党员千部要带头。", [("党员千部", "党员干部", "normal")]),
        ("广大党员千部要发挥先锋模范作用。", [("党员千部", "党员干部", "normal")]),  # jieba: 广大党员/千部
        ("各级干部要雷历风行抓落实。", [("雷历风行", "雷厉风行", "suspect")]),  # jieba lists this misspelling
        ("施工单位按装了隔离护栏。", [("按装", "安装", "normal")]),
        ("群众迫不急待地询问政策。", [("迫不急待", "迫不及待", "normal")]),
        ("资金已全部拔付到位。", [("拔付", "拨付", "normal")]),
        ("截止2023年底，共完成投资5.6亿元。", [("截止", "截至", "normal")]),
        ("截止目前，已受理申请32件。", [("截止", "截至", "normal")]),
        ("请登陆县政府门户网站查询。", [("登陆", "登录", "normal")]),
        ("既使遇到困难，也要坚持。", []),  # “也” follows: a 既……也 pattern is possible, not reported
        ("既使工作量很大，仍需按期完成。", [("既使", "即使", "suspect")]),
        ("营商坏境持续优化。", [("坏境", "环境", "normal")]),
        ("进入主汛期后，要做好防讯准备。", [("防讯", "防汛", "normal")]),
        ("今年气侯异常，降水偏多。", [("气侯", "气候", "normal")]),
    ],
)
def test_typo_positives(scanner, text, expected):
    assert typo_hits(scanner.scan(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "按装修标准进行验收。",  # 按/装修
        "采购一千部手机用于执法记录。",  # 一千/部
        "坚持以经济建设为中心。",  # 以/经济
        "所以经过研究决定如下。",  # 所以/经过
        "报名截止日期为2024年5月31日。",  # 截止 = deadline
        "截至2023年底，共完成投资5.6亿元。",
        "第5号台风在福建登陆。",
        "既使人民群众满意，又使企业受益。",
        "支付主任津贴按规定执行。",  # 支付/主任
        "破坏境外设施的行为依法追究。",  # 破坏/境外
        "这一时期侯选区域尚未确定。",  # no curated entry matches across 时期/侯
    ],
)
def test_typo_negatives(scanner, text):
    assert typo_hits(scanner.scan(text)) == []


def test_idiom_variant_is_suspect(scanner):
    # “持之以衡”: same sound as 恒, not a word.
    assert typo_hits(scanner.scan("做好这项工作要持之以衡。")) == [("持之以衡", "持之以恒", "suspect")]


def test_whitelist_per_region():
    config = TextConfig(region="商南县", whitelist={"商南县": ["坏境村"], "*": ["布署路"]}, fixed_terms=False)
    scanner = Scanner(config)
    assert typo_hits(scanner.scan("坏境村位于布署路东侧，营商坏境良好。")) == [("坏境", "环境", "normal")]
    other = Scanner(TextConfig(region="丹凤县", whitelist=config.whitelist, fixed_terms=False))
    assert [hit[0] for hit in typo_hits(other.scan("坏境村位于布署路东侧。"))] == ["坏境"]


def test_mixed_chinese_english_numbers(scanner):
    text = "Q1: 完成率98.5%，APP下载量1.2万次；请登陆App查看，Email: office@example.gov.cn。"
    assert typo_hits(scanner.scan(text)) == [("登陆", "登录", "normal")]


def test_typo_disabled():
    assert Scanner(TextConfig(typos=False)).scan("认真布署。") == []


def test_curated_lists_are_valid():
    patterns = typos.curated_patterns(set())
    assert patterns["布署"].suggestion == "部署"
    assert {p.severity for p in patterns.values()} <= set(typos.SEVERITIES)
    assert len(typos.context_rules()) == 3
