"""Generate the sample county: one static website per unit, with planted problems.

``generate_county(out_dir, as_of=…, units=[(name, category), …])`` writes ``out_dir/<slug>/``
for every unit and ``out_dir/manifest.json`` (:class:`~gongkai.demo.manifest.CountyManifest`).
Every date is counted back from ``as_of`` and every choice comes from ``random.Random`` seeded
with ``seed`` and the unit, so the same arguments give the same bytes on any day.

A site: home page with 工作动态/通知公告/政策文件 blocks, 5–7 columns (工作动态, 通知公告,
政策文件, 政策解读, 机构职能, and 人事信息 / 规划计划 for some units) with paginated lists,
article pages, policy files with their metadata and interpretations linked both ways, a .docx
and .pdf attachment, images, a search form and the footer of rules.md §4, and a column
政府信息公开年报 with the 政府信息公开工作年度报告 of the last two years (tables 二, 三, 四 in the
published layout; some units attach the report as a .docx; departments publish in January,
towns in March; :mod:`gongkai.demo.annual`). The problems of
:mod:`gongkai.demo.plan` are then planted, and each is recorded in the manifest.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from gongkai.audit.content import annual_report as AR
from gongkai.demo import annual, render, wording
from gongkai.demo import plan as P
from gongkai.demo.assets import docx_bytes, pdf_bytes, png_bytes
from gongkai.demo.manifest import MANIFEST_NAME, ColumnInfo, CountyManifest, PlantedProblem, UnitSite
from gongkai.demo.render import Entry, Meta, SiteLook

PAGE_SIZE = 8
HOME_ITEMS = 7
SENSITIVE_LIST = "违规广告"
SENSITIVE_WORDS = ["六合彩", "特码资料"]
# (key, name, type of rules.md §3, description)
COLUMNS = {
    "gzdt": ("工作动态", "动态", "本单位工作动态、会议活动和重要工作进展"),
    "tzgg": ("通知公告", "通知公告", "本单位发布的通知、公告、公示"),
    "zcwj": ("政策文件", "政策文件", "本单位制发的规范性文件和其他政策文件"),
    "zcjd": ("政策解读", "其他", "本单位政策文件的解读材料"),
    "jgzn": ("机构职能", "其他", "主要职责、内设机构和领导信息"),
    "rsxx": ("人事信息", "人事", "干部任免、公开招聘和考核结果"),
    "ghjh": ("规划计划", "规划计划", "发展规划、年度工作计划和工作总结"),
    "xxgknb": ("政府信息公开年报", "年报", "本单位政府信息公开工作年度报告"),
}
OPTIONAL_COLUMNS = ("rsxx", "ghjh")
FOOTER_DROPPED = ("网站标识码", "ICP备案号")  # in the order of rules.md §4
# whom a document of the unit is addressed to, by the unit's kind
_AUDIENCE = {
    "局": "各股室、局属各单位：",
    "镇": "各村（社区）、各站所：",
    "乡": "各村（社区）、各站所：",
    "街道": "各社区、各站所：",
}
# name ending -> (how the unit calls itself in text, title of its head)
_KINDS = {
    "局": ("局", "局长"),
    "中心": ("中心", "主任"),
    "委员会": ("委", "主任"),
    "镇": ("镇", "镇长"),
    "街道": ("街道", "主任"),
    "乡": ("乡", "乡长"),
}


@dataclass
class _Article:
    key: str  # column key
    number: int
    title: str
    when: datetime
    paragraphs: list[str]
    before: str = ""
    after: list[str] = field(default_factory=list)  # extra HTML blocks after the text
    drop: frozenset[str] = frozenset()

    @property
    def path(self) -> str:
        return f"/{self.key}/t{self.when:%Y%m%d}_{self.number}.html"

    def entry(self) -> Entry:
        return Entry(self.title, self.path, self.when)


def _slug(name: str, taken: set[str]) -> str:
    base = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower() or "unit"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}{n}", n + 1
    taken.add(slug)
    return slug


def id_check_digit(first17: str) -> str:
    """The GB 11643 check digit of the first 17 digits of a resident ID number."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


class _Site:
    """Builds one unit's site in memory (path -> bytes) and records what was planted."""

    def __init__(
        self, county: CountyContext, index: int, name: str, category: str, slug: str, unit_plan: P.UnitPlan
    ) -> None:
        self.county = county
        self.name = name
        self.plan = unit_plan
        self.plants = unit_plan.plants
        self.rng = random.Random(f"{county.seed}:{index}:{name}")
        self.is_town = "镇" in category or name.endswith(("镇", "街道", "乡"))
        self.as_of = county.as_of
        self.number = 1000
        self.planted: list[PlantedProblem] = []
        self.unmasked: list[tuple[str, str]] = []  # (category, masked form) of planted personal data
        self.files: dict[str, bytes] = {}
        site_name = f"{county.name}{name}" + ("人民政府" if name.endswith(("镇", "乡")) else "")
        self.site_name = site_name + ("办事处" if name.endswith("街道") else "")
        self.topics = wording.topics_for(name, self.is_town)
        self.unit_kind, chief = next((v for k, v in _KINDS.items() if name.endswith(k)), ("单位", "主任"))
        head = "党委书记" if name.endswith("镇") else "党工委书记" if self.is_town else f"党组书记、{chief}"
        self.leader_name, self.deputy_name = wording.person(self.rng), wording.person(self.rng)
        self.leader = f"{self.unit_kind}{head}{self.leader_name}"
        self.leader_short = f"{chief}{self.leader_name}"
        self.deputy = f"副{chief}{self.deputy_name}"
        self.phone = f"0379-67{self.rng.randrange(100000, 999999)}"
        self.audience = _AUDIENCE.get(self.unit_kind, "各科室、各有关单位：")
        keys = ["gzdt", "tzgg", "zcwj", "zcjd", "jgzn"]
        keys += [k for k in OPTIONAL_COLUMNS if self.rng.random() < 0.6]
        if P.UNREACHABLE not in self.plants:  # a site nobody can open plants nothing
            keys.append("xxgknb")
        self.empty_key = None
        if P.EMPTY in self.plants:
            self.empty_key = next((k for k in keys if k in OPTIONAL_COLUMNS), "rsxx")
            keys.append(self.empty_key)
        self.keys = [k for k in COLUMNS if k in keys]
        code = f"{county.division_code}{index + 1:04d}"
        self.look = SiteLook(
            name=self.site_name,
            domain=f"{slug}.{county.domain}",
            site_id_code=code,
            host=self.site_name,
            phone=self.phone,
            address=f"{county.name}{self.rng.choice(('伊洛路', '华夏路', '槐新路', '商都路'))}"
            f"{self.rng.randrange(1, 300)}号",
            icp=f"豫ICP备{self.rng.randrange(10**7, 10**8)}号-1",
            police=f"豫公网安备{county.division_code}02{self.rng.randrange(10**5, 10**6)}号",
            nav=[(COLUMNS[k][0], f"/{k}/") for k in self.keys],
            charset="gb2312" if unit_plan.gbk else "utf-8",
            search=P.NO_SEARCH not in self.plants,
            footer_missing=frozenset(FOOTER_DROPPED) if P.FOOTER in self.plants else frozenset(),
            conac_id=f"{self.rng.getrandbits(64):016X}",
        )
        party = "党委" if name.endswith("镇") else "党工委" if self.is_town else "党组"
        self.titles: set[str] = set()
        self.values = {
            "unit": self.site_name,
            "unit_short": self.site_name,
            "unit_kind": self.unit_kind,
            "party": party,
            "leader": self.leader,
            "leader_short": self.leader_short,
            "phone": self.phone,
            "audience": self.audience,
            "year": str(self.as_of.year),
            "prev": str(self.as_of.year - 1),
        }
        self.articles: dict[str, list[_Article]] = {k: [] for k in self.keys}

    # ---- dates ----------------------------------------------------------------------------

    def _when(self, days_back: int) -> datetime:
        minutes = self.rng.randrange(8 * 60, 18 * 60)
        return datetime.combine(self.as_of - timedelta(days=days_back), time(minutes // 60, minutes % 60))

    def _offsets(self, count: int, first: tuple[int, int], gap: tuple[int, int]) -> list[int]:
        offsets = [self.rng.randint(*first)]
        while len(offsets) < count:
            offsets.append(offsets[-1] + self.rng.randint(*gap))
        return offsets

    def _new(self, key: str, title: str, days_back: int, paragraphs: list[str], **extra: object) -> _Article:
        self.number += 1
        article = _Article(key, self.number, title, self._when(days_back), paragraphs, **extra)  # type: ignore[arg-type]
        self.articles[key].append(article)
        return article

    def _unique(self, templates: Sequence[str], **values: object) -> tuple[int, str, str]:
        """(template index, topic, title) drawn until the title is new on this site."""
        for _ in range(30):
            index, topic = self.rng.randrange(len(templates)), self.rng.choice(self.topics)
            title = templates[index].format(**self.values, **values, topic=topic)
            if title not in self.titles:
                break
        self.titles.add(title)
        return index, topic, title

    def _fill(self, lines: tuple[str, ...], **more: str) -> list[str]:
        return wording.fill(lines, **(self.values | more))

    # ---- content --------------------------------------------------------------------------

    def build(self) -> None:
        home_floor = 21 if P.HOME_STALE in self.plants else 0
        self._dynamics(self._offsets(self.rng.randint(17, 22), (home_floor, home_floor + 2), (2, 4)))
        notice_first = (
            (200, 240) if P.STALE in self.plants else (max(3, home_floor), max(20, home_floor + 10))
        )
        self._notices(self._offsets(self.rng.randint(7, 9), notice_first, (15, 30)))
        self._policies(self._offsets(self.rng.randint(5, 6), (max(10, home_floor), 40), (30, 60)))
        if "rsxx" in self.keys and self.empty_key != "rsxx":
            self._personnel(self._offsets(4, (20, 90), (40, 80)))
        if "ghjh" in self.keys and self.empty_key != "ghjh":
            self._plans(self._offsets(3, (30, 120), (60, 120)))
        self._organ(sorted(self.rng.sample(range(60, 300), len(wording.ORGAN_PAGES))))
        self._plant_text()
        if P.UNREACHABLE not in self.plants:
            self._annual_reports()

    def _annual_reports(self) -> None:
        """The reports of the last two years (rules.md §5): departments publish in January,
        towns in March; a report not yet due on ``as_of`` is not on the site. Drawn from a
        generator of their own, so the rest of the site does not change with them."""
        rng = random.Random(f"{self.county.seed}:{self.name}:annual-report")
        last = self.as_of.year - 1
        years = (last - 1, last)
        tables = {y: annual.sample_table(rng, size=rng.randint(6, 40)) for y in years}
        texts = {y: annual.narrative(rng, self.site_name, y) for y in years}
        month = 3 if self.is_town else 1
        published = {y: date(y + 1, month, rng.randint(5, 28)) for y in years}
        planted = self.plants & {P.REPORT_IDENTITY, P.REPORT_LATE, P.REPORT_COPIED, P.REPORT_MISSING}
        if P.REPORT_LATE in planted:
            published[last] = date(last + 1, 4, 20)
        if P.REPORT_COPIED in planted:
            tables[last] = {label: list(values) for label, values in tables[last - 1].items()}
            texts[last] = [t.replace(f"{last - 1}年", f"{last}年") for t in texts[last - 1]]
        if P.REPORT_IDENTITY in planted:
            tables[last][AR.NEW][0] += 1
        as_docx = not planted and rng.random() < 0.3
        shown = [
            y for y in years if published[y] <= self.as_of and not (y == last and P.REPORT_MISSING in planted)
        ]
        paths = {}
        for year in shown:
            self.number += 1
            title = f"{self.site_name}{year}年度政府信息公开工作年度报告"
            when = datetime.combine(published[year], time(rng.randint(9, 17), rng.randint(0, 59)))
            if as_docx and year == last:
                path = f"/files/P0{published[year]:%Y%m%d}_{self.number}.docx"
                self.files[path] = annual.report_docx(title, texts[year], tables[year])
                after = [render.links_block("附件", [(f"{title}.docx", path)])]
                paragraphs = texts[year][:1]
            else:
                after = [annual.report_html(self.site_name, year, texts[year], tables[year])]
                paragraphs = []
            article = _Article("xxgknb", self.number, title, when, paragraphs, after=after)
            self.articles["xxgknb"].append(article)
            paths[year] = article.path
        deadline = AR.deadline(last)
        if last not in paths:
            if self.as_of > deadline:
                fields = {"year": last, "deadline": deadline.isoformat()}
                self.planted.append(PlantedProblem("annual_report_missing", "/xxgknb/", fields))
            return
        page = paths[last]
        if published[last] > deadline:
            fields = {
                "year": last,
                "published": published[last].isoformat(),
                "deadline": deadline.isoformat(),
            }
            self.planted.append(PlantedProblem("annual_report_late", page, fields))
        if P.REPORT_IDENTITY in planted:
            for where in (f"{AR.IDENTITY}／自然人", f"总计列／{AR.NEW}"):
                self.planted.append(
                    PlantedProblem("annual_report_identity", page, {"year": last, "where": where})
                )
        if P.REPORT_COPIED in planted and last - 1 in paths:
            fields = {"year": last, "basis": ["table", "text"]}
            self.planted.append(PlantedProblem("annual_report_copied", page, fields))

    def _dynamics(self, offsets: list[int]) -> None:
        places = wording.PLACES_TOWN if self.is_town else wording.PLACES_DEPT
        for n, back in enumerate(offsets):
            day = self.as_of - timedelta(days=back)
            kind, topic, title = self._unique([t for t, _ in wording.DYNAMIC_KINDS], month=day.month)
            text = self._fill(
                wording.DYNAMIC_KINDS[kind][1],
                topic=topic,
                date=wording.cn_date(day),
                place=self.rng.choice(places),
            )
            after = ['<p class="img"><img src="/images/photo.png" alt="工作现场"></p>'] if n % 3 == 0 else []
            self._new("gzdt", title, back, text, after=after)

    def _notices(self, offsets: list[int]) -> None:
        for n, back in enumerate(offsets):
            if n == 1:
                self._publicity(back)
                continue
            _, topic, title = self._unique(wording.NOTICE_TITLES)
            after = []
            if n == 0:
                path = f"/files/P0{self.as_of:%Y%m}_{self.number + 1}.docx"
                lines = self._fill(wording.NOTICE_BODY, topic=topic)
                self.files[path] = docx_bytes(title, lines)
                after.append(render.links_block("附件", [(f"{title}.docx", path)]))
            self._new("tzgg", title, back, self._fill(wording.NOTICE_BODY, topic=topic), after=after)

    def _publicity(self, back: int) -> None:
        """A 公示 list of new staff; the privacy plant leaves one ID and one mobile unmasked."""
        rows = []
        for i, person in enumerate(self.rng.sample(wording.PUBLICITY_NAMES, 3)):
            birth = date(self.rng.randint(1988, 2001), self.rng.randint(1, 12), self.rng.randint(1, 28))
            first17 = f"{self.county.division_code}{birth:%Y%m%d}{self.rng.randrange(100, 1000)}"
            number = first17 + id_check_digit(first17)
            mobile = f"1{self.rng.choice('3589')}{self.rng.randrange(10**8, 10**9)}"
            raw = i == 0 and P.PRIVACY in self.plants
            shown_id = number if raw else f"{number[:6]}********{number[-4:]}"
            shown_phone = mobile if raw else f"{mobile[:3]}****{mobile[-4:]}"
            rows.append((person, shown_id, shown_phone))
            if raw:
                self.unmasked = [
                    ("id_card", f"{number[:6]}********{number[-4:]}"),
                    ("phone", f"{mobile[:3]}****{mobile[-4:]}"),
                ]
        cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
        table = f'<table class="gs"><tr><th>姓名</th><th>身份证号</th><th>联系电话</th></tr>{cells}</table>'
        title = f"{self.site_name}{self.as_of.year}年公开招聘工作人员拟聘用人员公示"
        text = [
            "经笔试、面试、体检和考察，现将拟聘用人员名单予以公示，公示期为5个工作日。",
            f"公示期间如有异议，请向{self.site_name}办公室反映，联系电话：{self.phone}。",
        ]
        article = self._new("tzgg", title, back, text, after=[table])
        for category, masked in self.unmasked:
            self.planted.append(
                PlantedProblem("privacy", article.path, {"category": category, "text": masked})
            )

    def _policies(self, offsets: list[int]) -> None:
        prefix = f"{self.county.name[0]}{self.name[0]}{'文' if self.is_town else '发'}"
        for n, back in enumerate(offsets):
            kind, topic, title = self._unique([self.site_name + t for t, _ in wording.POLICY_KINDS])
            opening = wording.POLICY_KINDS[kind][1].format(**self.values, topic=topic)
            day = self.as_of - timedelta(days=back)
            number = f"{prefix}〔{day.year}〕{self.rng.randint(1, 60)}号"
            body = self._fill(wording.POLICY_BODY, topic=topic, opening=opening) + [
                self.site_name,
                wording.cn_numeral_date(day),
            ]
            rows = [
                ("索引号", f"11{self.look.site_id_code}/{day.year}-{self.number + 1:05d}"),
                ("发文机关", self.site_name),
                ("文件类型", "通知"),
                ("文号", number),
                ("发文日期", wording.cn_date(day)),
                ("效力状态", "有效"),
            ]
            planted = P.POLICY in self.plants and n == 1
            if planted:
                rows = [r for r in rows if r[0] not in ("文号", "效力状态")]
            after = []
            if n < 2:
                path = f"/files/P0{day:%Y%m%d}_{self.number + 1}.pdf"
                self.files[path] = pdf_bytes(title, body)
                after.append(render.links_block("附件", [(f"{title}.pdf", path)]))
            policy = self._new("zcwj", title, back, body, before=render.policy_table(rows), after=after)
            if planted:
                self.planted.append(
                    PlantedProblem("policy_metadata", policy.path, {"missing": ["文号", "效力状态"]})
                )
            if n < 3:
                self._interpretation(
                    policy,
                    topic,
                    max(0, back - self.rng.randint(1, 3)),
                    unlinked=(P.INTERPRETATION in self.plants and n == 0),
                )

    def _interpretation(self, policy: _Article, topic: str, back: int, *, unlinked: bool) -> None:
        # the file a title like 关于印发《X》的通知 issues is X: interpret X, as real sites do
        file_title = policy.title.split("《")[1].split("》")[0] if "《" in policy.title else policy.title
        title = f"《{file_title}》政策解读"
        body = self._fill(wording.INTERPRETATION_BODY, topic=topic, file=file_title)
        after = [] if unlinked else [render.links_block("相关文件", [(policy.title, policy.path)])]
        interp = self._new("zcjd", title, back, body, after=after)
        if unlinked:
            self.planted.append(
                PlantedProblem("interpretation_unlinked", interp.path, {"target": policy.path})
            )
        else:
            policy.after.append(render.links_block("相关解读", [(title, interp.path)]))

    def _personnel(self, offsets: list[int]) -> None:
        for back in offsets:
            _, _, title = self._unique(wording.PERSONNEL_TITLES, person=wording.person(self.rng))
            self._new("rsxx", title, back, self._fill(wording.PERSONNEL_BODY))

    def _plans(self, offsets: list[int]) -> None:
        for back in offsets:
            _, topic, title = self._unique(wording.PLAN_TITLES)
            self._new("ghjh", title, back, self._fill(wording.PLAN_BODY, topic=topic))

    def _organ(self, offsets: list[int]) -> None:
        for back, (title, lines) in zip(offsets, wording.ORGAN_PAGES, strict=True):
            text = self._fill(lines, topic="、".join(self.topics[:2]), deputy=self.deputy)
            self._new("jgzn", title, back, text)

    def _plant_text(self) -> None:
        """Typos, sensitive words, missing tags and dead links go into recent 工作动态 articles."""
        news = self.articles["gzdt"]
        if P.TYPO_SERIOUS in self.plants:
            news[2].paragraphs.insert(
                1, "会议强调，要主动融入一带一路战略，积极拓展对外交流合作，推动各项工作提质增效。"
            )
            self.planted.append(
                PlantedProblem(
                    "typo",
                    news[2].path,
                    {"text": "一带一路战略", "suggestion": "一带一路倡议", "severity": "serious"},
                )
            )
        if P.TYPO_NAME in self.plants:
            news[2].paragraphs.append(
                "会后，组织干部职工集中学习了中华人民共合国宪法，进一步增强了法治意识。"
            )
            self.planted.append(
                PlantedProblem(
                    "typo",
                    news[2].path,
                    {"text": "中华人民共合国宪法", "suggestion": "中华人民共和国宪法", "severity": "serious"},
                )
            )
        if P.TYPO_NORMAL in self.plants:
            news[3].paragraphs.append(
                "会议对下一阶段工作进行了安排布署，要求各单位认真贯切落实，确保取得实效。"
            )
            for wrong, right in (("布署", "部署"), ("贯切", "贯彻")):
                self.planted.append(
                    PlantedProblem(
                        "typo", news[3].path, {"text": wrong, "suggestion": right, "severity": "normal"}
                    )
                )
        if P.SENSITIVE in self.plants:
            news[4].after.append('<p class="ad">六合彩特码资料免费查询，最新开奖结果抢先看</p>')
            for word in SENSITIVE_WORDS:
                self.planted.append(
                    PlantedProblem("sensitive_word", news[4].path, {"text": word, "list": SENSITIVE_LIST})
                )
        if P.META_ARTICLE in self.plants:
            news[5].drop = frozenset({"ArticleTitle", "PubDate"})
            for tag in sorted(news[5].drop):
                self.planted.append(PlantedProblem("missing_meta", news[5].path, {"name": tag}))
        if P.BROKEN_PAGE in self.plants:
            dead_file = f"/files/P0{news[1].when:%Y%m%d}_{news[1].number}_1.docx"
            dead_image = f"/images/news_{news[1].number}.jpg"
            news[1].after.append(render.links_block("附件", [("会议材料.docx", dead_file)]))
            news[1].after.append(f'<p class="img"><img src="{dead_image}" alt="会议现场"></p>')
            for target, element in ((dead_file, "a"), (dead_image, "img")):
                self.planted.append(
                    PlantedProblem(
                        "broken_link", news[1].path, {"target": target, "element": element, "home": False}
                    )
                )

    # ---- pages ----------------------------------------------------------------------------

    def render(self) -> None:
        for key in self.keys:
            self._column(key)
        self._home()
        self.files["/search.html"] = self._page(
            "站内搜索",
            Meta(),
            ('<div class="search-page"><h2>站内搜索</h2><p>请在页面上方的搜索框中输入关键词。</p></div>'),
        )
        self.files["/css/style.css"] = render.STYLE.encode()
        self.files["/robots.txt"] = b"User-agent: *\nDisallow: /search.html\n"
        red = (183, 28, 28)
        self.files["/images/banner.png"] = png_bytes(240, 48, red, (255, 255, 255))
        self.files["/images/photo.png"] = png_bytes(160, 100, (96, 125, 139), red)
        self.files["/images/dzjg.png"] = png_bytes(40, 48, red, (255, 214, 0))

    def _page(self, title: str, meta: Meta, body: str) -> bytes:
        html = render.document(self.look, title, meta, body)
        return html.encode("gbk") if self.plan.gbk else html.encode("utf-8")

    def _column_meta(self, key: str) -> tuple[str, str, str, str]:
        name, column_type, description = COLUMNS[key]
        return name, description, f"{name},{self.site_name}", column_type

    def _column(self, key: str) -> None:
        name = COLUMNS[key][0]
        articles = sorted(self.articles[key], key=lambda a: a.when, reverse=True)
        pages = [articles[i : i + PAGE_SIZE] for i in range(0, len(articles), PAGE_SIZE)] or [[]]
        meta = Meta(column=self._column_meta(key))
        for index, chunk in enumerate(pages):
            body = render.list_body(name, [a.entry() for a in chunk], index, len(pages))
            path = f"/{key}/index.html" if index == 0 else f"/{key}/index_{index}.html"
            self.files[path] = self._page(f"{name}_{self.site_name}", meta, body)
        for article in articles:
            source = self.site_name if key != "gzdt" else f"{self.site_name}办公室"
            when = article.when.strftime("%Y-%m-%d %H:%M")
            meta = Meta(
                column=self._column_meta(key), article=(article.title, when, source), drop=article.drop
            )
            body = render.article_body(
                (name, f"/{key}/"),
                article.title,
                article.when,
                source,
                article.paragraphs,
                before=article.before,
                after="".join(article.after),
            )
            self.files[article.path] = self._page(f"{article.title}_{self.site_name}", meta, body)
        if not articles:
            self.planted.append(PlantedProblem("empty_column", f"/{key}/", {"column": name}))
        else:
            newest = articles[0].when.date()
            window = {"动态": 14, "通知公告": 182, "政策文件": 182}.get(COLUMNS[key][1], 365)
            if (self.as_of - newest).days > window:
                self.planted.append(
                    PlantedProblem(
                        "stale_column",
                        f"/{key}/",
                        {"column": name, "newest": newest.isoformat(), "window_days": window},
                    )
                )

    def _home(self) -> None:
        blocks = []
        for key in ("gzdt", "tzgg", "zcwj"):
            newest = sorted(self.articles[key], key=lambda a: a.when, reverse=True)[:HOME_ITEMS]
            blocks.append((COLUMNS[key][0], f"/{key}/", [a.entry() for a in newest]))
        extra = ""
        if P.BROKEN_HOME in self.plants:
            dead_page = f"/ztzl/t{self.as_of:%Y%m%d}_9901.html"
            dead_image = "/images/ztzl_banner.jpg"
            extra = (
                f'<div class="zt"><h4>专题专栏</h4><a href="{dead_page}">'
                f'<img src="{dead_image}" alt="学习贯彻党的二十届三中全会精神"></a>'
                f'<p><a href="{dead_page}">深入学习贯彻党的二十届三中全会精神专题</a></p></div>'
            )
            for target, element in ((dead_page, "a"), (dead_image, "img")):
                self.planted.append(
                    PlantedProblem("broken_link", "/", {"target": target, "element": element, "home": True})
                )
        newest_home = max(e.when.date() for _, _, entries in blocks for e in entries)
        if (self.as_of - newest_home).days > 14:
            self.planted.append(PlantedProblem("home_not_updated", "/", {"newest": newest_home.isoformat()}))
        drop = frozenset({"SiteIDCode"}) if P.META_HOME in self.plants else frozenset()
        if drop:
            self.planted.append(PlantedProblem("missing_meta", "/", {"name": "SiteIDCode"}))
        if P.FOOTER in self.plants:
            self.planted.append(PlantedProblem("footer", "/", {"missing": list(FOOTER_DROPPED)}))
        if P.NO_SEARCH in self.plants:
            self.planted.append(PlantedProblem("site", "/", {"check": "search"}))
        if P.UNREACHABLE in self.plants:
            self.planted.append(PlantedProblem("site", "/", {"check": "unreachable"}))
        self.files["/index.html"] = self._page(
            self.site_name, Meta(drop=drop), render.home_body(blocks, extra)
        )

    def columns(self) -> list[ColumnInfo]:
        return [ColumnInfo(COLUMNS[k][0], f"/{k}/", COLUMNS[k][1], len(self.articles[k])) for k in self.keys]


@dataclass(frozen=True)
class CountyContext:
    name: str
    division_code: str
    domain: str
    as_of: date
    seed: int


def generate_county(
    out_dir: Path,
    *,
    as_of: date,
    units: list[tuple[str, str]],
    seed: int = 2026,
    county: str = "偃师市",
    division_code: str = "410381",
    domain: str = "yanshi.gov.cn",
) -> CountyManifest:
    """Write one website per unit under ``out_dir`` and the manifest; returns the manifest.

    ``units`` are (name, category) pairs, at least :data:`gongkai.demo.plan.MIN_UNITS`. Site ID
    codes are ``division_code`` + the unit's 1-based position (as the registry's sample county
    numbers them). ``out_dir`` must be empty, missing, or a county generated before (replaced).
    """
    out = Path(out_dir)
    _clear(out)
    plans = P.plan_county([name for name, _ in units], seed)
    context = CountyContext(county, division_code, domain, as_of, seed)
    manifest = CountyManifest(
        county, as_of.isoformat(), seed, sensitive_lists={SENSITIVE_LIST: SENSITIVE_WORDS}
    )
    taken: set[str] = set()
    for index, ((name, category), unit_plan) in enumerate(zip(units, plans, strict=True)):
        slug = _slug(name, taken)
        site = _Site(context, index, name, category, slug, unit_plan)
        site.build()
        site.render()
        for path, data in site.files.items():
            target = out / slug / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        manifest.units.append(
            UnitSite(
                name=name,
                category=category,
                slug=slug,
                site_name=site.site_name,
                site_id_code=site.look.site_id_code,
                domain=site.look.domain,
                encoding="gbk" if unit_plan.gbk else "utf-8",
                profile=unit_plan.profile,
                unreachable=P.UNREACHABLE in unit_plan.plants,
                columns=site.columns(),
                planted=site.planted,
                pages=sum(1 for p in site.files if p.endswith(".html")),
            )
        )
    manifest.save(out)
    return manifest


def _clear(out: Path) -> None:
    """Remove a county generated before; refuse to write into a folder holding anything else."""
    if not out.exists():
        out.mkdir(parents=True)
        return
    if not out.is_dir():
        raise ValueError(f"{out} 不是目录,无法在其中生成样例县网站")
    entries = list(out.iterdir())
    if not entries:
        return
    if not (out / MANIFEST_NAME).is_file():
        raise ValueError(f"目录 {out} 不为空且不是之前生成的样例县,为避免误删,请指定一个空目录")
    previous = CountyManifest.load(out)
    for unit in previous.units:
        shutil.rmtree(out / unit.slug, ignore_errors=True)
    (out / MANIFEST_NAME).unlink()
