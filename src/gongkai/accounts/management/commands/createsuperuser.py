"""Django's createsuperuser, with the password rules applied in non-interactive mode too: Django
checks a typed password but takes DJANGO_SUPERUSER_PASSWORD (``--noinput``) unchecked."""

from __future__ import annotations

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    help = "创建超级管理员账号（密码须符合密码规则）"

    def handle(self, *args, **options) -> None:
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password is not None:
            username = options.get(self.UserModel.USERNAME_FIELD) or os.environ.get(
                "DJANGO_SUPERUSER_" + self.UserModel.USERNAME_FIELD.upper(), ""
            )
            try:
                validate_password(password, self.UserModel(**{self.UserModel.USERNAME_FIELD: username}))
            except ValidationError as error:
                raise CommandError(
                    "DJANGO_SUPERUSER_PASSWORD 不符合密码规则：" + "；".join(error.messages)
                ) from None
        super().handle(*args, **options)
