"""`gongkai demo`: the main job on the embedded default (SQLite, in-process).

It registers the sample county (units of seeds 000 and 002), generates and serves on loopback
a website for each of the 44 偃师 units with planted problems of every finding kind, runs a full
assessment period on them (audits, probes, scores with the pucha-2015 scheme), publishes the
circular (.docx, .xlsx, .pdf when LibreOffice is present) into an output folder, creates one
demo account per role and starts the web app."""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Profile, Role
from gongkai.circulars.services import publish
from gongkai.monitoring.models import Finding
from gongkai.registers import demo as demo_register
from gongkai.registers import messages_demo, newmedia_demo, submissions_demo
from gongkai.registry.models import Unit
from gongkai.registry.sample import load_sample_county
from gongkai.showcase import run_demo_period, start_demo_county

DEMO_ACCOUNTS = [
    # username, role, region, unit name (for unit administrators)
    ("jiandu", Role.SUPERVISOR, "偃师市", None),
    ("kaoping", Role.ASSESSOR, "偃师市", None),
    ("lingdao", Role.LEADER, "偃师市", None),
    ("danwei", Role.UNIT_ADMIN, "偃师市", "统计局"),
    ("jiandu_sn", Role.SUPERVISOR, "商南县", None),
    ("danwei_sn", Role.UNIT_ADMIN, "商南县", "县统计局"),
]


class Command(BaseCommand):
    help = "演示：登记示例县，生成并检查各单位网站，评分、发布通报，创建各角色演示账号并启动网页服务"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--out", type=Path, default=Path("out"), help="通报文件输出目录（默认 ./out）")
        parser.add_argument("--no-serve", action="store_true", help="完成检查和发布后不启动网页服务")

    def handle(self, *args, host: str, port: int, out: Path, no_serve: bool, **options) -> None:
        began = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        regions = load_sample_county()
        accounts = self._accounts(regions)
        supervisor = User.objects.get(username="jiandu")
        yanshi = regions["偃师市"]
        as_of = timezone.localdate()
        say = self.stdout.write

        say(f"示例数据已登记：偃师市、商南县，共 {Unit.objects.count()} 个单位。")
        for name, admin in (("偃师市", "danwei"), ("商南县", "danwei_sn")):
            self._fill_registers(regions[name], as_of, User.objects.get(username=admin).profile.unit)
        county = start_demo_county(yanshi, Path(settings.DATA_DIR) / "demo-county", as_of=as_of)
        say(f"已生成并在本机启动 {len(county.sites)} 个单位网站（{min(county.server.urls.values())} 起）。")
        say("正在检查各网站（抓取、链接、栏目更新、错别字、隐私、页面标签、可用性探测）……")
        period = run_demo_period(yanshi, county, as_of=as_of, user=supervisor)
        findings = Counter(
            Finding.objects.filter(run__site__in=county.sites.values(), run__as_of=as_of).values_list(
                "kind", flat=True
            )
        )
        say(
            f"考评期“{period.name}”（方案 {period.scheme}）：检查完成，发现问题 {sum(findings.values())} 个："
        )
        for kind, count in findings.most_common():
            say(f"  {kind:<24} {count}")
        if "GONGKAI_EMAIL_BACKEND" not in os.environ:  # keep the demo's e-mails as files to read
            settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
            settings.EMAIL_FILE_PATH = str(Path(settings.DATA_DIR) / "mail")
        record = publish(period, user=supervisor, pdf=True)
        target = out.resolve() / f"period-{period.pk}"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(record.directory, target)
        say(f"已发布通报《{record.title}》，文件写入：{target}")
        notices = [item for item in record.files if item["kind"] == "notice"]
        for item in record.files:
            if item["kind"] != "notice":
                say(f"  {item['label']}：{target / item['name']}")
        if notices:
            say(f"  各单位整改通知 {len(notices)} 份：{(target / notices[0]['name']).parent}")
        if record.note:
            say(f"  说明：{record.note}")
        mail = f"（保存在 {settings.EMAIL_FILE_PATH}）" if "GONGKAI_EMAIL_BACKEND" not in os.environ else ""
        say(f"已向 {record.emails_sent} 位单位管理员发送发布通知邮件{mail}。")
        say(f"用时 {time.monotonic() - began:.0f} 秒。")
        say(f"网页地址：http://{host}:{port}/")
        say("演示账号（密码每次运行重新生成）：")
        for username, password, label in accounts:
            say(f"  {label:<14} 用户名 {username:<10} 密码 {password}")
        if not no_serve:
            call_command("serve", host=host, port=port, no_migrate=True)
        county.server.close()

    def _fill_registers(self, region, as_of, own_unit) -> None:
        """The registers of ``region``'s units, the demo unit administrator's ``own_unit`` among
        them (once: nothing when a register has entries of the region already)."""
        say, name = self.stdout.write, region.name
        applications, overdue = demo_register.fill(region, as_of, include=own_unit)
        if applications:
            say(
                f"依申请公开登记簿：{name}各单位已登记 {applications} 件申请（其中逾期未答复 {overdue} 件）。"
            )
        submissions = submissions_demo.fill(region, as_of, include=own_unit)
        if submissions:
            say(f"信息报送登记簿：{name}各单位已报送 {submissions} 条信息（含重复报送和迟报示例）。")
        media_accounts, posts = newmedia_demo.fill(region, as_of, include=own_unit)
        if media_accounts:
            say(
                f"政务新媒体：{name}各单位已登记 {media_accounts} 个账号、{posts} 条发布（其中一个两周未更新、一个未备案）。"
            )
        message_count = messages_demo.fill(region, as_of, include=own_unit)
        if message_count:
            say(
                f"网民留言登记簿：{name}各单位已登记 {message_count} 条留言（含即将到期、逾期和超3个月未答复的示例）。"
            )

    @transaction.atomic
    def _accounts(self, regions) -> list[tuple[str, str, str]]:
        made = []
        for username, role, region_name, unit_name in DEMO_ACCOUNTS:
            region = regions[region_name]
            unit = Unit.objects.get(region=region, name=unit_name) if unit_name else None
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=username)
            user.set_password(password)
            user.email = f"{username}@example.gov.cn"
            user.is_staff = role == Role.SUPERVISOR
            user.save()
            Profile.objects.update_or_create(
                user=user,
                defaults={"role": role, "region": None if unit else region, "unit": unit},
            )
            label = f"{Role(role).label}（{unit_name or region_name}）"
            made.append((username, password, label))
        return made
