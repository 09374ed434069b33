"""Sign-in rate limiting: 5 failures per user name and address lock sign-in for the window, with a
Chinese message, even for the right password; the window's end and a success reset the count."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from gongkai.oversight.models import Event

PASSWORD = "正确的密码-Correct-123"


@pytest.fixture
def account(users, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
    user = users["assessor"]
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client: Client, password: str, username: str = "assessor", address: str = "10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_five_failures_lock_the_name_from_that_address(account):
    client = Client()
    for _ in range(5):
        assert _login(client, "wrong").status_code == 200
    locked = _login(client, PASSWORD)
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    event = Event.objects.get(kind=Event.Kind.SIGNIN_BLOCKED)
    assert "assessor" in event.message and event.region == account.profile.region
    # another address, or another name from the same address, is not locked
    assert _login(Client(), PASSWORD, address="10.0.0.2").status_code == 302
    assert _login(Client(), "wrong", username="leader").status_code == 200


@pytest.mark.django_db
def test_a_success_resets_the_count(account):
    client = Client()
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    client = Client()
    for _ in range(4):
        assert _login(client, "wrong").status_code == 200
    assert _login(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_lock_ends_with_the_window(account, settings):
    settings.SIGNIN_WINDOW_SECONDS = 1
    client = Client()
    for _ in range(5):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 429
    time.sleep(1.1)
    assert _login(client, PASSWORD).status_code == 302
