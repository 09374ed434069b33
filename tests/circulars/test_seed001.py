"""Seed 001 (甘肃, 甘政办发〔2022〕29号) — its summary sentences written by gongkai from data
entered through it: the province's 市州 and 省政府部门 in the registry, two yearly periods (2020 and
2021) with scores imported as metric tables, the 2020 period published, and the office's own
wording typed into the 2021 period's threshold lines ("类别 分数 | 句式"). The published .docx
must print the seed's paragraph exactly, names, counts and 同比 changes included.

What cannot be reproduced, and why:
- Seed 001 prints no unit's score (and no table: "此件内容有删减"). The scores imported here are
  invented so that they agree with everything the seed says: which units are above 85 (80, 96,
  58) and in which order, how many are above 80, and how many were a year before (12 − 2, 31 − 18,
  9 − 4, 23 − 15). The units between two lines and below them are not named by the seed; the
  departments the seed never names (省教育厅…) are made up.
- Punctuation: the seed's web page prints ASCII ``, ( ) : ;``; gongkai prints the full-width marks
  of an official document, so the seed's paragraph is compared after ``official_punctuation``.
- The lead clause of each paragraph ("2021年，各单位政务公开工作总体有较大提升，") is the office's
  judgement, typed in the first line's wording, not computed.
- The rates of 二、主要工作成效 (年报优良率85%以上, 新媒体抽查合格率95%以上, 第三方评估优良率83.3%
  同比增长27个百分点) and the counts of units at full marks on one indicator ("4个市州和12个省政府
  部门“网站运行情况”指标考核满分") are not circular sentences: they come from the registers and the
  year roll-up (issue 16.8), not from a period's thresholds.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest

from tests.assessment.conftest import make_period

SEED = Path(__file__).parent / "data" / "seed001.txt"  # a copy of the seed document
CITIES = "市州"
DEPARTMENTS = "省政府部门"
# 14 市州 and 兰州新区 ("全省14个市州、兰州新区")
ALL_CITIES = [
    "兰州市", "嘉峪关市", "金昌市", "白银市", "天水市", "武威市", "张掖市", "平凉市",
    "酒泉市", "庆阳市", "定西市", "陇南市", "临夏州", "甘南州", "兰州新区",
]  # fmt: skip
# departments the seed never names, to fill the counts between and below its lines
UNNAMED = [
    "省教育厅", "省公安厅", "省住建厅", "省市场监管局", "省统计局", "省体育局", "省地震局",
    "省气象局", "省信访局", "省机关事务局", "省药监局", "省国防科工办", "省扶贫办", "省档案局",
]  # fmt: skip

# What the office types into the 2021 period's 分数线 setting, one line per sentence.
DISCLOSURE_LINES = """\
市州 80 | 2021年，各单位政务公开工作总体有较大提升，得分{minimum}分以上的市州（含兰州新区）有{count}个，{change}；
省政府部门 80 | 得分{minimum}分以上的部门有{count}个，{change}。
市州 85 | 考核较好的市州（85分以上，按得分排序）为：{names}。
省政府部门 85 | 考核较好的省政府部门（85分以上，按得分排序）为：{names}。"""
WEBSITE_LINES = """\
市州 96 | 2021年，全省各市州政府网站建设管理持续向好，综合考核得分较去年有较大提升。得分{minimum}分以上的市州有{count}个，{change}；
省政府部门 58 | 得分{minimum}分（总分60分）以上的省政府部门有{count}个，{change}，
市州 96 | 较好的市州（按得分情况排序，下同）为：{names}。
省政府部门 58 | 较好的省政府部门为：{names}。"""


def seed_paragraph(lead: str) -> str:
    """The seed's paragraph after ``lead`` ("(一)政务公开工作。"), with the full-width marks a
    document prints (the seed's web page has ASCII ``, ( ) : ;``)."""
    from gongkai.reports.formatting import official_punctuation

    text = SEED.read_text(encoding="utf-8")
    return official_punctuation(re.search(re.escape(lead) + r"(.+)$", text, re.M).group(1).strip())


def names_after(paragraph: str, before: str) -> list[str]:
    return re.search(re.escape(before) + r"(.+?)。", paragraph).group(1).split("、")


def counted(paragraph: str, what: str) -> tuple[int, int]:
    """ "得分80分以上的部门有31个，同比增加18个" -> (31, 13): this year's and last year's count."""
    match = re.search(re.escape(what) + r"有(\d+)个，同比增加(\d+)个", paragraph)
    now, more = int(match.group(1)), int(match.group(2))
    return now, now - more


def invented_scores(named: list[str], high: float, count: int, low: float, top: float, others: list[str]):
    """Scores agreeing with the seed: ``named`` at or above ``high`` in the seed's order (ties, if
    any, in that order too), ``count`` units in all at or above ``low``, the rest below ``low``."""
    scores = {name: max(high, round(top - 0.1 * i, 1)) for i, name in enumerate(named)}
    rest = [n for n in others if n not in scores]
    between = count - len(named)
    for i, name in enumerate(rest):
        scores[name] = round(high - 0.5 - 0.1 * i, 1) if i < between else round(low - 1 - i, 1)
    assert sum(s >= low for s in scores.values()) == count
    return scores


def before_scores(scores: dict[str, float], low: float, count: int) -> dict[str, float]:
    """Last year's: the first ``count`` units (registry order) at ``low``, the others below."""
    return {name: low if i < count else low - 10 for i, name in enumerate(scores)}


def gansu(units: dict[str, list[str]]):
    from django.contrib.auth.models import User

    from gongkai.accounts.models import Profile, Role
    from gongkai.registry.models import Region, Unit, UnitCategory

    region = Region.objects.create(name="甘肃省", level="province", code="620000")
    for order, (category, names) in enumerate(units.items(), start=1):
        kind, _ = UnitCategory.objects.get_or_create(name=category, defaults={"order": order})
        for position, name in enumerate(names, start=1):
            Unit.objects.create(region=region, category=kind, name=name, order=position)
    user = User.objects.create_user("gs_supervisor", password=None)
    Profile.objects.create(user=user, role=Role.SUPERVISOR, region=region)
    return region, user


def yearly(region, user, year: int, scores: dict[str, dict[str, float]]):
    """A 年度 period of ``year`` with ``scores`` imported as its metric table."""
    from gongkai.assessment import services
    from gongkai.assessment.models import Period

    period = make_period(region, "yanshi-monthly", user=user, name=f"{year}年度考核")
    Period.objects.filter(pk=period.pk).update(
        kind="年度", start=date(year, 1, 1), end=date(year, 12, 31), check_date=date(year + 1, 3, 1)
    )
    period.refresh_from_db()
    lines = ["单位,类别,公共服务,交流互动,网站建设及安全,政务信息公开"]
    lines += [f"{u},{c},0,0,0,{s}" for c, units in scores.items() for u, s in units.items()]
    result = services.import_metrics(period, io.BytesIO("\n".join(lines).encode()), f"{year}.csv", user=user)
    assert result.ok, result.problems
    return period


def assessment(lead: str, lines: str, lines_of: dict, tmp_path) -> tuple[str, list[str]]:
    """Enter, publish and read back one of seed 001's assessments; (the seed's paragraph, the
    .docx's paragraphs)."""
    from gongkai.circulars.models import CircularSettings
    from gongkai.circulars.services import publish

    paragraph = seed_paragraph(lead)
    now, before, everyone = {}, {}, {}
    for category, (high, named_before, low, count_what, top) in lines_of.items():
        named = names_after(paragraph, named_before)
        count, last_year = counted(paragraph, count_what)
        pool = ALL_CITIES if category == CITIES else [*dict.fromkeys([*named, *UNNAMED])]
        # named units first in the registry so that ties keep the seed's order
        everyone[category] = [*named, *(n for n in pool if n not in named)]
        now[category] = invented_scores(named, high, count, low, top, everyone[category])
        before[category] = before_scores(now[category], low, last_year)
    region, user = gansu(everyone)
    publish(yearly(region, user, 2020, before), user=user, pdf=False)
    period = yearly(region, user, 2021, now)
    CircularSettings.objects.create(
        period=period, thresholds=lines, best_count=0, worst_count=0, comparison="同比",
        issuing_office="甘肃省人民政府办公厅",
    )  # fmt: skip
    record = publish(period, user=user, pdf=False)
    entry = next(f for f in record.files if f["kind"] == "circular")
    texts = [p.text for p in docx.Document(f"{record.directory}/{entry['name']}").paragraphs]
    return paragraph, texts


@pytest.mark.django_db
def test_seed001_disclosure_sentences(data_dir, tmp_path):
    paragraph, texts = assessment(
        "(一)政务公开工作。",
        DISCLOSURE_LINES,
        {
            CITIES: (
                85,
                "考核较好的市州（85分以上，按得分排序）为：",
                80,
                "得分80分以上的市州（含兰州新区）",
                99,
            ),
            DEPARTMENTS: (
                85,
                "考核较好的省政府部门（85分以上，按得分排序）为：",
                80,
                "得分80分以上的部门",
                99,
            ),
        },
        tmp_path,
    )
    assert paragraph.startswith("2021年，各单位政务公开工作总体有较大提升，得分80分以上的市州")
    assert paragraph in texts


@pytest.mark.django_db
def test_seed001_website_sentences(data_dir, tmp_path):
    paragraph, texts = assessment(
        "(二)政府网站建设管理工作。",
        WEBSITE_LINES,
        {
            CITIES: (96, "较好的市州（按得分情况排序，下同）为：", 96, "得分96分以上的市州", 99.5),
            DEPARTMENTS: (58, "较好的省政府部门为：", 58, "得分58分（总分60分）以上的省政府部门", 60),
        },
        tmp_path,
    )
    assert paragraph.endswith("省粮食和储备局、省文物局、省消防救援总队。")
    assert paragraph in texts


def test_threshold_template_without_comparison_and_bad_placeholders():
    from gongkai.circulars.defaults import SettingsError, parse_thresholds
    from gongkai.reports.summary import threshold_sentence

    (rule,) = parse_thresholds("市州 80 ｜ 得分{minimum}分以上的市州有{count}个，{change}。", [CITIES])
    scores = {CITIES: {"武威市": 90.0, "庆阳市": 81.0, "兰州市": 70.0}}
    assert threshold_sentence(rule, scores, None) == "得分80分以上的市州有2个。"  # no "，{change}"
    (names,) = parse_thresholds("市州 95 | 考核较好的市州为：{names}。", [CITIES])
    assert threshold_sentence(names, scores, None) == ""  # nobody to name: no sentence
    with pytest.raises(SettingsError, match="“{total}”无法填写"):
        parse_thresholds("市州 80 | 共{total}个", [CITIES])
    with pytest.raises(SettingsError, match="花括号不成对"):
        parse_thresholds("市州 80 | 共{count个", [CITIES])
    with pytest.raises(SettingsError, match="后面应写句式"):
        parse_thresholds("市州 80 |", [CITIES])


@pytest.mark.django_db
def test_the_office_types_its_wording_on_the_settings_page(data_dir):
    from django.test import Client

    from gongkai.circulars.build import circular_for
    from gongkai.circulars.models import CircularSettings
    from gongkai.reports.summary import summary_paragraphs

    region, user = gansu({CITIES: ALL_CITIES[:3]})
    period = yearly(region, user, 2021, {CITIES: {"兰州市": 90, "嘉峪关市": 86, "金昌市": 70}})
    client = Client()
    client.force_login(user)
    url = f"/circulars/{period.pk}/settings/"
    page = client.get(url).content.decode()
    assert "在“|”后写句式" in page and "{names}" in page
    wording = "市州 85 | 考核较好的市州（85分以上，按得分排序）为：{names}。"
    response = client.post(url, {"thresholds": wording, "best_count": "0", "worst_count": "0"}, follow=True)
    assert "已保存通报设置" in response.content.decode()
    assert "考核较好的市州（85分以上，按得分排序）为：兰州市、嘉峪关市。" in summary_paragraphs(
        circular_for(period)
    )
    # a placeholder gongkai cannot fill: saved, and the office is told what it may use
    response = client.post(url, {"thresholds": "市州 85 | 共{total}个"}, follow=True)
    body = response.content.decode()
    assert "设置已保存，但分数线“市州 85 | 共{total}个”的句式中“{total}”无法填写" in body
    assert CircularSettings.objects.get(period=period).thresholds == "市州 85 | 共{total}个"
