"""Assessment periods and what is stored for them: imported metrics, manual scores with their
evidence, computed scores with the engine's full trace, and the log of every change.

Scores are computed by the engine (gongkai.scoring) in services.recompute; nothing here computes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.registry.models import Region, Unit
from gongkai.uploads import UploadedFile, random_name


class Period(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "月度", "月度"
        QUARTERLY = "季度", "季度"
        YEARLY = "年度", "年度"
        SPOT = "专项抽查", "专项抽查"

    class Status(models.TextChoices):
        DRAFT = "草稿", "草稿"
        CHECKING = "检查中", "检查中"
        REVIEWING = "评审中", "评审中"
        PUBLISHED = "已发布", "已发布"

    class Ranking(models.TextChoices):
        DENSE = "dense", "并列后顺延（1、2、2、3）"
        COMPETITION = "competition", "并列后跳位（1、2、2、4）"

    class YearRule(models.TextChoices):
        """How the year roll-up (gongkai.rollup.year) makes a year score of this period's scores."""

        MEAN = "mean", "年内已发布各期得分的平均分"
        LATE_ZERO = "late_zero", "平均分；年内任一期被否决的单位全年按零分（偃师：信息发布不及时、工作拖拉）"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    scheme = models.CharField("指标方案", max_length=60)
    check_date = models.DateField("检查基准日")
    start = models.DateField("考评起始日")
    end = models.DateField("考评截止日")
    region = models.ForeignKey(
        Region, verbose_name="考评地区", on_delete=models.PROTECT, related_name="periods"
    )
    units = models.ManyToManyField(
        Unit, verbose_name="考评对象", through="PeriodUnit", related_name="periods"
    )
    ranking = models.CharField("排名方式", max_length=12, choices=Ranking.choices, default=Ranking.DENSE)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    # units upload 佐证材料 themselves until the end of this day (seed 004: "于2021年1月10日前报");
    # empty: no evidence collection in this period
    evidence_deadline = models.DateField(
        "佐证材料截止日",
        null=True,
        blank=True,
        help_text="填写后，各单位可在单位门户按指标上传佐证材料；截止日当天及以前上传的为按时，之后上传的为逾期，"
        "经监管人员认可前按缺少佐证材料计分。留空表示本期不收集单位佐证材料。",
    )
    year_rule = models.CharField(
        "年度得分规则",
        max_length=12,
        choices=YearRule.choices,
        default=YearRule.MEAN,
        help_text="年度汇总用本年度最后一期的设置",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "考评期"
        verbose_name_plural = "考评期"
        ordering = ["-check_date", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def frozen(self) -> bool:
        """A published period's scores are final: nothing that changes a score is accepted."""
        return self.status == self.Status.PUBLISHED


class PeriodUnit(models.Model):
    """A unit taking part in a period, with the category it is ranked in (the 类别 of the score
    table; by default the unit's registry category)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    category = models.CharField("排名类别", max_length=50)

    class Meta:
        verbose_name = "考评对象"
        verbose_name_plural = "考评对象"
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="period_unit_unique")]

    def __str__(self) -> str:
        return f"{self.unit.name}（{self.category}）"


class MetricValue(models.Model):
    class Source(models.TextChoices):
        IMPORTED = "导入", "导入"
        MANUAL = "手工", "手工"

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="metrics")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("数据项", max_length=100)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    source = models.CharField("来源", max_length=4, choices=Source.choices, default=Source.IMPORTED)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "考评数据"
        verbose_name_plural = "考评数据"
        constraints = [models.UniqueConstraint(fields=["period", "unit", "name"], name="metric_unique")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.name} = {self.value.normalize():f}"


class ManualEntry(models.Model):
    """An assessor's score for a manual indicator, or the decision that an indicator does not
    apply to the unit; always with the reason."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="manual_entries")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField("指标编号", max_length=100)
    points = models.DecimalField("得分", max_digits=8, decimal_places=2, null=True, blank=True)
    applicable = models.BooleanField("适用", default=True)
    reason = models.TextField("评分理由")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评分人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("评分时间", auto_now=True)

    class Meta:
        verbose_name = "人工评分"
        verbose_name_plural = "人工评分"
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "indicator"], name="manual_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.indicator}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """evidence/<period>/<unit>/<random name><extension> (see gongkai.uploads.random_name)."""
    entry = instance.entry
    return random_name(f"evidence/{entry.period_id}/{entry.unit_id}", filename)


class Evidence(UploadedFile):
    entry = models.ForeignKey(
        ManualEntry, verbose_name="人工评分", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件", upload_to=evidence_path, max_length=300)

    class Meta(UploadedFile.Meta):
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"


def unit_evidence_path(instance: UnitEvidence, filename: str) -> str:
    """unit-evidence/<period>/<unit>/<random name><extension>."""
    return random_name(f"unit-evidence/{instance.period_id}/{instance.unit_id}", filename)


class UnitEvidence(UploadedFile):
    """佐证材料 a unit uploads itself for an item of the scheme. ``late``: uploaded after the
    period's evidence deadline; such a file counts only once a supervisor accepted it (who, when,
    why; also in the audit log)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="unit_evidence")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField("指标编号", max_length=100)
    file = models.FileField("文件", upload_to=unit_evidence_path, max_length=300)
    late = models.BooleanField("逾期", default=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认可人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField("认可时间", null=True, blank=True)
    accept_reason = models.TextField("认可理由", blank=True)

    class Meta(UploadedFile.Meta):
        verbose_name = "单位佐证材料"
        verbose_name_plural = "单位佐证材料"
        indexes = [models.Index(fields=["period", "unit", "indicator"], name="unit_evidence_item")]

    @property
    def counts(self) -> bool:
        """Whether the file counts for scoring: on time, or late and accepted."""
        return not self.late or self.accepted_at is not None


class Score(models.Model):
    """The engine's result for one unit in one period; ``trace`` is ``UnitResult.to_dict()``."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="scores")
    category = models.CharField("排名类别", max_length=50)
    total = models.DecimalField("总分", max_digits=10, decimal_places=4, null=True, blank=True)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    passed = models.BooleanField("合格", null=True, blank=True)
    vetoed = models.BooleanField("触发否决", default=False)
    veto_reasons = models.JSONField("否决原因", default=list)
    error = models.TextField("无法计算的原因", blank=True)
    trace = models.JSONField("计算过程", default=dict)
    # ids of the Finding rows in the order the engine saw them: trace references carry an index
    finding_ids = models.JSONField("检查发现编号", default=list)
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        verbose_name = "得分"
        verbose_name_plural = "得分"
        ordering = ["period", "category", "rank", "unit__order"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="score_unique")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.total}"


class ScoreChange(models.Model):
    """The audit log: one row for every change of a metric, a manual entry, a ranking category
    or a computed total. ``user`` is None for a recomputation nobody triggered by hand."""

    TOTAL = "总分"

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="changes")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    what = models.CharField("变更项", max_length=100)
    label = models.CharField("说明", max_length=300, blank=True)
    old = models.CharField("原值", max_length=200, blank=True)
    new = models.CharField("新值", max_length=200, blank=True)
    reason = models.TextField("原因")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "变更记录"
        verbose_name_plural = "变更记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.what}: {self.old} → {self.new}"
