"""A believable information-submissions register for the demonstration (`gongkai demo`): a
region's units' items (偃师, 商南) of the last two quarters, most reviewed (adopted or not, a few above the county:
市, 省, once 国办), the latest still waiting for review, a few key-area items, one resubmitted
duplicate and one late item, so every page and flag has something to show. Deterministic (a
fixed seed), dates relative to ``as_of``."""

from __future__ import annotations

import random
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from gongkai.registers.models import Submission
from gongkai.registry.models import Region, Site, Unit

TOPICS = [
    "召开{year}年度工作推进会",
    "开展安全生产大检查",
    "组织“{month}月政策进万家”宣传活动",
    "推进优化营商环境重点任务",
    "开展防汛应急演练",
    "举办业务能力提升培训班",
    "公示{year}年度财政预算执行情况",
    "部署乡村振兴重点工作",
    "开展文明城市创建志愿服务",
    "召开党风廉政建设专题会议",
    "落实惠民补贴资金发放",
    "开展政务公开日活动",
]
LEVELS = ["县"] * 12 + ["市"] * 3 + ["省"]


def _domain(region: Region) -> str:
    """The host of the region's portal (its registered sites'), for the items' links."""
    site = Site.objects.filter(unit__region=region).exclude(url="").order_by("pk").first()
    host = urlsplit(site.url).hostname if site else None
    return host or "www.example.gov.cn"


@transaction.atomic
def fill(region: Region, as_of: date, *, include: Unit | None = None) -> int:
    """Register the demo items of ``region``'s units (``include`` among them) once: nothing when
    the region has some already. Returns the number of items."""
    if Submission.objects.filter(unit__region=region).exists():
        return 0
    rng = random.Random(15)
    units = list(Unit.objects.filter(region=region).order_by("category__order", "order", "name")[:20])
    if include is not None and include not in units:
        units[-1] = include
    items: list[Submission] = []
    now = timezone.now()
    domain = _domain(region)
    for index, unit in enumerate(units):
        count = rng.randint(0, 9) if index % 7 else 0  # a few units with no item at all (零报送)
        for n in range(count):
            day = as_of - timedelta(days=rng.randint(1, 180))
            topic = rng.choice(TOPICS).format(year=day.year, month=day.month)
            reviewed = (as_of - day).days > 7
            adopted = reviewed and rng.random() < 0.8
            items.append(
                Submission(
                    unit=unit,
                    number=f"{day:%Y%m%d}-{n + 1:02d}",
                    title=f"{unit.name}{topic}",
                    submitted=day,
                    event_date=day - timedelta(days=rng.choice([0, 0, 1, 1, 2])),
                    link=f"http://{domain}/xxbs/{unit.pk}/{n + 1}.html",
                    adopted=adopted,
                    level=rng.choice(LEVELS) if adopted else "",
                    key_area=rng.random() < 0.25,
                    reviewed=now if reviewed else None,
                )
            )
    if items:
        first = items[0]
        items.append(  # resubmitted a few days later with a full stop: flagged duplicate
            Submission(
                unit=first.unit,
                number=f"{first.number}-R",
                title=f"{first.title}。",
                submitted=first.submitted + timedelta(days=3),
                link=first.link,
            )
        )
        late = items[len(items) // 2]
        late.event_date = late.submitted - timedelta(days=12)  # saved up and sent late: flagged
        items[len(items) // 3].level, items[len(items) // 3].adopted = "国办", True
    Submission.objects.bulk_create(items)
    return len(items)
