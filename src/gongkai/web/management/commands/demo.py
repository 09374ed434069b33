"""`gongkai demo`: the main job on the embedded default. Sets up the database, registers the
sample county (units of seeds 000 and 002), creates one demo account per role, prints the
sign-ins and starts the web app."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.accounts.models import Profile, Role
from gongkai.registry.models import Unit
from gongkai.registry.sample import load_sample_county

DEMO_ACCOUNTS = [
    # username, role, region, unit name (for unit administrators)
    ("jiandu", Role.SUPERVISOR, "偃师市", None),
    ("kaoping", Role.ASSESSOR, "偃师市", None),
    ("lingdao", Role.LEADER, "偃师市", None),
    ("danwei", Role.UNIT_ADMIN, "偃师市", "教育体育局"),
    ("jiandu_sn", Role.SUPERVISOR, "商南县", None),
]


class Command(BaseCommand):
    help = "演示：登记示例县的单位，创建各角色演示账号，并启动网页服务"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动网页服务")

    def handle(self, *args, host: str, port: int, no_serve: bool, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        regions = load_sample_county()
        accounts = self._accounts(regions)
        units = Unit.objects.count()
        self.stdout.write(f"示例数据已登记：{len(regions)} 个县（偃师市、商南县），{units} 个单位。")
        self.stdout.write(f"网页地址：http://{host}:{port}/")
        self.stdout.write("演示账号（密码每次运行重新生成）：")
        for username, password, label in accounts:
            self.stdout.write(f"  {label:<12} 用户名 {username:<10} 密码 {password}")
        if not no_serve:
            call_command("serve", host=host, port=port, no_migrate=True)

    @transaction.atomic
    def _accounts(self, regions) -> list[tuple[str, str, str]]:
        made = []
        for username, role, region_name, unit_name in DEMO_ACCOUNTS:
            region = regions[region_name]
            unit = Unit.objects.get(region=region, name=unit_name) if unit_name else None
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=username)
            user.set_password(password)
            user.is_staff = role == Role.SUPERVISOR
            user.save()
            Profile.objects.update_or_create(
                user=user,
                defaults={"role": role, "region": None if unit else region, "unit": unit},
            )
            label = f"{Role(role).label}（{unit_name or region_name}）"
            made.append((username, password, label))
        return made
