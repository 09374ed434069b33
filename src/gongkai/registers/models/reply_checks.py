"""The reply-document checklist (答复书要素核查): per replied application, an assessor ticks the
elements its reply document carries (rules.md §5; seed 004: "答复形式规范:抬头;编号;落款;日期;印章;
电子邮件答复的,应使用“gov”邮箱;答复内容规范:结果;依据;救济渠道").

The gov mailbox applies only to a reply sent by e-mail; for any other reply it is not applicable
and does not count against the document.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.registers.models.applications import Application

# (field, label) of every element, in the seed's order; GOV_MAILBOX only for e-mail replies
ELEMENTS: tuple[tuple[str, str], ...] = (
    ("heading", "抬头"),
    ("number", "编号"),
    ("signature", "落款"),
    ("dated", "日期"),
    ("seal", "印章"),
    ("gov_mailbox", "gov 邮箱"),
    ("result", "结果"),
    ("basis", "依据"),
    ("remedy", "救济渠道"),
)
GOV_MAILBOX = "gov_mailbox"


class ReplyCheck(models.Model):
    application = models.OneToOneField(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="reply_check"
    )
    by_email = models.BooleanField("以电子邮件答复", default=False)
    heading = models.BooleanField("抬头", default=False)
    number = models.BooleanField("编号", default=False)
    signature = models.BooleanField("落款", default=False)
    dated = models.BooleanField("日期", default=False)
    seal = models.BooleanField("印章", default=False)
    gov_mailbox = models.BooleanField("使用 gov 邮箱", default=False, help_text="仅电子邮件答复适用")
    result = models.BooleanField("结果", default=False)
    basis = models.BooleanField("依据", default=False)
    remedy = models.BooleanField("救济渠道", default=False)
    note = models.TextField("核查说明", blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核查人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField("核查时间", auto_now=True)

    class Meta:
        verbose_name = "答复书要素核查"
        verbose_name_plural = "答复书要素核查"

    def __str__(self) -> str:
        return f"{self.application} 答复书核查"

    def applicable(self) -> list[tuple[str, str]]:
        """The elements this reply must carry: all, except the gov mailbox when not by e-mail."""
        return [(name, label) for name, label in ELEMENTS if name != GOV_MAILBOX or self.by_email]

    def missing(self) -> list[str]:
        """Labels of the applicable elements not ticked."""
        return [label for name, label in self.applicable() if not getattr(self, name)]

    @property
    def complete(self) -> bool:
        return not self.missing()
