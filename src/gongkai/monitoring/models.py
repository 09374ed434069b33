"""Audit runs and probes of registered sites, stored as the audit contract's JSON says."""

from __future__ import annotations

import json
import zlib

from django.conf import settings
from django.db import models

from gongkai.registry.models import Site


class AuditRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "检查中"
        DONE = "done", "已完成"
        FAILED = "failed", "无法检查"

    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="audit_runs")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RUNNING)
    start = models.CharField("起始地址", max_length=500)
    as_of = models.DateField("检查基准日")
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    pages_crawled = models.PositiveIntegerField("检查页面数", default=0)
    truncated = models.BooleanField("达到页面上限", default=False)
    error = models.TextField("无法检查的原因", blank=True)
    site_info = models.JSONField("网站级结果", default=dict)
    columns = models.JSONField("栏目", default=list)
    options = models.JSONField("检查参数", default=dict)
    # every page and attachment the run read (sorted URLs), as zlib-compressed JSON (see
    # ``pages``): ~400 KB of URLs for a 5,000-page site pack into a few dozen KB. Empty for runs
    # imported from a JSON file without them. Follow-up checks it before calling a problem on a
    # page fixed.
    pages_packed = models.BinaryField("已检查页面（压缩）", default=b"", blank=True)
    # why the run did not cover the whole site (engine.INCOMPLETE_TEXT codes); empty: complete
    incomplete = models.JSONField("未完成原因", default=list, blank=True)
    # the annual disclosure reports the run read, newest first, with their parsed tables (the
    # contract's ``annual_reports``, docs/audit-json.md); registers compares them with the register
    annual_reports = models.JSONField("读取的年度报告", default=list, blank=True)
    # the messages the site's own message lists showed (the contract's ``messages``,
    # docs/audit-json.md); registers checks and fills the unit's messages register with them
    messages = models.JSONField("读取的网站留言", default=list, blank=True)
    # the folder of the run's evidence (issue 18: pages with a finding as fetched, their hashes and
    # screenshots; gongkai.monitoring.evidence_files), relative to the data directory; empty: none
    evidence_dir = models.CharField("证据目录", max_length=300, blank=True)

    class Meta:
        verbose_name = "检查记录"
        verbose_name_plural = "检查记录"
        ordering = ["-as_of", "-id"]
        # latest_runs_of: a site's runs newest first (site, status, as_of <= check date)
        indexes = [models.Index(fields=["site", "-as_of", "-id"], name="auditrun_site_latest")]

    def __str__(self) -> str:
        return f"{self.site.name} {self.as_of}"

    @property
    def pages(self) -> list[str]:
        """The URLs the run read, unpacked from ``pages_packed``."""
        return unpack_pages(self.pages_packed)

    @pages.setter
    def pages(self, urls: list[str]) -> None:
        self.pages_packed = pack_pages(urls)


def pack_pages(urls: list[str]) -> bytes:
    """A run's page list as stored: zlib-compressed JSON; no pages: empty bytes."""
    if not urls:
        return b""
    return zlib.compress(json.dumps(list(urls), ensure_ascii=False, separators=(",", ":")).encode(), 6)


def unpack_pages(packed: bytes | memoryview | None) -> list[str]:
    """The page list back from :func:`pack_pages` (a database may hand back a memoryview)."""
    if not packed:
        return []
    return json.loads(zlib.decompress(bytes(packed)))


class Finding(models.Model):
    run = models.ForeignKey(
        AuditRun, verbose_name="检查记录", on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField("类型", max_length=40, db_index=True)
    page = models.CharField("页面", max_length=2000)
    message = models.TextField("说明")
    # kind-specific fields of the contract (target, status, severity, ...)
    data = models.JSONField("详细字段", default=dict)
    position = models.PositiveIntegerField("序号", default=0)

    class Meta:
        verbose_name = "检查发现"
        verbose_name_plural = "检查发现"
        ordering = ["run", "position"]
        # review/rows, assessment and the API read a run's findings in order; counts_by_kind and
        # the annual-report mismatches filter a run's findings by kind
        indexes = [
            models.Index(fields=["run", "position"], name="finding_run_position"),
            models.Index(fields=["run", "kind"], name="finding_run_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message[:40]}"

    def to_contract(self) -> dict:
        return {"kind": self.kind, "page": self.page, **self.data, "message": self.message}


class Probe(models.Model):
    """One availability probe of a site's home page (rules.md §1: the 5 % unreachable veto)."""

    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="probes")
    url = models.CharField("网址", max_length=500)
    at = models.DateTimeField("时间", db_index=True)
    ok = models.BooleanField("成功")
    status = models.PositiveIntegerField("状态码", null=True, blank=True)
    error = models.CharField("失败原因", max_length=20, blank=True)
    elapsed = models.FloatField("用时（秒）")
    timeout = models.FloatField("超时（秒）", default=15.0)

    class Meta:
        verbose_name = "可用性探测"
        verbose_name_plural = "可用性探测"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.url} {self.at:%Y-%m-%d %H:%M} {'成功' if self.ok else '失败'}"


class AuditJob(models.Model):
    """One site's audit queued in the background for a period (or on its own), with live progress.

    A worker claims a job by moving it from 排队中 to 检查中 with a conditional UPDATE, so a job
    never runs twice even when two workers get the same message (see monitoring/tasks.py and gongkai/after_audit.py).
    """

    class Status(models.TextChoices):
        QUEUED = "排队中", "排队中"
        RUNNING = "检查中", "检查中"
        DONE = "已完成", "已完成"
        FAILED = "失败", "失败"
        # its worker died (server killed or restarted): found at start-up, resumable (recovery.py)
        INTERRUPTED = "已中断", "已中断"

    period = models.ForeignKey(
        "assessment.Period",
        verbose_name="考评期",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_jobs",
    )
    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="audit_jobs")
    as_of = models.DateField("检查基准日")
    status = models.CharField(
        "状态", max_length=6, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    pages_done = models.PositiveIntegerField("已检查页面数", default=0)
    queued_at = models.DateTimeField("排队时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    run = models.ForeignKey(
        AuditRun, verbose_name="检查记录", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField("失败原因", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # the process that runs the job (host|pid|process start, monitoring/workers.py), and when it
    # last said it is alive: start-up recovery tells a dead worker's job from a running one
    worker = models.CharField("执行进程", max_length=200, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)

    class Meta:
        verbose_name = "后台检查任务"
        verbose_name_plural = "后台检查任务"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.site.name}（{self.status}）"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.INTERRUPTED)
