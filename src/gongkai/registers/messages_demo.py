"""A believable messages register for the demonstration (`gongkai demo`): the units' messages of
the last half year through every channel, most handled on time, a few handled late, some still
open (one due within days, one overdue, one unanswered for over three months: the 互动回应差
veto), so every page, mark and reminder has something to show. Deterministic (a fixed seed),
dates relative to ``as_of``."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from gongkai import workdays
from gongkai.registers.models import Message, MessageSource
from gongkai.registry.models import Region, Unit
from gongkai.tallies import messages as tally

TOPICS = {
    "留言": ["小区周边路灯不亮", "老旧小区改造进度", "公交站台设置建议", "夜间施工噪音扰民"],
    "咨询": ["城乡居民医保缴费时间", "新生入学报名材料", "营业执照办理流程", "公积金提取条件"],
    "投诉": ["农贸市场占道经营", "物业收费不合理", "餐馆油烟扰民"],
    "建议": ["增设便民停车位", "延长图书馆开放时间", "增加社区健身设施"],
    "找错": ["网站首页链接无法打开", "政策文件附件下载失败", "栏目文章错别字"],
}


def _handled(rng: random.Random, channel: str, received: date, as_of: date) -> date | None:
    limit = tally.limit(channel)
    days = rng.choice([1, 2, limit - 1, limit, limit + 2]) if limit > 2 else rng.choice([1, 2, 3, 5])
    day = workdays.add_workdays(received, max(days, 1), estimate=True)
    return day if day <= as_of else None


@transaction.atomic
def fill(region: Region, as_of: date, *, include: Unit | None = None, count: int = 12) -> int:
    """Register the demo messages of ``region``'s first ``count`` units (``include`` among them)
    once: nothing when the region has some already. Returns the number of messages."""
    if Message.objects.filter(unit__region=region).exists():
        return 0
    rng = random.Random(f"messages-{region.name}")
    units = list(Unit.objects.filter(region=region).order_by("category__order", "order", "name")[:count])
    if not units:
        return 0
    if include is not None and include not in units:
        units[-1] = include
    made: list[Message] = []
    for index, unit in enumerate(units):
        for n in range(rng.randint(2, 6)):
            channel = rng.choice(list(TOPICS))
            received = as_of - timedelta(days=rng.randint(8, 170))
            handled = _handled(rng, channel, received, as_of)
            made.append(
                Message(
                    unit=unit,
                    number=f"{received:%Y%m%d}-{index:02d}{n + 1:02d}",
                    channel=channel,
                    title=rng.choice(TOPICS[channel]),
                    received=received,
                    assigned=received + timedelta(days=1),
                    handled=handled,
                    public=rng.random() < 0.85,
                    reply="已按规定答复。" if handled else "",
                    source=MessageSource.IMPORTED,
                )
            )
    first = units[0] if include is None else include
    special = [  # open ones: due soon, overdue, unanswered over three months
        ("咨询", as_of - timedelta(days=2), "社保卡补办地点"),
        ("找错", as_of - timedelta(days=10), "办事指南页面显示乱码"),
        ("留言", as_of - timedelta(days=120), "村道硬化何时施工"),
    ]
    for n, (channel, received, title) in enumerate(special, 1):
        made.append(
            Message(
                unit=first,
                number=f"{received:%Y%m%d}-X{n}",
                channel=channel,
                title=title,
                received=received,
                source=MessageSource.ENTERED,
            )
        )
    Message.objects.bulk_create(made)
    return len(made)
