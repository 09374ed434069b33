"""`gongkai token create --user NAME [--name 用途]`, `gongkai token list`, `gongkai token revoke ID`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.api.models import ApiToken
from gongkai.api.tokens import create_token, revoke_token


class Command(BaseCommand):
    help = "管理接口令牌：创建（只显示一次）、列出、吊销"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户创建接口令牌")
        create.add_argument("--user", required=True, help="用户名")
        create.add_argument("--name", default="命令行创建", help="令牌用途说明")
        listing = sub.add_parser("list", help="列出令牌")
        listing.add_argument("--user", help="只列出该用户的令牌")
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("token_id", type=int, help="令牌编号（见 list）")

    def handle(self, *args, **opts) -> None:
        getattr(self, f"_{opts['action']}")(opts)

    def _create(self, opts: dict) -> None:
        user = get_user_model().objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"用户“{opts['user']}”不存在。")
        token, key = create_token(user, opts["name"])
        self.stdout.write(f"已为用户 {user.get_username()} 创建接口令牌 {token.pk}（{token.name}）：")
        self.stdout.write(key)
        self.stdout.write("令牌只显示这一次，请妥善保存。调用接口时使用请求头 Authorization: Bearer <令牌>。")

    def _list(self, opts: dict) -> None:
        tokens = ApiToken.objects.select_related("user")
        if opts["user"]:
            tokens = tokens.filter(user__username=opts["user"])
        for t in tokens:
            state = f"已吊销 {t.revoked:%Y-%m-%d %H:%M}" if t.revoked else "有效"
            used = f"{t.last_used:%Y-%m-%d %H:%M}" if t.last_used else "从未使用"
            self.stdout.write(f"{t.pk}\t{t.user.get_username()}\t{t.name}\t{state}\t最近使用：{used}")

    def _revoke(self, opts: dict) -> None:
        token = ApiToken.objects.filter(pk=opts["token_id"]).first()
        if token is None:
            raise CommandError(f"令牌 {opts['token_id']} 不存在。")
        revoke_token(token)
        self.stdout.write(f"已吊销令牌 {token.pk}（{token.user.get_username()} · {token.name}）。")
