"""The disclosure-applications register (依申请公开): what a unit received, what it did, when.

Due dates are not stored: they follow from the stored dates through ``gongkai.disclosure.clock``
(see ``registers.deadlines``) every time they are shown, so that a correction of a date, or a
newer holiday calendar turning an estimated due date into an exact one, can never leave a stale
due date behind.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.registry.models import Unit
from gongkai.uploads import UploadedFile, random_name

RECEIPT_RULE = (
    "收到日期按《政府信息公开条例》第三十一条确定：当面提交的，以提交之日为收到之日；邮寄提交的，"
    "以签收之日为收到之日（平常信函等无需签收的，以与申请人确认之日为准）；通过互联网渠道或者传真提交的，"
    "以双方确认之日为收到之日。"
)


class ApplicantType(models.TextChoices):
    """The columns of annual-report table 三 (国办公开办函〔2021〕30号)."""

    PERSON = "自然人", "自然人"
    BUSINESS = "商业企业", "商业企业"
    RESEARCH = "科研机构", "科研机构"
    CHARITY = "社会公益组织", "社会公益组织"
    LEGAL = "法律服务机构", "法律服务机构"
    OTHER = "其他", "其他"


class Channel(models.TextChoices):
    IN_PERSON = "当面", "当面"
    POST = "邮寄", "邮寄"
    ONLINE = "网络", "网络"
    FAX = "传真", "传真"
    OTHER = "其他", "其他"


class State(models.TextChoices):
    RECEIVED = "已收到", "已收到"
    CORRECTION = "待补正", "待补正"
    IN_PROGRESS = "办理中", "办理中"
    CONSULTING = "征求意见中", "征求意见中"
    REPLIED = "已答复", "已答复"
    WITHDRAWN = "已撤回", "已撤回"
    ABANDONED = "视为放弃", "视为放弃"


OPEN_STATES = (State.RECEIVED, State.CORRECTION, State.IN_PROGRESS, State.CONSULTING)
CLOSED_STATES = (State.REPLIED, State.WITHDRAWN, State.ABANDONED)


class FeeMode(models.TextChoices):
    NONE = "不收费", "不收费"
    PER_REQUEST = "按件", "按件"
    PER_PAGE = "按量", "按量"


class Application(models.Model):
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="applications")
    number = models.CharField("编号", max_length=50)
    applicant_type = models.CharField("申请人类型", max_length=10, choices=ApplicantType.choices)
    applicant_name = models.CharField(
        "申请人", max_length=100, blank=True, help_text="可空；仅本单位和监管人员可见，不进入统计和导出。"
    )
    channel = models.CharField("申请渠道", max_length=4, choices=Channel.choices, default=Channel.ONLINE)
    received = models.DateField("收到日期", help_text=RECEIPT_RULE)
    content = models.TextField("申请内容", blank=True)
    correction_requested = models.DateField("补正告知日期", null=True, blank=True)
    correction_received = models.DateField("补正收到日期", null=True, blank=True)
    extended = models.BooleanField("延期", default=False)
    extension_approver = models.CharField("延期批准人", max_length=50, blank=True)
    extension_date = models.DateField("延期批准日期", null=True, blank=True)
    replied = models.DateField("答复日期", null=True, blank=True)
    result = models.CharField("办理结果", max_length=80, blank=True, help_text="年报表三的行，如 予以公开")
    fee_mode = models.CharField("收费方式", max_length=4, choices=FeeMode.choices, default=FeeMode.NONE)
    fee_amount = models.DecimalField("收费金额（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    fee_notice = models.DateField("收费通知日期", null=True, blank=True)
    fee_paid = models.DateField("缴费日期", null=True, blank=True)
    state = models.CharField("状态", max_length=6, choices=State.choices, default=State.RECEIVED)
    created = models.DateTimeField("登记时间", auto_now_add=True)
    # every save: a period computed before it is told to recompute (assessment.services)
    updated = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "依申请公开申请"
        verbose_name_plural = "依申请公开申请"
        ordering = ["-received", "unit_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="application_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.number}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class Consultation(models.Model):
    """One third-party consultation (征求第三方意见): its days are not counted in the reply period."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="consultations"
    )
    started = models.DateField("征求意见开始")
    ended = models.DateField("征求意见结束", null=True, blank=True)

    class Meta:
        verbose_name = "征求第三方意见"
        verbose_name_plural = "征求第三方意见"
        ordering = ["started", "pk"]

    def __str__(self) -> str:
        return f"{self.started} ~ {self.ended or '进行中'}"


class Step(models.Model):
    """The history of one application: every creation, edit and transition, who and when."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField("操作", max_length=20)
    note = models.TextField("说明", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}：{self.note[:40]}"


def reply_path(instance: ReplyDocument, filename: str) -> str:
    return random_name(f"replies/{instance.application_id}", filename)


class ReplyDocument(UploadedFile):
    """The reply document (答复书) sent to the applicant, checked like every upload."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField("文件", upload_to=reply_path, max_length=300)

    class Meta(UploadedFile.Meta):
        verbose_name = "答复书"
        verbose_name_plural = "答复书"
