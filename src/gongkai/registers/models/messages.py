"""The messages register (网民留言 / 网上问政 / 找错): what the public sent a unit through its
website's channels (留言, 咨询, 投诉, 建议, and 找错 from the 我为政府网站找错 platform), when it was
received, assigned, replied and closed (办结), and whether the reply is public.

The limits are the contract's (registers-contract §3): 找错 3 and 咨询 5 working days; 留言, 投诉
and 建议 the limit of the unit's region (``MessageLimit``, the nearest region up the tree that has
one; otherwise ``gongkai.tallies.messages.DEFAULT_LIMIT``). On time, overdue and the 3-month veto
are not stored: they follow from the dates through ``gongkai.tallies.messages``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gongkai.registry.models import Region, Unit


class MessageChannel(models.TextChoices):
    MESSAGE = "留言", "留言"
    CONSULTATION = "咨询", "咨询"
    COMPLAINT = "投诉", "投诉"
    SUGGESTION = "建议", "建议"
    CORRECTION = "找错", "找错"


class MessageSource(models.TextChoices):
    IMPORTED = "导入", "导入"
    ENTERED = "登记", "登记"
    AUDIT = "检查", "网站检查"


class Message(models.Model):
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="messages")
    number = models.CharField("编号", max_length=50)
    channel = models.CharField(
        "渠道", max_length=4, choices=MessageChannel.choices, default=MessageChannel.MESSAGE
    )
    title = models.CharField("标题", max_length=300, blank=True)
    received = models.DateField("收到日期")
    assigned = models.DateField("转办日期", null=True, blank=True)
    handled = models.DateField(
        "办结日期", null=True, blank=True, help_text="答复并办结的日期；未办结时留空。"
    )
    public = models.BooleanField("公开", default=True)
    reply = models.TextField("答复内容", blank=True)
    source = models.CharField(
        "来源", max_length=4, choices=MessageSource.choices, default=MessageSource.ENTERED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "网民留言"
        verbose_name_plural = "网民留言"
        ordering = ["-received", "unit_id", "number"]
        constraints = [models.UniqueConstraint(fields=["unit", "number"], name="message_unique_number")]
        indexes = [models.Index(fields=["unit", "received"])]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.number} {self.title[:30]}"


class MessageLimit(models.Model):
    """A region's limit, in working days, for 留言, 投诉 and 建议 (找错 and 咨询 are fixed)."""

    region = models.OneToOneField(
        Region, verbose_name="地区", on_delete=models.CASCADE, related_name="message_limit"
    )
    days = models.PositiveSmallIntegerField(
        "办理时限（工作日）", validators=[MinValueValidator(1), MaxValueValidator(120)]
    )

    class Meta:
        verbose_name = "留言办理时限"
        verbose_name_plural = "留言办理时限"

    def __str__(self) -> str:
        return f"{self.region.name}：{self.days} 个工作日"
