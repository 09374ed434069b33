"""Review of audit findings and the follow-up (整改) of the problems they reveal.

- ReviewDecision: the log of every confirm/dismiss decision on a finding (who, when, why).
- Dismissal: a finding judged a false positive, keyed on its identity (see identity.py) and
  its page fingerprint, so that the same finding in later runs stays dismissed until the page
  changes.
- Problem: one rectification item per confirmed finding, with its deadline, status, the unit's
  answer (note and evidence files) and the history of every status change.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from gongkai.assessment.models import Period
from gongkai.monitoring.models import AuditRun, Finding
from gongkai.registry.models import Site, Unit
from gongkai.uploads import UploadedFile, random_name


class Decision(models.TextChoices):
    CONFIRM = "confirm", "确认"
    DISMISS = "dismiss", "误报"
    # a finding of a review-only kind (audit.kinds: blocked, page_error ...) made the unit's problem
    CONVERT = "convert", "认定为单位问题"


class Dismissal(models.Model):
    """A false positive. ``key`` is identity.finding_key(kind, page, identifying value); an empty
    ``page_hash`` matches findings that carry no fingerprint."""

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

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="review_decisions")
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


class Problem(models.Model):
    class Status(models.TextChoices):
        OPEN = "待整改", "待整改"
        FIXED = "已整改待核验", "已整改待核验"
        VERIFIED = "已核实整改", "已核实整改"
        OVERDUE = "逾期", "逾期"
        REOPENED = "重新打开", "重新打开"

    # statuses in which the unit still has to act
    OPEN_STATUSES = (Status.OPEN, Status.OVERDUE, Status.REOPENED)

    period = models.ForeignKey(
        Period, verbose_name="考评期", on_delete=models.CASCADE, related_name="problems"
    )
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="problems")
    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="problems")
    finding = models.ForeignKey(
        Finding, verbose_name="检查发现", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField("类型", max_length=40)
    page = models.CharField("页面", max_length=2000)
    ident = models.TextField("识别字段", blank=True)
    key = models.CharField("识别码", max_length=64)
    message = models.TextField("问题说明")
    deadline = models.DateField("整改期限")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    fix_note = models.TextField("整改说明", blank=True)
    fixed_at = models.DateTimeField("整改时间", null=True, blank=True)
    # the newest run of the site when the unit reported the fix: only later runs verify it
    fixed_after_run_id = models.PositiveBigIntegerField("整改前最新检查记录", null=True, blank=True)
    verified_by_run = models.ForeignKey(
        AuditRun,
        verbose_name="核验检查记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="下发人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("下发时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改问题"
        verbose_name_plural = "整改问题"
        ordering = ["deadline", "unit__order", "id"]
        constraints = [models.UniqueConstraint(fields=["period", "site", "key"], name="problem_unique")]

    def __str__(self) -> str:
        return f"{self.unit.name}：{self.message[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        """Deadline passed and the unit has not reported a fix."""
        return self.is_open and self.deadline < today


class ProblemEvent(models.Model):
    """The history of a problem: creation, the unit's fix, verification, reopening, overdue."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events")
    old_status = models.CharField("原状态", max_length=10, blank=True)
    new_status = models.CharField("新状态", max_length=10)
    note = models.TextField("说明", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改记录"
        verbose_name_plural = "整改记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.old_status or '—'} → {self.new_status}"


def fix_evidence_path(instance: FixEvidence, filename: str) -> str:
    """followup/<period>/<unit>/<random name><extension> (see gongkai.uploads.random_name)."""
    problem = instance.problem
    return random_name(f"followup/{problem.period_id}/{problem.unit_id}", filename)


class FixEvidence(UploadedFile):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=fix_evidence_path, max_length=300)

    class Meta(UploadedFile.Meta):
        verbose_name = "整改佐证材料"
        verbose_name_plural = "整改佐证材料"
