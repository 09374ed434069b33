"""`gongkai audit`: run `gongkai check` on registered sites and store each run."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai import jobs
from gongkai.after_audit import after_audit, queue_audits
from gongkai.audit.engine import audit
from gongkai.monitoring.evidence_files import audit_folder, evidence_options, new_run_folder
from gongkai.monitoring.models import AuditJob, AuditRun
from gongkai.monitoring.store import config_for, counts_by_kind, run_to_contract
from gongkai.registry.models import Site


class Command(BaseCommand):
    help = "检查已登记的网站并保存检查记录；或把一次检查记录导出为 JSON"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--site", type=int, action="append", default=[], help="网站编号（可多次指定）")
        parser.add_argument(
            "--unit", type=int, action="append", default=[], help="单位编号（检查其全部网站）"
        )
        parser.add_argument("--all", action="store_true", help="检查全部启用的网站")
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="检查基准日 YYYY-MM-DD")
        parser.add_argument("--max-pages", type=int, default=5000)
        parser.add_argument("--concurrency", type=int, default=4)
        parser.add_argument("--rate", type=float, default=4.0)
        parser.add_argument(
            "--no-evidence",
            action="store_true",
            help="不保存证据（有问题页面的原文、应答头、哈希值和截图；默认保存在数据目录的 evidence 下，"
            "GONGKAI_EVIDENCE=0 时默认不保存）",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="交给后台检查（设置 REDIS_URL 时由 Celery 工作进程执行，同一主机同时只检查一个网站）",
        )
        parser.add_argument(
            "--wait", action="store_true", help="与 --background 同用：等待全部检查结束并汇总"
        )
        parser.add_argument("--export", type=int, metavar="RUN", help="导出检查记录 RUN 为合同规定的 JSON")
        parser.add_argument("--json", dest="json_file", default="-", help="导出到文件（- 为标准输出）")

    def handle(self, *args, **opts) -> None:
        if opts["export"]:
            run = AuditRun.objects.filter(pk=opts["export"]).first()
            if run is None:
                raise CommandError(f"检查记录 {opts['export']} 不存在。")
            text = json.dumps(run_to_contract(run), ensure_ascii=False, indent=2)
            if opts["json_file"] == "-":
                self.stdout.write(text)
            else:
                Path(opts["json_file"]).write_text(text, encoding="utf-8")
            return
        sites = Site.objects.filter(active=True).select_related("unit")
        if not opts["all"]:
            if not opts["site"] and not opts["unit"]:
                raise CommandError("请用 --site、--unit 或 --all 指定要检查的网站。")
            sites = sites.filter(pk__in=opts["site"]) | sites.filter(unit_id__in=opts["unit"])
        as_of = opts["as_of"] or date.today()
        if opts["background"]:
            self._background(list(sites.distinct()), as_of, wait=opts["wait"])
            return
        limits = {"max_pages": opts["max_pages"], "concurrency": opts["concurrency"], "rate": opts["rate"]}
        for site in sites.distinct():
            folder = "" if opts["no_evidence"] else audit_folder(new_run_folder(site.pk))
            config = config_for(site, as_of=as_of, **limits, **evidence_options(folder))
            result = asyncio.run(audit(config))
            done = after_audit(
                site,
                result.to_record(),
                options={"as_of": as_of.isoformat(), **limits},
                evidence_dir=folder,
            )
            run = done.run
            if run.error:
                self.stdout.write(f"{site.unit.name} {site.url}：无法检查（{run.error}），记录 {run.pk}")
            else:
                kinds = "，".join(f"{k} {n}" for k, n in sorted(counts_by_kind(run).items())) or "未发现问题"
                self.stdout.write(
                    f"{site.unit.name} {site.url}：{run.pages_crawled} 页，{kinds}，记录 {run.pk}"
                )
            if result.evidence is not None and run.evidence_dir:
                self.stdout.write(
                    f"  证据：{result.evidence.saved} 个页面，截图 {result.evidence.rendered} 张，"
                    f"保存在数据目录的 {run.evidence_dir}"
                    + (
                        f"（无法截图：{result.evidence.render_error}）"
                        if result.evidence.render_error
                        else ""
                    )
                )
            if done.verified:
                self.stdout.write(f"  按本次检查核验整改问题 {len(done.verified)} 个")
            for period in done.recomputed:
                self.stdout.write(f"  已重新计算考评期“{period.name}”的得分")

    def _background(self, sites: list[Site], as_of: date, *, wait: bool) -> None:
        """Queue the sites' audits as background jobs (the workers' own limits apply); with
        ``wait``, follow them until every one is finished and fail if any did not complete."""
        queued = queue_audits(sites, as_of=as_of)
        where = " Celery 工作进程" if jobs.uses_celery() else "本进程的后台线程"
        self.stdout.write(
            f"已排队 {len(queued)} 个网站的检查，由{where}执行；任务编号 {queued[0].pk if queued else '-'} 起"
        )
        if not wait:
            return
        ids = [job.pk for job in queued]
        while True:
            if not jobs.uses_celery():
                jobs.wait_idle(timeout=5.0)
            unfinished = AuditJob.objects.filter(
                pk__in=ids, status__in=(AuditJob.Status.QUEUED, AuditJob.Status.RUNNING)
            )
            if not unfinished.exists():
                break
            time.sleep(2.0)
        done = AuditJob.objects.filter(pk__in=ids).select_related("run", "site")
        failed = [
            job for job in done if job.status != AuditJob.Status.DONE or job.run is None or job.run.incomplete
        ]
        self.stdout.write(f"后台检查结束：{len(ids) - len(failed)} 个网站完成")
        if failed:
            lines = "；".join(f"{job.site.url}（{_why(job)}）" for job in failed)
            raise CommandError(f"{len(failed)} 个网站的检查未完成：{lines}")


def _why(job: AuditJob) -> str:
    """Why a background audit did not complete, for the command's error."""
    if job.status != AuditJob.Status.DONE or job.run is None:
        return job.status + (f"，{job.error}" if job.error else "")
    return "未完整检查：" + "、".join(job.run.incomplete)
