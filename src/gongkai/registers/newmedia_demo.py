"""A believable new-media register for the demonstration (`gongkai demo`): two accounts per unit
of a region (偃师, 商南) (a 微信公众号 and one more platform), posting every one to four days over the
last four months; one account stopped posting three weeks ago (两周未更新) and one is not filed
(未备案), both of the ``include`` unit (the demo unit administrator's) so that its page shows
them. Deterministic (a fixed seed), dates relative to ``as_of``."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from gongkai.registers.models import Post, PostSource
from gongkai.registry.models import NewMediaAccount, Region, Unit

DAYS = 120
SECOND = ["微博", "抖音", "头条号", "快手"]
TOPICS = ["工作动态", "政策解读", "通知公告", "便民服务", "政务要闻", "回应关切"]


def _owner(region: Region, unit: Unit) -> str:
    """The unit's full name as an account carries it: 偃师市统计局; 商南县统计局 for 县统计局."""
    name = unit.name
    if region.name.endswith("县") and name.startswith("县"):  # not 市: 偃师's 市场监督管理局
        name = name[1:]
    return f"{region.name}{name}"


@transaction.atomic
def fill(region: Region, as_of: date, *, include: Unit | None = None) -> tuple[int, int]:
    """Register the demo accounts and posts of ``region``'s units, once: nothing when the region
    has accounts already. Returns (accounts, posts)."""
    if NewMediaAccount.objects.filter(unit__region=region).exists():
        return 0, 0
    rng = random.Random(15)
    units = list(Unit.objects.filter(region=region).order_by("category__order", "order", "name"))
    if not units:
        return 0, 0
    special = include if include in units else units[0]
    posts: list[Post] = []
    accounts = 0
    for index, unit in enumerate(units):
        for platform in ("微信公众号", SECOND[index % len(SECOND)]):
            suffix = "" if platform == "微信公众号" else platform
            account = NewMediaAccount.objects.create(
                unit=unit,
                platform=platform,
                name=f"{_owner(region, unit)}{suffix}",
                status=NewMediaAccount.Status.REGISTERED,
                certification_body=_owner(region, unit),
                opened_on=as_of - timedelta(days=rng.randint(400, 2000)),
            )
            accounts += 1
            last = as_of
            if unit == special and platform != "微信公众号":
                last = as_of - timedelta(days=21)  # stopped posting: 两周未更新
            if unit == special and platform == "微信公众号":
                account.status = NewMediaAccount.Status.UNREGISTERED
                account.certification_body = ""
                account.save(update_fields=["status", "certification_body"])
            day = as_of - timedelta(days=DAYS)
            while day <= last:
                topic = rng.choice(TOPICS)
                posts.append(
                    Post(
                        account=account,
                        date=day,
                        title=f"{unit.name}{topic}（{day:%m月%d日}）",
                        source=PostSource.IMPORTED,
                    )
                )
                day += timedelta(days=rng.randint(1, 4))
    Post.objects.bulk_create(posts)
    return accounts, len(posts)
