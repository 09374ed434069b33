"""Fixtures of the background-work tests: a small government site on a real loopback HTTP server,
a period over two units whose sites point at it, and a real Celery worker process.

The Celery test runs a real worker in another process, which must see the test database. An
in-memory SQLite test database (pytest-django's default) lives only inside this process, so for
SQLite the test database is put in a file in a fresh temporary folder (pytest-django deletes it
at the end). With DATABASE_URL set to PostgreSQL the test database already is a real database
the worker connects to by name. The file is chosen here, before the test database is created;
when these tests run together with others, the whole session uses the file (a little slower to
migrate, otherwise the same).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from datetime import date
from pathlib import Path

import pytest
import redis
from django.db import connection

from tests.loopback import serve_pages

CHECK_DATE = date(2026, 11, 20)

_FOOT = "<div>主办单位：偃师市人民政府办公室</div>"
PAGES = {
    "/a/": '<a href="/a/news/">工作动态</a> <a href="/a/gone.html">已删除的文件</a> <a href="/a/p1.html">一</a>'
    + _FOOT,
    "/a/news/": '<ul><li><a href="/a/p1.html">通知</a><span>2026-11-18</span></li></ul>' + _FOOT,
    "/a/p1.html": "<p>关于开展检查的通知</p>" + _FOOT,
    "/b/": '<a href="/b/p1.html">一</a> <a href="/b/p2.html">二</a>' + _FOOT,
    "/b/p1.html": "<p>第一篇</p>" + _FOOT,
    "/b/p2.html": "<p>第二篇</p>" + _FOOT,
}
# a site of 13 pages: at the engine's polite 4 requests a second it takes ~3 s, long enough to
# watch the page count grow
PAGES["/c/"] = " ".join(f'<a href="/c/p{i}.html">{i}</a>' for i in range(12)) + _FOOT
PAGES.update({f"/c/p{i}.html": f"<p>第{i}篇</p>" + _FOOT for i in range(12)})


def pytest_configure(config) -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and not (database.get("TEST") or {}).get("NAME"):
        folder = Path(tempfile.mkdtemp(prefix="gongkai-testdb-"))
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(scope="module")
def site_server():
    wrapped = {
        path: (200, f"<html><head><title>偃师市测试网站</title></head><body>{body}</body></html>")
        for path, body in PAGES.items()
    }
    with serve_pages(wrapped) as url:
        yield url


@pytest.fixture
def audit_period(users, sample_county, site_server):
    """A draft period of 教育体育局 (site /a/) and 公安局 (site /b/) whose sites are on loopback;
    every other site of the two units is deactivated so nothing leaves the machine."""
    from gongkai.assessment import services
    from gongkai.assessment.models import Period
    from gongkai.registry.models import Site, Unit

    yanshi = sample_county["偃师市"]
    units = [Unit.objects.get(region=yanshi, name=n) for n in ("教育体育局", "公安局")]
    Site.objects.filter(unit__in=units).update(active=False)
    for unit, path in zip(units, ("/a/", "/b/"), strict=True):
        Site.objects.create(unit=unit, name=f"{unit.name}测试网站", url=site_server + path)
    period = Period.objects.create(
        name="2026年11月考评",
        scheme="guoban-2019",
        check_date=CHECK_DATE,
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        region=yanshi,
        created_by=users["supervisor"],
    )
    services.set_period_units(period, units, user=users["supervisor"], reason="新建考评期")
    return period


# a database of its own, emptied of this test's keys after; scripts/test.sh gives the PostgreSQL pass
# another one, as the two passes run at the same time
REDIS_URL = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _database_url() -> str:
    """The URL of the test database this process uses, for the worker."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = Path(db["NAME"])
        assert name.is_file(), "Celery 测试需要文件形式的 SQLite 测试数据库（见 tests/jobs/conftest.py）"
        return f"sqlite:///{name}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    """A Celery worker process on a queue of its own; stopped and its Redis keys removed after."""
    queue = f"gongkai-test-{uuid.uuid4().hex[:12]}"
    settings.REDIS_URL = REDIS_URL
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "GONGKAI_DATA_DIR": str(tmp_path / "worker-data"),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "GONGKAI_CELERY_QUEUE": queue,
    }
    log = tmp_path / "worker.log"
    celery = Path(sys.executable).with_name("celery")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(celery),
                "-A",
                "gongkai.celery",
                "worker",
                "--pool",
                "solo",
                "-c",
                "1",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    yield process, log
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)
