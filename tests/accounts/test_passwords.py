"""Password rules: Django's validators with Chinese messages whatever language the browser asks
for, a minimum of 10 characters, and a common-password list with Chinese pinyin patterns (words,
pinyin names + digits, years, keyboard runs) shipped in the repository; every user can change their
own password in the web UI; the demo's generated passwords pass; createsuperuser applies the rules."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

STRONG = "Tq7#mZ9v!pLx"


def _refusals(password: str) -> list[str]:
    try:
        validate_password(password)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(
    "password",
    [
        "gongkai2024",
        "zhangsan1",
        "zhangsan2024",
        "Woaini520520",
        "lixiaoming1990",
        "wangwei@2023",
        "qwertyuiop",
        "1qaz2wsx3edc",
        "2024-01-01!!",
        "zhengfu123456",
        "aaaaaaaaaaaa",
    ],
)
def test_common_chinese_passwords_are_refused_in_chinese(password):
    messages = _refusals(password)
    assert messages, f"{password} accepted"
    for message in messages:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_the_named_examples_say_why():
    assert any("常见" in m for m in _refusals("gongkai2024"))
    assert any("拼音" in m for m in _refusals("zhangsan1"))
    assert any("10 个字符" in m for m in _refusals("zhangsan1"))


def test_a_strong_password_and_the_demo_passwords_pass():
    assert _refusals(STRONG) == []
    # gongkai demo makes its passwords with secrets.token_urlsafe(9)
    refused = [p for p in (secrets.token_urlsafe(9) for _ in range(500)) if _refusals(p)]
    assert refused == []


@pytest.mark.django_db
def test_messages_are_chinese_for_an_english_browser(users):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(users["unit_admin"])
    page = client.post(
        "/accounts/password/",
        {"old_password": "x", "new_password1": "abc", "new_password2": "abc"},
    )
    text = page.content.decode()
    assert "This password" not in text and "too short" not in text
    assert "10 个字符" in text


@pytest.mark.django_db
def test_a_user_changes_their_own_password_and_signs_in_with_it(users, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = users["unit_admin"]
    user.set_password("Old-Password-9876")
    user.save()
    client = Client()
    assert (
        client.post(
            "/accounts/login/", {"username": "unit_admin", "password": "Old-Password-9876"}
        ).status_code
        == 302
    )
    home = client.get("/", follow=True)
    assert 'href="/accounts/password/"' in home.content.decode()
    weak = client.post(
        "/accounts/password/",
        {"old_password": "Old-Password-9876", "new_password1": "gongkai2024", "new_password2": "gongkai2024"},
    )
    assert weak.status_code == 200 and "常见" in weak.content.decode()
    done = client.post(
        "/accounts/password/",
        {"old_password": "Old-Password-9876", "new_password1": STRONG, "new_password2": STRONG},
        follow=True,
    )
    assert done.status_code == 200 and "密码已修改" in done.content.decode()
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/followup/portal/"  # still signed in
    fresh = Client()
    assert (
        fresh.post(
            "/accounts/login/", {"username": "unit_admin", "password": "Old-Password-9876"}
        ).status_code
        == 200
    )
    assert fresh.post("/accounts/login/", {"username": "unit_admin", "password": STRONG}).status_code == 302


def test_createsuperuser_refuses_a_weak_password_without_a_prompt(tmp_path):
    env = {
        **os.environ,
        "GONGKAI_DATA_DIR": str(tmp_path),
        "DJANGO_SUPERUSER_PASSWORD": "gongkai2024",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "migrate", "-v", "0"], env=env, check=True, timeout=300
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gongkai.cli",
            "createsuperuser",
            "--noinput",
            "--username",
            "boss",
            "--email",
            "b@example.gov.cn",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "常见" in done.stderr, done.stderr
    env["DJANGO_SUPERUSER_PASSWORD"] = STRONG
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "gongkai.cli",
            "createsuperuser",
            "--noinput",
            "--username",
            "boss",
            "--email",
            "b@example.gov.cn",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
