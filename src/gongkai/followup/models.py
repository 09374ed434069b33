"""The follow-up (整改) of the problems that reviewed findings reveal (the review itself is
gongkai.review).

- Problem: one rectification item per confirmed finding, with its deadline, status, the unit's
  answer (note and evidence files) and the history of every status change. A problem found by
  hand (三定 information, off-topic content, new-media problems, a supervisor's call: issue 16.5)
  has no site or finding (``manual``), a kind of MANUAL_KINDS and the supervisor's evidence
  (ProblemEvidence); it follows the same deadline flow, and a supervisor verifies the fix.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from gongkai.assessment.models import Period
from gongkai.audit.kinds import kind_label
from gongkai.monitoring.models import AuditRun, Finding
from gongkai.registry.models import Site, Unit
from gongkai.uploads import UploadedFile, random_name

# kinds of the problems a supervisor issues by hand (seed 003: "三定"规定已下发但仍未及时更新…,
# 发布与栏目不相关的内容…; new-media problems; what a supervisor saw or heard on a call)
MANUAL_KINDS = {
    "manual_sanding": "“三定”信息未及时更新",
    "manual_offtopic": "发布与栏目不相关的内容",
    "manual_newmedia": "政务新媒体问题",
    "manual_call": "电话抽查、暗访发现的问题",
    "manual_other": "其他人工发现的问题",
}


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
    # none for a problem found by hand (``manual``): it is not tied to an audited site
    site = models.ForeignKey(
        Site, verbose_name="网站", null=True, blank=True, on_delete=models.CASCADE, related_name="problems"
    )
    finding = models.ForeignKey(
        Finding, verbose_name="检查发现", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField("类型", max_length=40)
    page = models.CharField("页面", max_length=2000, blank=True)
    manual = models.BooleanField("人工发现", default=False)
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
    def kind_label(self) -> str:
        if self.kind in MANUAL_KINDS:
            return MANUAL_KINDS[self.kind]
        return kind_label(self.kind)

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


def issue_evidence_path(instance: ProblemEvidence, filename: str) -> str:
    """followup/<period>/<unit>/issued/<random name><extension>."""
    problem = instance.problem
    return random_name(f"followup/{problem.period_id}/{problem.unit_id}/issued", filename)


class ProblemEvidence(UploadedFile):
    """What the supervisor saw, attached to a problem issued by hand (a screenshot, a call note)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="issue_evidence")
    file = models.FileField("文件", upload_to=issue_evidence_path, max_length=300)

    class Meta(UploadedFile.Meta):
        verbose_name = "问题佐证材料"
        verbose_name_plural = "问题佐证材料"
