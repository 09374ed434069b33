"""Seed 004 (荆州, 2021年度考评通知) reproduced from data entered through gongkai.

Seed 004 is the notice that opens the assessment, not its result: it prints no unit's score. Its
tables are 附件1 (the 43 units, by category) and 附件2 (the two indicator tables, 县市区 and
市直部门, with every part's, second-level item's and third-level item's points). The test reads
all of them from the seed text and checks them against the circular gongkai writes: the 43 units
are entered in the registry in the seed's order; a unit assessed as meeting every item, its
manual entries being the seed's own 分值 numbers entered through the assessment services with a
reason, scores exactly the seed's part totals (日常工作15 / 政务公开50 / 网站建设25 / 政务新媒体10)
in the published tables.xlsx and circular.docx; a second unit loses one seed item per part; a third
is scored from its data where the scheme reads it (依申请公开 from the disclosure-applications
register, 文件完整性 / 解读关联 / 动态要闻 / 规范建设 / 空白栏目 from a stored site check) and misses
the 佐证材料 of one 日常工作 item, which then scores 0 as the seed says ("逾期未报视为无相关工作内容");
the three upload their 佐证材料 through the unit-evidence service before the period's deadline.
The other units are scored only on the automatic deduction items (no audit, nothing deducted)
and on the penalty numbers imported as metrics; their bonus numbers count for nothing, since they
gave no 佐证材料 ("加分指标 需提供佐证材料"). Rates parsed from the seed: 领导重视 "每次加2分,最多不超过4分", 先进经验
"加2分", 通报曝光 "被市公开办通报一次扣2分", 纠错 "过期1次扣2分", 空白栏目 "每发现一个扣1分".

Not entered through a register here: 政务新媒体's 内容建设 / 责任主体 (the new-media register; its
scoring is tested in tests/assessment/test_newmedia_scoring.py) — entered by hand or typed.

What cannot be reproduced, and why:
- No unit's actual 2021 score: the seed is the call for the assessment; the results were to be
  "向全市通报" later and are not in the seeds. Every number checked is the seed's points.
- The seed's "依申请公开(2分) … 符合要求得4分" (县市区): the text's 4 contradicts the heading and the
  分值 column (2), and 日常工作 adds up to 15 only with 2; gongkai follows 2 (a unit entering 4 is
  refused), so the "4" is not reproduced.
- 市直部门's 加分指标: the seed's 市直部门 table has no 加分指标 block, only 扣分指标; the
  jingzhou-2021-dept scheme applies the 县市区 bonus items to departments too (the seed's
  "加分指标(20分)" under the county table), so a department's bonus comes from that table.
- Columns for 加分 and 扣分: the circular's tables print the four parts and 总分 (which includes
  bonus and penalties); the bonus and penalty parts show only through 总分.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.assessment.conftest import make_period

SEED = Path(__file__).parent / "data" / "seed004.txt"  # a copy of the seed document
PARTS = ("日常工作", "政务公开", "网站建设", "政务新媒体", "加分指标")
HEAD = re.compile(r"^(\S+?)\((\d+)分\)")
CATEGORIES = {"县 市 区": "县市区", "功 能 区": "功能区", "市直部门": "市直部门"}


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_units(text: str) -> dict[str, list[str]]:
    """附件1: category -> unit names in the seed's order ("县 市 区8家:荆州区、沙市区、…")."""
    units = {}
    for label, category in CATEGORIES.items():
        match = re.search(rf"^{label}(\d+)家:(.+)$", text, re.M)
        names = match.group(2).strip().split("、")
        assert len(names) == int(match.group(1))
        units[category] = names
    return units


def seed_table(text: str, which: str) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """附件2's table ``which`` (县市区 or 市直部门): {part: points} and the items' (part, 分值) in
    the seed's order (a second-level item without third-level items is one item)."""
    start = text.index(f"评估指标({which})")
    body = text[start:]
    parts: dict[str, int] = {}
    items: list[tuple[str, int]] = []
    part = None
    for line in body.splitlines():
        line = line.strip()
        if line == "扣分指标":
            break
        head = HEAD.match(line)
        if head and head.group(1) in PARTS:
            part = head.group(1)
            parts[part] = int(head.group(2))
        elif re.fullmatch(r"\d+", line) and part:
            items.append((part, int(line)))
    return parts, items


def seed_rate(text: str, pattern: str) -> int:
    return int(re.search(pattern, text).group(1))


def leaves(scheme, part: str):
    top = next(node for node in scheme.indicators if node.name == part)
    return [node for node in top.walk() if not node.children]


def jingzhou(text: str):
    """The city, its three categories and the 43 units of 附件1, entered in the seed's order."""
    from gongkai.registry.models import Region, Unit, UnitCategory

    region = Region.objects.create(name="荆州市", level="city", code="421000")
    units = {}
    for order, (category, names) in enumerate(seed_units(text).items(), start=1):
        kind, _ = UnitCategory.objects.get_or_create(name=category, defaults={"order": order})
        for position, name in enumerate(names, start=1):
            units[name] = Unit.objects.create(region=region, category=kind, name=name, order=position)
    return region, units


def supervisor(region):
    from django.contrib.auth.models import User

    from gongkai.accounts.models import Profile, Role

    user = User.objects.create_user("jz_supervisor", password=None)
    Profile.objects.create(user=user, role=Role.SUPERVISOR, region=region)
    return user


def from_data(node) -> bool:
    """An item the third unit's registers and audit decide (its new-media register is empty, so
    内容建设 stays a manual item)."""
    if node.kind != "formula" or node.manual_when is None:
        return False
    return not any("新媒体" in name for name in node.manual_when.names)


def enter_items(period, unit, scheme, items, user, *, lose=False, data=False, text="") -> dict[str, Decimal]:
    """Enter every manual item of ``unit`` with the seed's 分值 as its points (the item met), except,
    with ``lose``, each part's first manual item, entered as 0 with a reason. With ``data`` the
    items the registers and the audit decide are not entered: the third unit's one empty column
    costs the seed's "每发现一个扣1分", and its 日常工作 item without evidence scores 0 ("逾期未报视为
    无相关工作内容"). Returns the expected part scores."""
    from gongkai.assessment import services

    empty_rate = seed_rate(text, r"栏目存在空白栏目,每发现一个扣(\d+)分") if data else 0
    expected = {}
    for part in PARTS[:4]:
        seed_points = [p for name, p in items if name == part]
        nodes = leaves(scheme, part)
        assert [node.points for node in nodes] == seed_points  # the scheme's points are the seed's
        total, first = Decimal(0), True
        for node, points in zip(nodes, seed_points, strict=True):
            if not node.accepts_manual:  # a deduction item
                total += points - (empty_rate if node.name == "空白栏目" else 0)
                continue
            if data and from_data(node):
                total += points
                continue
            lost, first = lose and first, False
            value = Decimal(0) if lost else Decimal(points)
            reason = "抽查不符合要求" if lost else "对照指标说明核查，符合要求"
            services.save_manual_entry(
                period, unit, node.id, points=value, applicable=True, reason=reason, user=user
            )
            total += value
        expected[part] = total
    if data:
        expected["日常工作"] -= leaves(scheme, "日常工作")[-1].points  # no evidence for the last item
    return expected


def unit_admin(unit):
    from django.contrib.auth.models import User

    from gongkai.accounts.models import Profile, Role

    user = User.objects.create_user(f"admin{unit.pk}", password=None)
    Profile.objects.create(user=user, role=Role.UNIT_ADMIN, unit=unit)
    return user


def upload_evidence(period, unit, scheme, *, skip: str = "") -> None:
    """The unit uploads its 佐证材料 for every item that needs them (but ``skip``), on time."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.assessment.unit_evidence import upload_unit_evidence
    from tests.assessment.conftest import figure_bytes

    admin = unit_admin(unit)
    for node in scheme.evidence_items():
        if node.id != skip:
            pdf = SimpleUploadedFile(f"{node.name}.pdf", figure_bytes("pdf"), content_type="application/pdf")
            upload_unit_evidence(period, unit, node.id, [pdf], user=admin)


def registers_and_audit(unit) -> None:
    """The third unit's data: one on-time, complete 依申请公开 reply in the register, and a stored
    site check that read 3 policy files, 3 interpretations and a fresh 工作动态 column and found
    one empty column."""
    from datetime import date

    from gongkai.monitoring.store import record_run
    from gongkai.registers.models import Application, ReplyCheck, State
    from gongkai.registry.models import Site
    from tests.assessment.conftest import contract

    app = Application.objects.create(
        unit=unit, number="2026-1", applicant_type="自然人", received=date(2026, 11, 2),
        state=State.REPLIED, replied=date(2026, 11, 10), result="（一）予以公开",
    )  # fmt: skip
    ticked = ("heading", "number", "signature", "dated", "seal", "result", "basis", "remedy")
    ReplyCheck.objects.create(application=app, **dict.fromkeys(ticked, True))
    site = Site.objects.create(
        unit=unit, name=f"{unit.name}门户网站", url=f"http://site{unit.pk}.example.cn/"
    )
    column = {"url": f"{site.url}gzdt/", "name": "工作动态", "type": "动态", "newest": "2026-11-18",
              "items": 80, "window_days": 14, "status": "ok"}  # fmt: skip
    empty = {"kind": "empty_column", "page": f"{site.url}tzgg/", "column": f"{site.url}tzgg/",
             "message": "栏目“通知公告”没有任何内容"}  # fmt: skip
    record_run(
        site,
        contract(site.url, [empty])
        | {"site": {"policy_files": 3, "interpretations": 3}, "columns": [column]},
    )


def automatic_only(scheme, items) -> dict[str, Decimal]:
    """A unit nobody entered items for: only the deduction items score (nothing deducted)."""
    expected = {}
    for part in PARTS[:4]:
        seed_points = [p for name, p in items if name == part]
        nodes = leaves(scheme, part)
        expected[part] = sum(
            (Decimal(p) for node, p in zip(nodes, seed_points, strict=True) if not node.accepts_manual),
            Decimal(0),
        )
    return expected


def metrics_csv(rows: dict[str, dict[str, int]], category: dict[str, str]) -> bytes:
    columns = ["主要负责同志批示次数", "荆州市媒体刊登次数", "网站被市公开办通报次数", "纠错留言过期次数"]
    lines = ["单位,类别," + ",".join(columns)]
    lines += [f"{u},{category[u]}," + ",".join(str(v.get(c, 0)) for c in columns) for u, v in rows.items()]
    return "\n".join(lines).encode("utf-8")


def unit_rows(sheet) -> dict[str, list]:
    header = [c.value for c in sheet[2]]
    rows = {}
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if row[0] is None or str(row[0]).startswith("注"):
            continue
        rows[row[0]] = dict(zip(header, row, strict=False))
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scheme_id", "which", "categories"),
    [
        ("jingzhou-2021-county", "县市区", ["县市区", "功能区"]),
        ("jingzhou-2021-dept", "市直部门", ["市直部门"]),
    ],
)
def test_seed004_tables_from_entries(scheme_id, which, categories, data_dir, tmp_path, settings):
    from django.utils import timezone

    from gongkai.assessment import services
    from gongkai.assessment.models import Period
    from gongkai.circulars.models import CircularSettings
    from gongkai.circulars.services import publish

    settings.MEDIA_ROOT = tmp_path / "uploads"
    text = seed_text()
    region, units = jingzhou(text)
    user = supervisor(region)
    parts, items = seed_table(text, which)
    assert parts["日常工作"] + parts["政务公开"] + parts["网站建设"] + parts["政务新媒体"] == 100
    listed = seed_units(text)
    names = [n for c in categories for n in listed[c]]
    scheme = services.scheme_for(scheme_id)
    # 加分指标(20分): five items of 4, printed once, under the 县市区 table
    _, county_items = seed_table(text, "县市区")
    bonus = [p for part, p in county_items if part == "加分指标"]
    assert [node.points for node in scheme.bonus] == bonus and scheme.bonus_cap == sum(bonus) == 20
    assert "加分指标" not in parts or parts["加分指标"] == scheme.bonus_cap
    # the three units assessed item by item first, the others added to the period afterwards;
    # units upload their 佐证材料 before the period's deadline ("逾期未报视为无相关工作内容")
    entered = [units[n] for n in names[:3]]
    period = make_period(region, scheme_id, user=user, units=entered, name="2021年度考评")
    Period.objects.filter(pk=period.pk).update(evidence_deadline=timezone.localdate() + timedelta(days=10))
    period.refresh_from_db()
    registers_and_audit(entered[2])
    for unit in entered[:2]:
        upload_evidence(period, unit, scheme)
    upload_evidence(period, entered[2], scheme, skip=leaves(scheme, "日常工作")[-1].id)
    expected = {n: automatic_only(scheme, items) for n in names}
    expected[names[0]] = enter_items(period, entered[0], scheme, items, user)
    expected[names[1]] = enter_items(period, entered[1], scheme, items, user, lose=True)
    expected[names[2]] = enter_items(period, entered[2], scheme, items, user, data=True, text=text)
    assert expected[names[0]] == {p: parts[p] for p in PARTS[:4]}
    lost = {p: parts[p] - expected[names[1]][p] for p in PARTS[:4]}
    assert all(lost.values()), lost  # one item less in every part
    assert (
        parts["日常工作"] > expected[names[2]]["日常工作"]
        and parts["网站建设"] > expected[names[2]]["网站建设"]
    )
    services.set_period_units(period, [units[n] for n in names], user=user, reason="附件1考评对象")

    # the bonus and penalty numbers, imported as the metric table an office fills in
    rates = {
        "批示": seed_rate(text, r"作出批示,每次加(\d+)分"),
        "批示上限": seed_rate(text, r"每次加\d+分,最多不超过(\d+)分"),
        "市媒体": seed_rate(text, r"在荆州市新闻媒体上进行刊登政务公开工作交流信息,加(\d+)分"),
        "市通报": seed_rate(text, r"被市公开办通报一次扣(\d+)分"),
        "纠错": seed_rate(text, r"过期1次扣(\d+)分"),
    }
    numbers = {
        name: {
            "主要负责同志批示次数": i % 4,
            "荆州市媒体刊登次数": 1 if i % 3 == 0 else 0,
            "网站被市公开办通报次数": 1 if i % 5 == 2 else 0,
            "纠错留言过期次数": 1 if i % 7 == 3 else 0,
        }
        for i, name in enumerate(names)
    }
    category_of = {n: c for c in categories for n in listed[c]}
    result = services.import_metrics(
        period, io.BytesIO(metrics_csv(numbers, category_of)), "加减分.csv", user=user
    )
    assert result.ok, result.problems

    def total(name: str) -> Decimal:
        n = numbers[name]
        bonus = min(rates["批示"] * n["主要负责同志批示次数"], rates["批示上限"])
        bonus += rates["市媒体"] * n["荆州市媒体刊登次数"]
        bonus *= name in names[:3]  # "加分指标 需提供佐证材料": the others uploaded none
        penalty = rates["市通报"] * n["网站被市公开办通报次数"] + rates["纠错"] * n["纠错留言过期次数"]
        return sum(expected[name].values(), Decimal(0)) + bonus - penalty

    # the third unit's register and audit items were scored from its data, not by hand
    trace = period.scores.get(unit=entered[2]).trace
    nodes = {}
    pending = [*trace["indicators"]]
    while pending:
        node = pending.pop()
        nodes[node["id"]] = node
        pending.extend(node["children"])
    decided = [n.id for part in PARTS[:4] for n in leaves(scheme, part) if from_data(n)]
    assert len(decided) == 5 and not period.manual_entries.filter(unit=entered[2], indicator__in=decided)
    assert {nodes[i]["status"] for i in decided} == {"scored"}
    assert nodes[leaves(scheme, "日常工作")[-1].id]["status"] == "absent"
    CircularSettings.objects.create(period=period, issuing_office="荆州市政务公开领导小组办公室")
    record = publish(period, user=user, pdf=False)
    directory = Path(record.directory)
    workbook = openpyxl.load_workbook(
        directory / next(f["name"] for f in record.files if f["kind"] == "tables")
    )
    assert workbook.sheetnames[: len(categories)] == categories
    header = ["单位名称", *PARTS[:4], "总分", "排名"]
    for category in categories:
        sheet = workbook[category]
        assert [c.value for c in sheet[2]] == header
        rows = unit_rows(sheet)
        assert sorted(rows) == sorted(listed[category])  # 附件1's units, all of them
        for name, row in rows.items():
            assert {p: Decimal(str(row[p])) for p in PARTS[:4]} == expected[name], name
            assert Decimal(str(row["总分"])) == total(name), name
        # dense ranks by 总分 within the category
        totals = sorted({total(n) for n in rows}, reverse=True)
        assert {n: r["排名"] for n, r in rows.items()} == {n: totals.index(total(n)) + 1 for n in rows}
    first = unit_rows(workbook[categories[0]])[names[0]]
    assert [first[p] for p in PARTS[:4]] == [parts[p] for p in PARTS[:4]]  # 15, 50, 25, 10
    # the .docx prints the same numbers
    document = docx.Document(directory / next(f["name"] for f in record.files if f["kind"] == "circular"))
    cells = {
        row.cells[0].text: [c.text for c in row.cells]
        for table in document.tables[: len(categories)]
        for row in table.rows[1:]
    }
    assert cells[names[0]][1:5] == [str(parts[p]) for p in PARTS[:4]]
    assert set(cells) >= set(names)


@pytest.mark.django_db
def test_seed004_text_item_points_contradiction_is_refused(data_dir):
    """ "依申请公开(2分) … 符合要求得4分": the seed's 4 is refused, the heading's 2 is taken."""
    from gongkai.assessment import services
    from gongkai.assessment.services import AssessmentError

    text = seed_text()
    assert "依申请公开(2分)" in text and "救济渠道,符合要求得4分" in text
    region, units = jingzhou(text)
    user = supervisor(region)
    period = make_period(region, "jingzhou-2021-county", user=user, units=[units["荆州区"]])
    node = next(n for n in leaves(services.scheme_for(period.scheme), "日常工作") if n.name == "依申请公开")
    with pytest.raises(AssessmentError, match="0 至 2 分"):
        services.save_manual_entry(
            period,
            units["荆州区"],
            node.id,
            points=Decimal(4),
            applicable=True,
            reason="按原文得4分",
            user=user,
        )
    services.save_manual_entry(
        period, units["荆州区"], node.id, points=Decimal(2), applicable=True, reason="符合要求", user=user
    )
    assert period.scores.get(unit=units["荆州区"]).trace["indicators"][0]["score"] == 2
