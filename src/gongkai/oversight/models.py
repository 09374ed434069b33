"""Events of the audit log that are not score changes (those are assessment.ScoreChange)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.registry.models import Region


class Event(models.Model):
    """Something a supervisor may need to audit later: who did it, when, in which region."""

    class Kind(models.TextChoices):
        AUDITS_STARTED = "检查启动", "启动检查"
        AUDITS_FINISHED = "检查完成", "检查完成"
        TOKEN_CREATED = "令牌创建", "创建接口令牌"
        TOKEN_REVOKED = "令牌吊销", "吊销接口令牌"
        SIGNIN_BLOCKED = "登录受限", "登录失败次数过多"
        REMINDERS = "整改提醒", "发送整改提醒"
        REGISTRY = "登记变更", "修改登记信息"
        REVIEW_CONVERT = "复核认定", "认定为单位问题"
        APPLICATION = "依申请登记", "登记或修改依申请公开申请"
        APPLICATION_STEP = "依申请办理", "办理依申请公开申请"
        APPLICATION_IMPORT = "依申请导入", "导入依申请公开登记簿"
        REPLY_CHECK = "答复书核查", "核查依申请公开答复书要素"
        SUBMISSION = "信息报送", "报送或修改信息"
        SUBMISSION_REVIEW = "报送审核", "审核报送信息（采用、级别、重点领域）"
        SUBMISSION_IMPORT = "报送导入", "导入信息报送登记簿"
        NEWMEDIA_IMPORT = "新媒体导入", "导入政务新媒体账号或发布"
        NEWMEDIA_CRAWL = "新媒体抓取", "抓取政务新媒体主页"
        MESSAGE = "留言登记", "登记、修改或办结网民留言"
        MESSAGE_IMPORT = "留言导入", "导入网民留言登记簿"
        EVIDENCE_PRUNED = "证据清理", "按保存期限删除检查证据"

    kind = models.CharField("事件", max_length=10, choices=Kind.choices, db_index=True)
    message = models.TextField("说明")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        Region, verbose_name="地区", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.message[:40]}"
