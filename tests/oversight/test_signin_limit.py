"""One sign-in lockout for every way in (web login, admin login, API token creation): failures
are counted per account (from any address) and per client address (for any name) in one shared
counter, so a lockout earned on one door holds on all of them, with a Chinese 429 and an audit-log
event; the window's end and a success reset the account's count."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from gongkai.api.models import ApiToken
from gongkai.oversight.models import Event

PASSWORD = "正确的密码-Correct-123"


@pytest.fixture
def account(users, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
    for user in users.values():
        user.set_password(PASSWORD)
        user.save()
    return users["assessor"]


def _login(client: Client, password: str, username: str = "assessor", address: str = "10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _admin_login(client: Client, password: str, username: str, address: str = "10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_five_failures_lock_the_account_from_every_address(account):
    client = Client()
    for _ in range(5):
        assert _login(client, "wrong").status_code == 200
    locked = _login(client, PASSWORD)
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    event = Event.objects.get(kind=Event.Kind.SIGNIN_BLOCKED)
    assert "assessor" in event.message and event.region == account.profile.region
    # the account is locked from another address too; another name from the same address is not
    assert _login(Client(), PASSWORD, address="10.0.0.2").status_code == 429
    assert _login(Client(), PASSWORD, username="leader").status_code == 302


@pytest.mark.django_db
def test_a_lockout_on_the_web_login_holds_on_the_admin_login(account, users):
    for _ in range(5):
        _login(Client(), "wrong", username="supervisor")
    client = Client()
    locked = _admin_login(client, PASSWORD, "supervisor", address="10.9.9.9")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # and the other way round: failures on the admin login lock the web login
    for _ in range(5):
        assert _admin_login(Client(), "wrong", "leader").status_code == 200
    assert _login(Client(), PASSWORD, username="leader", address="10.8.8.8").status_code == 429
    assert Event.objects.filter(kind=Event.Kind.SIGNIN_BLOCKED).count() == 2


@pytest.mark.django_db
def test_many_accounts_from_one_address_lock_the_address(account, users, settings):
    settings.SIGNIN_MAX_ADDRESS_FAILURES = 8
    names = ["assessor", "leader", "unit_admin", "other_admin", "shangnan_supervisor"]
    for i in range(8):  # never more than two failures per account
        assert _login(Client(), "wrong", username=names[i % 5], address="10.6.6.6").status_code == 200
    blocked = _login(Client(), PASSWORD, username="supervisor", address="10.6.6.6")
    assert blocked.status_code == 429
    assert _admin_login(Client(), PASSWORD, "supervisor", address="10.6.6.6").status_code == 429
    # the accounts themselves are not locked: their owners sign in from elsewhere
    assert _login(Client(), PASSWORD, username="supervisor", address="10.7.7.7").status_code == 302
    event = Event.objects.get(kind=Event.Kind.SIGNIN_BLOCKED)
    assert "10.6.6.6" in event.message


@pytest.mark.django_db
def test_a_locked_account_cannot_create_api_tokens(account):
    client = Client()
    client.force_login(account)
    for _ in range(5):
        _login(Client(), "wrong", address="10.5.5.5")
    refused = client.post("/api-tokens/", {"name": "脚本"}, REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 429
    assert "登录失败次数过多" in refused.content.decode()
    assert not ApiToken.objects.filter(user=account).exists()
    json_refused = client.post(
        "/api-tokens/", {"name": "脚本"}, REMOTE_ADDR="10.1.1.1", HTTP_ACCEPT="application/json"
    )
    assert json_refused.status_code == 429
    assert "登录失败次数过多" in json_refused.json()["detail"]
    # revoking a token is a defence and stays possible
    token = ApiToken.issue(account, "旧令牌")[0]
    assert client.post("/api-tokens/", {"revoke": token.pk}, REMOTE_ADDR="10.1.1.1").status_code == 302
    token.refresh_from_db()
    assert token.revoked is not None


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
    # long enough that five password checks fit in it on a loaded machine (1 s did not, once)
    settings.SIGNIN_WINDOW_SECONDS = 6
    started = time.monotonic()
    client = Client()
    for _ in range(5):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 429
    time.sleep(max(0.0, started + 6.2 - time.monotonic()))
    assert _login(client, PASSWORD).status_code == 302
