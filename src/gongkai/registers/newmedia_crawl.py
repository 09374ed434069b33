"""Posts from an account's public page, read like a column: the audit engine's list-page parser
(gongkai.audit.content.parse_list_page) finds the dated items, the audit's fetcher (aiohttp)
brings the page. Only the first page of the list is read: the check needs recent dates.

``dated_items`` is pure (HTML in, items out); ``crawl`` fetches the pages of the given accounts
and adds their new posts (source 抓取), one transaction per account.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from gongkai.audit.config import AuditConfig
from gongkai.audit.content import parse_list_page
from gongkai.audit.encoding import decode_html
from gongkai.audit.fetch import Fetcher, FetchResult
from gongkai.oversight import events
from gongkai.registers.models import Post, PostSource
from gongkai.registry.models import NewMediaAccount

TITLE_MAX = Post._meta.get_field("title").max_length
URL_MAX = Post._meta.get_field("url").max_length


@dataclass(frozen=True)
class Item:
    date: date
    title: str
    url: str


def dated_items(html: str, base_url: str, *, as_of: date) -> list[Item]:
    """The dated items of a public page's main list; dates after ``as_of`` are dropped (a date
    in the future is a misreading, not a post)."""
    page = parse_list_page(html, base_url, as_of=as_of)
    items = []
    for item in page.items:
        if item.date is None or item.date > as_of:
            continue
        url = item.url if item.url and len(item.url) <= URL_MAX else ""
        items.append(Item(item.date, item.title[:TITLE_MAX], url))
    return items


@dataclass
class CrawlResult:
    added: dict[int, int] = field(default_factory=dict)  # account id -> new posts
    errors: dict[int, str] = field(default_factory=dict)  # account id -> Chinese reason

    def summary(self) -> str:
        return (
            f"抓取 {len(self.added) + len(self.errors)} 个账号主页：新增发布 {sum(self.added.values())} 条"
            + (f"，{len(self.errors)} 个主页无法读取" if self.errors else "")
            + "。"
        )


async def _fetch_all(urls: list[str], timeout: float) -> dict[str, FetchResult]:
    config = AuditConfig(
        start=urls[0], total_timeout=timeout, connect_timeout=timeout, read_timeout=timeout, retries=1, rate=0
    )
    async with Fetcher(config) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
    return dict(zip(urls, results, strict=True))


def _reason(fetched: FetchResult) -> str | None:
    if not fetched.ok:
        return f"无法打开主页（{fetched.error}{'：' + fetched.detail if fetched.detail else ''}）"
    if fetched.status is not None and fetched.status >= 400:
        return f"主页返回 HTTP {fetched.status}"
    if not fetched.body:
        return "主页不是网页或没有内容"
    return None


def crawl(
    accounts: list[NewMediaAccount],
    *,
    as_of: date,
    user: AbstractBaseUser | None = None,
    timeout: float = 15.0,
) -> CrawlResult:
    """Fetch the public page of every account that has one and register its new dated items."""
    result = CrawlResult()
    with_pages = [account for account in accounts if account.url]
    if not with_pages:
        return result
    fetched = asyncio.run(_fetch_all(sorted({a.url for a in with_pages}), timeout))
    for account in with_pages:
        page = fetched[account.url]
        reason = _reason(page)
        if reason:
            result.errors[account.pk] = reason
            continue
        html, _encoding = decode_html(page.body or b"", page.charset)
        added = 0
        with transaction.atomic():
            for item in dated_items(html, page.final_url, as_of=as_of):
                _post, created = Post.objects.get_or_create(
                    account=account,
                    date=item.date,
                    title=item.title,
                    defaults={"source": PostSource.CRAWLED, "url": item.url},
                )
                added += created
        result.added[account.pk] = added
    events.record(
        events.Event.Kind.NEWMEDIA_CRAWL,
        result.summary(),
        user=user if user is not None and user.is_authenticated else None,
    )
    return result
