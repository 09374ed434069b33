"""Review of audit findings: the findings stage's record of what a supervisor decided.

- ReviewDecision: the log of every confirm/dismiss/convert decision on a finding (who, when, why).
- Dismissal: a finding judged a false positive, keyed on its identity (gongkai.audit.identity)
  and its page fingerprint, so that the same finding in later runs stays dismissed until the page
  changes.

``ReviewDecision.period`` names the assessment period as a lazy string ("assessment.Period"),
not an import: a decision is taken on a finding, and the period is only its context, recorded for
the review log (which period's review page it was taken on, and deleted with that period). Review
sits below assessment, which reads these models while scoring, so this app imports nothing of it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.monitoring.models import Finding
from gongkai.registry.models import Site


class Decision(models.TextChoices):
    CONFIRM = "confirm", "确认"
    DISMISS = "dismiss", "误报"
    # a finding of a review-only kind (audit.kinds: blocked, page_error ...) made the unit's problem
    CONVERT = "convert", "认定为单位问题"


class Dismissal(models.Model):
    """A false positive. ``key`` is audit.identity.finding_key(kind, page, identifying value); an
    empty ``page_hash`` matches findings that carry no fingerprint."""

    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=40)
    page = models.CharField("页面", max_length=2000)
    ident = models.TextField("识别字段", blank=True)
    key = models.CharField("识别码", max_length=64)
    page_hash = models.CharField("页面指纹", max_length=128, blank=True)
    reason = models.TextField("误报原因")
    active = models.BooleanField("有效", default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认定人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("认定时间", auto_now=True)

    class Meta:
        verbose_name = "误报认定"
        verbose_name_plural = "误报认定"
        constraints = [models.UniqueConstraint(fields=["site", "key", "page_hash"], name="dismissal_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.page}"


class ReviewDecision(models.Model):
    """One reviewer's decision on one stored finding: the review log, never edited."""

    period = models.ForeignKey("assessment.Period", on_delete=models.CASCADE, related_name="review_decisions")
    finding = models.ForeignKey(
        Finding, verbose_name="检查发现", on_delete=models.CASCADE, related_name="review_decisions"
    )
    decision = models.CharField("结论", max_length=10, choices=Decision.choices)
    reason = models.TextField("理由", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复核人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "复核记录"
        verbose_name_plural = "复核记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.finding_id}"
