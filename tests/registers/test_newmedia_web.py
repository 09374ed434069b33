"""The new-media pages with Django's test client: the accounts list coloured by the check, an
account's posts, the supervisors' upload and crawl, and who sees what (unit admins their unit,
supervisors their regions, only supervisors import or crawl)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from openpyxl import Workbook

from gongkai.registers import deadlines
from gongkai.registers.models import Post
from gongkai.registry.models import NewMediaAccount
from tests.loopback import serve_pages
from tests.registers.helpers import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(units):
    today = deadlines.today()
    fresh = NewMediaAccount.objects.create(
        unit=units["own"],
        platform="微信公众号",
        name="偃师教育",
        status="已备案",
        certification_body="偃师市教育体育局",
    )
    for back in range(0, 30, 3):
        Post.objects.create(account=fresh, date=today - timedelta(days=back), title=f"通知{back}")
    stale = NewMediaAccount.objects.create(
        unit=units["own"], platform="微博", name="偃师教育微博", status="已备案"
    )
    Post.objects.create(account=stale, date=today - timedelta(days=25), title="很久以前")
    unfiled = NewMediaAccount.objects.create(
        unit=units["other"], platform="抖音", name="偃师公安", status="未备案"
    )
    for back in range(0, 30, 2):
        Post.objects.create(account=unfiled, date=today - timedelta(days=back), title=f"提示{back}")
    return {"fresh": fresh, "stale": stale, "unfiled": unfiled}


def test_the_supervisor_sees_every_account_coloured(users, accounts):
    page = logged_in(users["supervisor"]).get("/newmedia/").content.decode()
    assert "偃师教育微博" in page and "偃师公安" in page
    assert page.count('class="overdue"') == 1 and page.count('class="due-soon"') == 1
    assert "两周未更新 <strong>1</strong> 个，未备案 <strong>1</strong> 个" in page
    assert "抽查合格率 <strong>66.7%</strong>" in page
    assert 'href="/newmedia/import/"' in page


def test_a_unit_admin_sees_only_their_units_accounts_and_cannot_import(users, accounts):
    client = logged_in(users["unit_admin"])
    page = client.get("/newmedia/").content.decode()
    assert "偃师教育微博" in page and "偃师公安" not in page
    assert "/newmedia/import/" not in page
    assert client.get(f"/newmedia/{accounts['fresh'].pk}/posts/").status_code == 200
    assert client.get(f"/newmedia/{accounts['unfiled'].pk}/posts/").status_code == 404
    assert client.get("/newmedia/import/").status_code == 403
    assert client.post("/newmedia/crawl/").status_code == 403


def test_another_regions_supervisor_sees_none_of_them(users, accounts):
    client = logged_in(users["shangnan_supervisor"])
    assert "偃师教育" not in client.get("/newmedia/").content.decode()
    assert client.get(f"/newmedia/{accounts['fresh'].pk}/posts/").status_code == 404


def test_the_posts_page_and_a_chosen_window(users, accounts):
    client = logged_in(users["supervisor"])
    posts = client.get(f"/newmedia/{accounts['fresh'].pk}/posts/").content.decode()
    assert "通知0" in posts and "导入" in posts
    today = deadlines.today()
    start = (today - timedelta(days=5)).isoformat()
    page = client.get(f"/newmedia/?from={start}&to={today.isoformat()}&unit={accounts['fresh'].unit_id}")
    assert "偃师公安" not in page.content.decode()
    assert client.get("/newmedia/?from=2025-13-01").status_code == 400


def _upload(rows: list[list]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "发布"
    sheet.append(["账号", "发布日期", "标题"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "posts.xlsx"
    return buffer


def test_the_supervisor_uploads_posts_all_or_nothing(users, accounts):
    client = logged_in(users["supervisor"])
    before = Post.objects.count()
    bad = client.post(
        "/newmedia/import/", {"file": _upload([["偃师公安", "2025-03-01", "a"], ["无此号", "x", ""]])}
    )
    text = bad.content.decode()
    assert "未导入任何数据" in text and "无此号" in text and Post.objects.count() == before
    done = client.post(
        "/newmedia/import/", {"file": _upload([["偃师公安", date(2025, 3, 1), "新"]])}, follow=True
    )
    assert "新增发布 1 条" in done.content.decode() and Post.objects.count() == before + 1


def test_the_supervisor_crawls_the_public_pages(users, accounts):
    today = deadlines.today()
    html = (
        "<html><body><ul class='list'>"
        + "".join(
            f"<li><a href='/a/{n}.html'>偃师市政务新媒体发布的第{n}条信息标题</a><span>{(today - timedelta(days=n)).isoformat()}</span></li>"
            for n in (1, 4)
        )
        + "</ul></body></html>"
    )
    with serve_pages({"/wb/": (200, html)}) as base:
        NewMediaAccount.objects.filter(pk=accounts["stale"].pk).update(url=f"{base}/wb/")
        done = logged_in(users["supervisor"]).post("/newmedia/crawl/", follow=True)
    assert "新增发布 2 条" in done.content.decode()
    assert accounts["stale"].posts.filter(source="抓取").count() == 2


def test_the_api_check_follows_the_callers_scope(users, units, accounts):
    from gongkai.api.tokens import create_token

    today = deadlines.today()
    query = f"from={(today - timedelta(days=29)).isoformat()}&to={today.isoformat()}"
    admin = Client(headers={"Authorization": f"Bearer {create_token(users['unit_admin'], '测试')[1]}"})
    rows = admin.get(f"/api/newmedia/check?{query}")
    assert rows.status_code == 200, rows.content
    by_name = {row["account"]: row for row in rows.json()}
    assert set(by_name) == {"偃师教育", "偃师教育微博"}
    assert by_name["偃师教育微博"]["gap_over_14_days"] is True and by_name["偃师教育"]["weekly"] is True
    assert by_name["偃师教育"]["last_post"] == today.isoformat()
    assert admin.get(f"/api/newmedia/check?{query}&unit={units['other'].pk}").status_code == 403
    supervisor = Client(headers={"Authorization": f"Bearer {create_token(users['supervisor'], '测试')[1]}"})
    assert len(supervisor.get(f"/api/newmedia/check?{query}").json()) == 3
    assert supervisor.get(f"/api/newmedia/check?from={today}&to=2000-01-01").status_code == 400
    assert Client().get(f"/api/newmedia/check?{query}").status_code == 401
