from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        from gongkai.accounts import lockout  # noqa: F401  (connects the sign-in receivers)
