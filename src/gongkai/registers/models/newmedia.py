"""Posts of 政务新媒体 accounts (registers-contract §5). The accounts are the registry's
(registry.NewMediaAccount); a post is one dated item of an account, imported from a platform
export (sheet 发布) or crawled from the account's public page like a column.

The check's results (longest gap, weekly, 两周未更新, 未备案) are not stored: they follow from the
posts and the account through the pure engine ``gongkai.tallies.newmedia`` every time a page,
the command or a score asks, so a later import or crawl can never leave a stale result behind."""

from __future__ import annotations

from django.db import models

from gongkai.registry.models import NewMediaAccount


class PostSource(models.TextChoices):
    IMPORTED = "导入", "导入"
    CRAWLED = "抓取", "抓取"


class Post(models.Model):
    account = models.ForeignKey(
        NewMediaAccount, verbose_name="账号", on_delete=models.CASCADE, related_name="posts"
    )
    date = models.DateField("发布日期")
    title = models.CharField("标题", max_length=300, blank=True)
    url = models.URLField("网址", max_length=500, blank=True)
    source = models.CharField("来源", max_length=4, choices=PostSource.choices, default=PostSource.IMPORTED)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "政务新媒体发布"
        verbose_name_plural = "政务新媒体发布"
        ordering = ["account", "-date", "title"]
        constraints = [
            # a re-import or a second crawl of the same item adds nothing
            models.UniqueConstraint(fields=["account", "date", "title"], name="newmedia_post_unique")
        ]
        indexes = [models.Index(fields=["account", "date"])]

    def __str__(self) -> str:
        return f"{self.account.name} {self.date} {self.title}"
