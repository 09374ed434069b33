"""What a circular says that the data cannot: its heading, recipients, requirements and notes
(CircularSettings, per period or per region), and the record of a published circular.

Publishing is logged in the assessment's ScoreChange log (one "状态" row per unit), so the period's
audit-log page shows who published and when; PublishedCircular lists the files produced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.assessment.models import Period
from gongkai.registry.models import Region
from gongkai.reports import FORMS


class CircularSettings(models.Model):
    """Either for one period or for a region (the default of its periods and of the regions below).
    Blank fields fall back to the region's settings, then to built-in defaults."""

    period = models.OneToOneField(
        Period, verbose_name="考评期", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.OneToOneField(
        Region, verbose_name="地区", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    issuing_office = models.CharField("发文机关", max_length=100, blank=True)
    document_number = models.CharField("发文字号", max_length=100, blank=True)
    title = models.CharField("标题", max_length=200, blank=True)
    recipients = models.CharField("主送机关", max_length=300, blank=True)
    cc = models.CharField("抄送", max_length=300, blank=True)
    contact = models.CharField("联系人及联系方式", max_length=200, blank=True)
    date = models.DateField("成文日期", null=True, blank=True, help_text="空白时为发布当天")
    table_title = models.CharField(
        "附件表格标题",
        max_length=200,
        blank=True,
        help_text="可用 {period}（考评时段）和 {category}（类别），如“{period}{category}政府网站检查情况”",
    )
    notes = models.TextField("表注", blank=True, help_text="每行一条，印在每张附件表格下方")
    requirements = models.TextField("工作要求", blank=True, help_text="每行一条")
    thresholds = models.TextField(
        "分数线",
        blank=True,
        help_text="每行“类别 分数”，如“镇办 10”：通报写明达到该分数的单位数及与比较对象相比的变化；"
        "行末加“名单”（如“镇办 10 名单”）再列出这些单位",
    )
    rectification_workdays = models.PositiveSmallIntegerField(
        "整改期限（工作日）", null=True, blank=True, help_text="自检查基准日起计算，默认15个工作日"
    )
    rectification_deadline = models.DateField(
        "整改截止日期", null=True, blank=True, help_text="填写后优先使用"
    )
    disclosure_note = models.CharField("附注", max_length=100, blank=True, help_text="如“此件公开发布”")
    # how the circular speaks: best/worst lists, comparison
    best_count = models.PositiveSmallIntegerField(
        "表现较好名次",
        null=True,
        blank=True,
        help_text="每类前几名写入“表现较好的单位”，默认2（并列的一并计入）",
    )
    worst_count = models.PositiveSmallIntegerField(
        "表现较差名次",
        null=True,
        blank=True,
        help_text="每类后几名写入“表现较差的单位”，默认1（并列的一并计入）",
    )
    names_cap = models.PositiveSmallIntegerField(
        "名单最多列出",
        null=True,
        blank=True,
        help_text="并列单位较多时，每类最多列出几个单位名称，其余写作“等N个单位”；默认5，填0不限",
    )
    comparison = models.CharField(
        "比较对象",
        max_length=4,
        blank=True,
        choices=[("环比", "环比（上一期）"), ("同比", "同比（上年同期）")],
        help_text="空白时与上一期已发布的考评期比较；年度考评的上一期即上年，称“同比”",
    )
    # the form: official document (GB/T 9704) or bulletin (简报, seed 000)
    form = models.CharField(
        "通报版式", max_length=10, blank=True, choices=list(FORMS.items()), help_text="空白时为公文格式"
    )
    bulletin_name = models.CharField("简报名称", max_length=100, blank=True, help_text="如“政务信息公开工作”")
    issue_number = models.PositiveIntegerField(
        "期号",
        null=True,
        blank=True,
        help_text="印作“（2021年第3期）”；空白时按本地区当年已发布通报的顺序编号",
    )
    send_to = models.CharField("送", max_length=300, blank=True, help_text="如“市委、市政府有关领导”")
    distribute_to = models.CharField(
        "发", max_length=300, blank=True, help_text="空白时用主送机关，如“各镇（街道），市政府相关部门”"
    )
    signed_by = models.CharField("签发", max_length=50, blank=True)
    reviewed_by = models.CharField("审核", max_length=50, blank=True)
    edited_by = models.CharField("责任编辑", max_length=100, blank=True, help_text="多人用空格分开")
    # issue 18: the screenshots kept by the audits, printed in each unit's 整改通知
    evidence_screenshots = models.BooleanField(
        "附件包含证据截图",
        default=True,
        help_text="整改通知中附上检查时保存的问题页面截图（注明抓取时间和 SHA-256）；"
        "本考评期有通报设置时以本考评期的为准，否则沿用本地区的",
    )

    class Meta:
        verbose_name = "通报设置"
        verbose_name_plural = "通报设置"
        constraints = [
            models.CheckConstraint(
                condition=Q(period__isnull=False, region__isnull=True)
                | Q(period__isnull=True, region__isnull=False),
                name="circular_settings_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"通报设置（{self.period or self.region}）"


class PublishedCircular(models.Model):
    """A period's published circular: when, by whom, and the files written under
    DATA_DIR/circulars/<period id>/ (``files``: [{"key", "name", "kind", "unit"}])."""

    period = models.OneToOneField(
        Period, verbose_name="考评期", on_delete=models.PROTECT, related_name="published_circular"
    )
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField("标题", max_length=300)
    directory = models.CharField("文件目录", max_length=500)
    files = models.JSONField("文件", default=list)
    note = models.TextField("说明", blank=True)
    emails_sent = models.PositiveIntegerField("已发送邮件数", default=0)

    class Meta:
        verbose_name = "已发布通报"
        verbose_name_plural = "已发布通报"
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title
