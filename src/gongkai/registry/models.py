"""The registry: regions, units, their websites, columns, responsible persons, new-media accounts."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

SITE_ID_CODE_RE = re.compile(r"^(\d{10}|bm\d{8})$")


def validate_site_id_code(value: str) -> None:
    """网站标识码: 6-digit division code + 4 digits, or `bm` + 8 digits (rules.md §4)."""
    if value and not SITE_ID_CODE_RE.match(value):
        raise ValidationError("网站标识码应为10位：6位行政区划代码加4位数字，或bm加8位数字。")


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县（市、区）"

    name = models.CharField("名称", max_length=100)
    code = models.CharField("行政区划代码", max_length=12, blank=True)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids ("/1/4/9/") so that "this region and everything below it" is one
    # indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            old = self.path
            self.path = path
            Region.objects.filter(pk=self.pk).update(path=path)
            if old:
                for child in Region.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.path = path + child.path[len(old) :]
                    Region.objects.filter(pk=child.pk).update(path=child.path)

    @property
    def full_name(self) -> str:
        names = []
        node: Region | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(reversed(names))

    def descendants_and_self(self) -> models.QuerySet[Region]:
        return Region.objects.filter(path__startswith=self.path)


# words of a category name that make its units local governments (县市区, 镇街, 乡镇, 街道办事处 …)
GOVERNMENT_WORDS = ("县市区", "县区", "镇", "街道", "乡", "政府")


def government_by_name(name: str) -> bool:
    """Whether a category named ``name`` holds local governments rather than departments: the
    default of :attr:`UnitCategory.government` (a name with 部门 never does)."""
    return "部门" not in name and any(word in name for word in GOVERNMENT_WORDS)


class UnitCategory(models.Model):
    name = models.CharField("类别名称", max_length=50, unique=True)
    order = models.PositiveIntegerField("排序", default=100)
    # whose deadline the unit's annual disclosure report has (rules.md §5): local governments by
    # Mar 31, departments by Jan 31. A new category defaults from its name (government_by_name).
    government = models.BooleanField(
        "人民政府",
        default=False,
        help_text="勾选：本类别为县（市、区）、乡镇、街道等人民政府，年度报告 3 月 31 日前发布；"
        "不勾选：部门，1 月 31 日前发布。新建类别时按名称默认（含“县市区”“镇”“街道”“乡”“政府”且不含“部门”）。",
    )

    class Meta:
        verbose_name = "单位类别"
        verbose_name_plural = "单位类别"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and not self.government:
            self.government = government_by_name(self.name)
        super().save(*args, **kwargs)

    @property
    def annual_report_deadline(self) -> str:
        """The audit's ``annual_report_deadline`` for the category's units."""
        return "government" if self.government else "department"


class Unit(models.Model):
    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT, related_name="units")
    category = models.ForeignKey(
        UnitCategory, verbose_name="类别", on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField("单位名称", max_length=100)
    order = models.PositiveIntegerField("排序", default=100)
    active = models.BooleanField("参加考评", default=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["region__path", "category__order", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name")]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="sites")
    name = models.CharField("网站名称", max_length=100)
    url = models.URLField("网址", max_length=500)
    site_id_code = models.CharField(
        "网站标识码", max_length=10, blank=True, validators=[validate_site_id_code]
    )
    is_portal = models.BooleanField("门户网站", default=False)
    active = models.BooleanField("启用", default=True)
    # budgets of one audit of the site (issue 12); empty: the engine's defaults (AuditConfig)
    max_requests = models.PositiveIntegerField(
        "每次检查最多请求数",
        null=True,
        blank=True,
        help_text="留空为默认 20000 次；达到后停止检查，结果标为未完成",
    )
    max_pages = models.PositiveIntegerField(
        "每次检查最多页面数",
        null=True,
        blank=True,
        help_text="留空为默认 5000 个页面；大网站（如 5 万页）在此调高，达到后停止检查，结果标为未完成",
    )
    max_minutes = models.PositiveIntegerField(
        "每次检查最长分钟数",
        null=True,
        blank=True,
        help_text="留空为默认 30 分钟；达到后停止检查，结果标为未完成",
    )

    class Meta:
        verbose_name = "网站"
        verbose_name_plural = "网站"
        ordering = ["unit", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "url"], name="site_unique_url")]

    def __str__(self) -> str:
        return f"{self.name}（{self.url}）"


class ColumnType(models.TextChoices):
    """Column types and their default update windows, rules.md §3."""

    NEWS = "动态", "动态"
    HEADLINES = "要闻", "要闻"
    WORK_NEWS = "工作动态", "工作动态"
    NOTICES = "通知公告", "通知公告"
    POLICY = "政策文件", "政策文件"
    PERSONNEL = "人事", "人事"
    PLANS = "规划计划", "规划计划"
    ANNUAL_REPORT = "年报", "年报"  # 政府信息公开工作年度报告 (rules.md §5), one a year
    OTHER = "其他", "其他"


DEFAULT_WINDOW_DAYS = {
    ColumnType.NEWS: 14,
    ColumnType.HEADLINES: 14,
    ColumnType.WORK_NEWS: 14,
    ColumnType.NOTICES: 182,
    ColumnType.POLICY: 182,
    ColumnType.PERSONNEL: 365,
    ColumnType.PLANS: 365,
    ColumnType.ANNUAL_REPORT: 365,
    ColumnType.OTHER: 365,
}


class Column(models.Model):
    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="columns")
    name = models.CharField("栏目名称", max_length=100)
    url = models.URLField("栏目网址", max_length=500)
    column_type = models.CharField("栏目类型", max_length=10, choices=ColumnType.choices, default="其他")
    window_days = models.PositiveIntegerField("更新周期（天）", null=True, blank=True)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["site", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "url"], name="column_unique_url")]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_window_days(self) -> int:
        return self.window_days or DEFAULT_WINDOW_DAYS[ColumnType(self.column_type)]


class Person(models.Model):
    """A responsible person, as in seed 002 attachment 3 (商南县政府网站管理责任人登记表)."""

    class Role(models.TextChoices):
        LEADER = "分管领导", "分管领导"
        ADMIN = "管理员", "管理员"

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="people")
    role = models.CharField("类型", max_length=10, choices=Role.choices)
    name = models.CharField("姓名", max_length=50)
    title = models.CharField("职务", max_length=100, blank=True)
    mobile = models.CharField("手机", max_length=20, blank=True)
    landline = models.CharField("固话", max_length=30, blank=True)
    qq = models.CharField("QQ号码", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)

    class Meta:
        verbose_name = "责任人"
        verbose_name_plural = "责任人"
        ordering = ["unit", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.role}）"

    def clean(self) -> None:
        if self.mobile and not re.fullmatch(r"1[3-9]\d{9}", self.mobile):
            raise ValidationError({"mobile": "手机号码应为11位数字，以1开头。"})
        if self.landline and not re.fullmatch(r"[0-9()（）\-－ ]{7,30}", self.landline):
            raise ValidationError({"landline": "固定电话只能包含数字、区号括号和连字符。"})


class NewMediaAccount(models.Model):
    """A 政务新媒体 account (registers-contract §5). Its name is unique within the unit's region
    (the forms and imports enforce it: posts are imported by account name alone)."""

    class Platform(models.TextChoices):
        # the contract's closed list; 今日头条 became 头条号 and 移动客户端 became 其他 (migration 0005)
        WECHAT = "微信公众号", "微信公众号"
        WEIBO = "微博", "微博"
        DOUYIN = "抖音", "抖音"
        TOUTIAO = "头条号", "头条号"
        KUAISHOU = "快手", "快手"
        OTHER = "其他", "其他"

    class Status(models.TextChoices):
        REGISTERED = "已备案", "已备案"
        PENDING = "待备案", "待备案"
        UNREGISTERED = "未备案", "未备案"
        CLOSED = "已关停", "已关停"

    unit = models.ForeignKey(
        Unit, verbose_name="开办单位", on_delete=models.CASCADE, related_name="new_media_accounts"
    )
    platform = models.CharField("平台", max_length=20, choices=Platform.choices)
    name = models.CharField("账号名称", max_length=100)
    account_id = models.CharField("账号/ID", max_length=100, blank=True)
    status = models.CharField("备案状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    certification_body = models.CharField("认证主体", max_length=100, blank=True)
    opened_on = models.DateField("开通日期", null=True, blank=True)
    closed_on = models.DateField("关停日期", null=True, blank=True)
    url = models.URLField("主页地址", max_length=500, blank=True, help_text="账号的公开主页，可抓取发布日期")

    class Meta:
        verbose_name = "政务新媒体账号"
        verbose_name_plural = "政务新媒体账号"
        ordering = ["unit", "platform", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "platform", "name"], name="newmedia_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.platform}：{self.name}"

    @property
    def filed(self) -> bool:
        """备案 done: the check's ``newmedia_unfiled`` finding is its negation (closed accounts aside)."""
        return self.status == self.Status.REGISTERED

    def clean(self) -> None:
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": "关停日期不能早于开通日期。"})

    def same_name_in_region(self) -> models.QuerySet[NewMediaAccount]:
        """Other accounts of this name in the unit's region (the name must be unique there)."""
        return NewMediaAccount.objects.filter(unit__region_id=self.unit.region_id, name=self.name).exclude(
            pk=self.pk
        )


class RegistryChange(models.Model):
    """One edit of a registry record, field by field: who, when, old → new. A unit
    administrator's edit of a field that changes scores (SCORING_FIELDS in registry.changes)
    waits here as 待审批, the old value still in force, until a supervisor approves or rejects it;
    every other edit is stored already applied. ``effective_at`` is when the value took effect:
    what a recomputation compares with the time of the previous one."""

    class Status(models.TextChoices):
        APPLIED = "已生效", "已生效"
        PENDING = "待审批", "待审批"
        APPROVED = "已批准", "已批准"
        REJECTED = "已驳回", "已驳回"

    unit = models.ForeignKey(
        Unit, verbose_name="单位", null=True, on_delete=models.SET_NULL, related_name="registry_changes"
    )
    unit_name = models.CharField("单位名称", max_length=100)
    model = models.CharField("记录类型", max_length=20)  # "unit", "site", "column", ...
    object_id = models.PositiveBigIntegerField("记录编号", null=True)
    object_label = models.CharField("记录", max_length=300)
    field = models.CharField("字段", max_length=50)  # model field name; "" for a whole record
    field_label = models.CharField("字段名称", max_length=50)
    old = models.TextField("原值", blank=True)
    new = models.TextField("新值", blank=True)
    new_value = models.JSONField("新值（数据）", null=True, blank=True)
    scoring = models.BooleanField("影响得分", default=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.APPLIED)
    requested_by = models.ForeignKey(
        "auth.User", verbose_name="修改人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField("修改时间", auto_now_add=True, db_index=True)
    via = models.CharField("途径", max_length=20, default="网页")
    decided_by = models.ForeignKey(
        "auth.User", verbose_name="审批人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    effective_at = models.DateTimeField("生效时间", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "登记信息变更"
        verbose_name_plural = "登记信息变更"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.object_label} {self.field_label}：{self.old} → {self.new}（{self.status}）"

    @property
    def summary(self) -> str:
        """ "网站“教育体育局网站”启用：是 → 否" """
        return f"{self.object_label}{self.field_label}：{self.old or '（空）'} → {self.new or '（空）'}"
