"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

The sites audited are a small generated demo county served on loopback; nothing leaves the
machine. Background audits run in threads of this process (gongkai.jobs without Redis), which
open their own database connections, so a SQLite test database is put in a file (as
tests/jobs/conftest.py does) instead of pytest-django's in-memory default.
"""

from __future__ import annotations

import ast
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import gongkai.registry
from gongkai.audit.render import CHROMIUM_ARGS  # the flags the evidence renderer runs chromium with
from gongkai.demo import plan
from gongkai.demo.server import RunningCounty, serve_county
from gongkai.demo.sites import generate_county

CHROMIUM = "/usr/bin/chromium"
CHECK_DATE = date(2026, 11, 20)
PASSWORD = "Gongkai-测试-2026"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_configure(config) -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and not (database.get("TEST") or {}).get("NAME"):
        folder = Path(tempfile.mkdtemp(prefix="gongkai-testdb-"))
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


def _sample_names(variable: str) -> list[str]:
    """Unit names of the registry's sample county, read from its source (see tests/demo)."""
    source = (Path(gongkai.registry.__file__).parent / "sample.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == variable for t in node.targets):
            call = node.value
            assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            return ast.literal_eval(call.func.value).split()
    raise AssertionError(f"{variable} not found in sample.py")


def demo_units() -> list[tuple[str, str]]:
    """The nine 偃师 units that carry the seed's good and bad sites (the generator's minimum)."""
    wanted = set(plan.SEED_GOOD) | set(plan.SEED_BAD)
    units = [(n, "市直部门") for n in _sample_names("YANSHI_DEPARTMENTS")]
    units += [(n, "镇街") for n in _sample_names("YANSHI_TOWNS")]
    return [u for u in units if u[0] in wanted]


@pytest.fixture(scope="session")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCounty]:
    root = tmp_path_factory.mktemp("browser-county")
    manifest = generate_county(root, as_of=CHECK_DATE, units=demo_units())
    with serve_county(root, manifest) as served:
        yield served


@pytest.fixture
def browser():
    """One browser per test: Playwright's sync API keeps an asyncio loop running in this thread
    until it stops, which would break every later test that runs its own loop (the audits), so
    it must not outlive the test. While it runs, Django refuses
    ORM calls from the test body and the database setup unless told the calls are synchronous
    (they are: Playwright only waits on its loop between calls)."""
    from playwright.sync_api import Error, sync_playwright

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as exc:
            pytest.fail(f"无法启动 Debian 的 chromium（{CHROMIUM}）：{exc}", pytrace=False)
        yield chromium
        # While Playwright's loop runs, Django keeps the test body's database connections per
        # context, not per thread (asgiref's Local): close them here, in that same context, or
        # PostgreSQL refuses to drop the test database at the end ("accessed by other users").
        from django.db import connections

        connections.close_all()
        chromium.close()
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    blocked = []  # the Content-Security-Policy must block nothing the product itself does
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert blocked == []


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.REDIS_URL = ""  # background audits in this process's thread pool


@pytest.fixture
def region(live_server, county):
    """The sample counties registered; the nine demo units' first site points at its generated
    site on loopback and every other site of theirs is switched off."""
    from gongkai.registry.models import Site, Unit
    from gongkai.registry.sample import load_sample_county

    yanshi = load_sample_county()["偃师市"]
    for name, url in county.urls.items():
        unit = Unit.objects.get(region=yanshi, name=name)
        sites = list(unit.sites.order_by("id"))
        Site.objects.filter(unit=unit).update(active=False)
        if sites:
            Site.objects.filter(pk=sites[0].pk).update(url=url, active=True)
        else:
            Site.objects.create(unit=unit, name=f"{name}网站", url=url)
    return yanshi


def make_user(name: str, role: str, *, region=None, unit=None):
    from django.contrib.auth.models import User

    from gongkai.accounts.models import Profile

    user = User.objects.create_user(name, password=PASSWORD, is_staff=role == "supervisor")
    Profile.objects.create(user=user, role=role, region=region, unit=unit)
    return user


def sign_in(page, live_server, username: str) -> None:
    """Through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} 登录失败：{page.content()[:500]}"


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # images (charts drawn by matplotlib) finish loading first: a request still being served when
    # the test ends would reach the database after pytest-django has closed it
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True)
    return path


def small_pdf(folder: Path, name: str, text: str) -> Path:
    """A real one-page PDF drawn by matplotlib (the upload check reads its header)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(3, 2))
    figure.text(0.1, 0.5, text)
    path = folder / name
    figure.savefig(path, format="pdf")
    return path
