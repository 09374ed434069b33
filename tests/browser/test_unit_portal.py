"""The unit portal in the browser: a unit administrator sees and answers their own problems and
is refused other units' pages and unpublished scores; the leader dashboard is for leaders."""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import expect

from tests.browser.conftest import CHECK_DATE, make_user, shot, sign_in, small_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OWN, OTHER = "统计局", "社保中心"  # two units whose demo sites carry planted problems


@pytest.fixture
def published(region):
    """A published pucha-2015 period over the two units (audited on loopback), whose findings
    became problems, and a draft period of the same units that is not published."""
    from gongkai.assessment import services
    from gongkai.assessment.models import Period
    from gongkai.circulars.services import publish
    from gongkai.registry.models import Site, Unit

    supervisor = make_user("jianguan", "supervisor", region=region)
    units = [Unit.objects.get(region=region, name=n) for n in (OWN, OTHER)]
    sites = Site.objects.filter(unit__in=units, active=True).values_list("pk", flat=True)
    # the engine runs its own asyncio loop, which cannot start on this thread: Playwright's runs here
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_audit, list(sites)).result(timeout=120)
    period = Period.objects.create(
        name="2026年11月网站检查",
        scheme="pucha-2015",
        check_date=CHECK_DATE,
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        region=region,
        created_by=supervisor,
    )
    services.set_period_units(period, units, user=supervisor, reason="新建考评期")
    publish(period, user=supervisor, pdf=False)
    draft = Period.objects.create(
        name="2026年12月网站检查",
        scheme="pucha-2015",
        check_date=date(2026, 12, 20),
        start=date(2026, 12, 1),
        end=date(2026, 12, 31),
        region=region,
        created_by=supervisor,
    )
    services.set_period_units(draft, units, user=supervisor, reason="新建考评期")
    return {"period": period, "draft": draft, "own": units[0], "other": units[1]}


def _audit(sites: list[int]) -> None:
    try:
        call_command("audit", site=sites, as_of=CHECK_DATE, rate=0, stdout=io.StringIO())
    finally:
        connections.close_all()


def _refused(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 403, (url, response and response.status)
    expect(page.get_by_role("heading", name="无权访问")).to_be_visible()


def test_unit_admin_answers_own_problem_and_is_refused_elsewhere(page, live_server, published, tmp_path):
    from gongkai.followup.models import Problem

    own, other = published["own"], published["other"]
    make_user("tongji", "unit_admin", unit=own)
    sign_in(page, live_server, "tongji")

    # lands on the portal with the unit's open problems and their deadlines
    expect(page).to_have_url(re.compile(r"/followup/portal/$"))
    expect(page.get_by_role("heading", name=OWN, exact=True)).to_be_visible()
    problems = page.locator("#open-problems tbody tr")
    count = Problem.objects.filter(unit=own).count()
    assert count > 0
    expect(problems).to_have_count(count)
    deadline = Problem.objects.filter(unit=own).first().deadline
    expect(problems.first.locator("td").nth(2)).to_contain_text(deadline.isoformat())
    expect(page.locator("#open-problems")).not_to_contain_text(OTHER)
    expect(page.locator("#scores")).to_contain_text("2026年11月网站检查")
    shot(page, "10-unit-portal")

    # one problem answered with a note and a PDF
    message = problems.first.locator("td").first.inner_text().splitlines()[0]
    problems.first.get_by_role("link", name="报送整改").click()
    expect(page.get_by_role("heading", name=f"{OWN}：整改问题")).to_be_visible()
    page.get_by_label("整改情况说明").fill("已更新首页内容并修正表述错误")
    page.get_by_label("佐证材料").set_input_files(str(small_pdf(tmp_path, "zhenggai.pdf", "fixed")))
    page.get_by_role("button", name="报送整改").click()
    expect(page.locator(".msg")).to_contain_text("已报送整改情况")
    expect(page.locator("strong", has_text="已整改待核验")).to_be_visible()
    expect(page.get_by_role("link", name="zhenggai.pdf")).to_be_visible()
    shot(page, "11-problem-fixed")
    page.goto(f"{live_server.url}/followup/portal/")
    expect(page.locator("#open-problems tbody tr")).to_have_count(count - 1)
    expect(page.locator("section.card", has_text="已报送、等待检查核验")).to_contain_text(message.strip())

    # another unit's pages and an unpublished period's scores are refused in Chinese
    other_problem = Problem.objects.filter(unit=other).first()
    assert other_problem is not None
    _refused(page, f"{live_server.url}/units/{other.pk}/")
    _refused(page, f"{live_server.url}/followup/problems/{other_problem.pk}/")
    _refused(page, f"{live_server.url}/assessment/{published['draft'].pk}/units/{own.pk}/")
    shot(page, "12-refused")
    _refused(page, f"{live_server.url}/dashboard/")


def test_leader_sees_the_dashboard(page, live_server, published, region):
    make_user("lingdao", "leader", region=region)
    sign_in(page, live_server, "lingdao")
    response = page.goto(f"{live_server.url}/dashboard/")
    assert response is not None and response.status == 200
    # the latest scored period is shown first (the December draft); the published one is chosen
    heading = page.get_by_role("heading", name=re.compile("领导看板"))
    expect(heading).to_contain_text("2026年12月网站检查")
    page.get_by_label("考评期").select_option(label="2026年11月网站检查")
    page.get_by_role("button", name="查看").click()
    expect(heading).to_contain_text("2026年11月网站检查")
    expect(page.locator("text=状态：已发布")).to_be_visible()
    expect(page.get_by_role("heading", name="各类别排名")).to_be_visible()
    expect(page.locator("body")).to_contain_text(OWN)
    shot(page, "20-dashboard")
