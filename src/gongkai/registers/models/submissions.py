"""The information-submissions register (信息报送): what a unit sent to the government website or
the office, and what the office did with it (adopted or not, at which level, key area or not).

The duplicate and late flags are not stored: they follow from the titles and dates through
``gongkai.tallies.submissions`` every time they are shown (see ``registers.submissions_services``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.registry.models import Unit
from gongkai.uploads import UploadedFile, random_name


class Level(models.TextChoices):
    """Who adopted the item (seed 003: 国办采用, 省级采用, 市级采用; the county's own website: 县)."""

    GUOBAN = "国办", "国办"
    PROVINCE = "省", "省"
    CITY = "市", "市"
    COUNTY = "县", "县"


class Submission(models.Model):
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="submissions")
    number = models.CharField("编号", max_length=50)
    title = models.CharField("标题", max_length=300)
    submitted = models.DateField("报送日期")
    event_date = models.DateField(
        "事件日期", null=True, blank=True, help_text="信息所述事件或原文发布的日期；填写后可判断是否迟报。"
    )
    link = models.URLField("链接", max_length=500, blank=True)
    adopted = models.BooleanField("采用", default=False)
    level = models.CharField("采用级别", max_length=4, choices=Level.choices, blank=True)
    key_area = models.BooleanField("重点领域", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField("登记时间", auto_now_add=True)
    # every save: a period computed before it is told to recompute (assessment.services)
    updated = models.DateTimeField("修改时间", auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "报送信息"
        verbose_name_plural = "报送信息"
        ordering = ["-submitted", "unit_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="submission_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.number} {self.title[:30]}"


def attachment_path(instance: SubmissionAttachment, filename: str) -> str:
    return random_name(f"submissions/{instance.submission_id}", filename)


class SubmissionAttachment(UploadedFile):
    """The manuscript or its pictures, checked like every upload."""

    submission = models.ForeignKey(
        Submission, verbose_name="报送信息", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)

    class Meta(UploadedFile.Meta):
        verbose_name = "报送附件"
        verbose_name_plural = "报送附件"
