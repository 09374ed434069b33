"""Which problems go into which unit's site, so that the demo ranking tells a story.

Seed 000 (偃师, 2021年2月通报) names the units that did well (市教育体育局、公安局和商城街道、
首阳山街道) and those that did badly (市统计局、社保中心、金融工作局、城市管理局和邙岭镇). The
good ones get clean sites, the bad ones the heavy problems below; with other unit names the
first four units are the good ones and the last five the bad ones. About half of the remaining
units get one or two mild problems, drawn from the seed. Together the bad units cover every
finding kind of ``audit-contract.md`` and the annual report kinds (docs/audit-json.md).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Plants: what the generator puts into a site (one plant may cause more than one finding).
BROKEN_HOME = "broken_home"  # a dead article link and a dead image on the home page
BROKEN_PAGE = "broken_page"  # a dead attachment link and a dead image on an article page
EMPTY = "empty"  # a column page saying 暂无信息
STALE = "stale"  # 通知公告 not updated for more than 6 months
HOME_STALE = "home_stale"  # nothing on the home page within 14 days (工作动态 stale too)
TYPO_SERIOUS = "typo_serious"  # 一带一路战略 (a wrong fixed expression)
TYPO_NAME = "typo_name"  # 中华人民共合国宪法 (an official name misspelt)
TYPO_NORMAL = "typo_normal"  # 贯切 / 布署 (common typos)
PRIVACY = "privacy"  # a 公示 list with an ID number and a mobile number
SENSITIVE = "sensitive"  # gambling spam injected into an article (needs a configured list)
META_HOME = "meta_home"  # home page without SiteIDCode
META_ARTICLE = "meta_article"  # an article without ArticleTitle and PubDate
FOOTER = "footer"  # footer without 网站标识码 and ICP备案号
POLICY = "policy"  # a policy file without 文号 and 效力状态
INTERPRETATION = "interpretation"  # an interpretation that links to no file
NO_SEARCH = "no_search"
# the 政府信息公开工作年度报告 of the previous year (every reachable site publishes the last two)
REPORT_IDENTITY = "report_identity"  # table 三: one 自然人 application too many in row 一
REPORT_LATE = "report_late"  # published on 20 April, after the 31 March deadline
REPORT_COPIED = "report_copied"  # last year's report again (same table, same text)
REPORT_MISSING = "report_missing"  # only the report of the year before
UNREACHABLE = "unreachable"  # the server answers 503

SEED_GOOD = ("教育体育局", "公安局", "商城街道", "首阳山街道")
SEED_BAD: dict[str, tuple[str, ...]] = {
    "统计局": (HOME_STALE, EMPTY, FOOTER, BROKEN_HOME, TYPO_SERIOUS, REPORT_IDENTITY),
    "社保中心": (PRIVACY, POLICY, INTERPRETATION, BROKEN_PAGE, META_ARTICLE, REPORT_MISSING),
    "金融工作局": (UNREACHABLE,),
    "城市管理局": (NO_SEARCH, META_HOME, STALE, TYPO_NORMAL, SENSITIVE, REPORT_LATE),
    "邙岭镇": (EMPTY, BROKEN_HOME, PRIVACY, FOOTER, POLICY, TYPO_NAME, REPORT_COPIED),
}
MILD = (BROKEN_PAGE, TYPO_NORMAL, STALE, POLICY, INTERPRETATION, BROKEN_HOME, EMPTY)
MIN_UNITS = len(SEED_GOOD) + len(SEED_BAD)
GBK_SITES = 2  # older sites still served in GB2312/GBK


@dataclass(frozen=True)
class UnitPlan:
    profile: str  # good, fair, bad
    plants: frozenset[str]
    gbk: bool


def plan_county(names: list[str], seed: int) -> list[UnitPlan]:
    """A plan per unit, in the order given (deterministic for the names and the seed)."""
    if len(names) < MIN_UNITS:
        raise ValueError(f"样例县至少需要 {MIN_UNITS} 个单位才能覆盖全部问题类型,当前只有 {len(names)} 个")
    if len(set(names)) != len(names):
        raise ValueError("单位名称有重复,每个单位只能生成一个网站")
    rng = random.Random(f"plan:{seed}")
    good = [i for i, n in enumerate(names) if n in SEED_GOOD]
    good += [i for i in range(len(names)) if i not in good and names[i] not in SEED_BAD][
        : len(SEED_GOOD) - len(good)
    ]
    bad_roles = dict(SEED_BAD)
    bad: dict[int, tuple[str, ...]] = {i: bad_roles.pop(n) for i, n in enumerate(names) if n in bad_roles}
    spare = [i for i in reversed(range(len(names))) if i not in good and i not in bad]
    for role, index in zip(bad_roles.values(), spare, strict=False):
        bad[index] = role
    others = [i for i in range(len(names)) if i not in good and i not in bad]
    gbk = set(rng.sample(others, min(GBK_SITES, len(others))))
    plans = []
    for i in range(len(names)):
        if i in bad:
            plans.append(UnitPlan("bad", frozenset(bad[i]), False))
        elif i in good:
            plans.append(UnitPlan("good", frozenset(), False))
        else:
            count = rng.choice((0, 0, 1, 1, 2))
            plants = frozenset(rng.sample(MILD, count))
            plans.append(UnitPlan("fair" if plants else "good", plants, i in gbk))
    return plans
