"""API tokens: created once with the command, stored hashed, revoked or unknown tokens refused."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from gongkai.api.models import ApiToken
from gongkai.api.tokens import revoke_token
from gongkai.oversight.models import Event


def _create(username: str) -> tuple[str, str]:
    out = io.StringIO()
    call_command("token", "create", "--user", username, "--name", "数据对接", stdout=out)
    text = out.getvalue()
    key = next(line for line in text.splitlines() if line.startswith("gk_"))
    return key, text


@pytest.mark.django_db
def test_command_shows_the_key_once_and_stores_only_its_hash(users):
    key, text = _create("assessor")
    assert "只显示这一次" in text
    token = ApiToken.objects.get(user=users["assessor"])
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in token.key_hash and token.name == "数据对接"
    assert token.last_used is None
    response = Client().get("/api/periods", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used is not None
    event = Event.objects.get(kind=Event.Kind.TOKEN_CREATED)
    assert "assessor" in event.message and event.region == users["assessor"].profile.region

    listing = io.StringIO()
    call_command("token", "list", stdout=listing)
    assert "数据对接" in listing.getvalue() and key not in listing.getvalue()


@pytest.mark.django_db
def test_revoked_unknown_and_malformed_tokens_get_401(users):
    key, _ = _create("supervisor")
    client = Client()
    assert client.get("/api/units", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    revoke_token(ApiToken.objects.get(user=users["supervisor"]))
    assert client.get("/api/units", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert Event.objects.filter(kind=Event.Kind.TOKEN_REVOKED).count() == 1
    for header in (f"Bearer {key[:-1]}x", "Bearer gk_unknown", f"Token {key}", "Bearer "):
        assert client.get("/api/units", headers={"Authorization": header}).status_code == 401, header


@pytest.mark.django_db
def test_inactive_users_tokens_stop_working(users):
    key, _ = _create("leader")
    users["leader"].is_active = False
    users["leader"].save()
    assert Client().get("/api/units", headers={"Authorization": f"Bearer {key}"}).status_code == 401


@pytest.mark.django_db
def test_command_errors_are_chinese(users):
    with pytest.raises(CommandError, match="不存在"):
        call_command("token", "create", "--user", "nobody")
    with pytest.raises(CommandError, match="不存在"):
        call_command("token", "revoke", "999")


@pytest.mark.django_db
def test_token_page_creates_shows_once_and_revokes(users):
    client = Client()
    client.force_login(users["unit_admin"])
    page = client.post("/api-tokens/", {"name": "本单位数据对接"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    html = page.content.decode()
    key = html.split('<code id="new-key">')[1].split("</code>")[0]
    token = ApiToken.objects.get(user=users["unit_admin"])
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in client.get("/api-tokens/").content.decode()  # shown once
    api = Client()
    assert api.get("/api/units", headers={"Authorization": f"Bearer {key}"}).status_code == 200

    # another user cannot revoke it
    other = Client()
    other.force_login(users["other_admin"])
    assert other.post("/api-tokens/", {"revoke": token.pk}).status_code == 404
    assert client.post("/api-tokens/", {"revoke": token.pk}).status_code == 302
    assert api.get("/api/units", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert Client().get("/api-tokens/").status_code == 302
