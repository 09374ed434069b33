"""The supervisor's month in the browser: units, a new period, background audits with live
progress, ranking, review of findings, manual scoring with evidence, publication, the circular
files and the comparison with the previous period."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import docx
import pytest
from playwright.sync_api import expect

from gongkai.monitoring import tasks
from tests.browser.conftest import CHECK_DATE, make_user, shot, sign_in, small_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AUDIT_TIMEOUT_MS = 120_000


@pytest.fixture
def fast_loopback_audits(monkeypatch):
    """The engine's politeness limits (4 requests a second, retries, a 2 s pause before
    rechecking broken links) protect real servers; the loopback demo sites need none of them."""
    real = tasks.config_for

    def config_for(site, *, as_of, **limits):
        return real(
            site,
            as_of=as_of,
            rate=0,
            retries=0,
            recheck_delay=0.05,
            veto_recheck_delay=0.05,
            concurrency=8,
            **limits,
        )

    monkeypatch.setattr(tasks, "config_for", config_for)


@pytest.fixture
def previous_period(region, county):
    """A published pucha-2015 period of October over the nine units, as the month before."""
    from gongkai.assessment.models import Period, PeriodUnit, Score
    from gongkai.registry.models import Unit

    period = Period.objects.create(
        name="2026年10月网站检查",
        scheme="pucha-2015",
        check_date=date(2026, 10, 20),
        start=date(2026, 10, 1),
        end=date(2026, 10, 31),
        region=region,
        status=Period.Status.PUBLISHED,
    )
    units = (
        Unit.objects.filter(region=region, name__in=county.urls).select_related("category").order_by("name")
    )
    for rank, unit in enumerate(units, start=1):
        PeriodUnit.objects.create(period=period, unit=unit, category=unit.category.name)
        Score.objects.create(
            period=period,
            unit=unit,
            category=unit.category.name,
            total=Decimal(95 - rank * 3),
            rank=rank,
            passed=True,
        )
    return period


def test_supervisor_month(page, live_server, region, county, previous_period, fast_loopback_audits, tmp_path):
    from gongkai.registry.models import Unit

    make_user("jianguan", "supervisor", region=region)
    sign_in(page, live_server, "jianguan")

    # unit list: typing in the search box filters the table through htmx (no page load)
    expect(page.get_by_role("heading", name="单位列表")).to_be_visible()
    total = page.locator("#unit-table tbody tr").count()
    page.get_by_placeholder("搜索单位名称、网站名称或网址").fill("统计局")
    expect(page.locator("#unit-table tbody tr")).to_have_count(1)
    expect(page.locator("#unit-table")).to_contain_text("统计局")
    assert total > 1 and "q=" in page.url
    shot(page, "01-unit-list-search")

    # a new period over the nine units with a live demo site
    page.goto(f"{live_server.url}/assessment/new/")
    page.get_by_label("名称").fill("2026年11月网站检查")
    page.get_by_label("指标方案").select_option("pucha-2015")
    page.get_by_label("考评地区").select_option(str(region.pk))
    page.get_by_label("检查基准日").fill(CHECK_DATE.isoformat())
    page.get_by_label("考评起始日").fill("2026-11-01")
    page.get_by_label("考评截止日").fill("2026-11-30")
    chosen = [str(Unit.objects.get(region=region, name=n).pk) for n in county.urls]
    page.get_by_label("考评对象").select_option(chosen)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".msg")).to_contain_text("共 9 个考评对象")
    period_url = page.url
    period_id = int(re.search(r"/assessment/(\d+)/$", period_url).group(1))

    # background audits from the period page, live progress until all are finished
    page.get_by_role("link", name=re.compile("检查进度")).click()
    page.get_by_role("button", name="开始检查全部网站").click()
    expect(page.locator("#audit-rows")).to_contain_text("全部结束", timeout=AUDIT_TIMEOUT_MS)
    rows = page.locator("#audit-rows tbody tr")
    expect(rows).to_have_count(9)
    statuses = [rows.nth(i).get_attribute("data-status") for i in range(9)]
    assert statuses.count("已完成") == 8 and statuses.count("失败") == 1, statuses  # 金融工作局 answers 503
    shot(page, "02-audit-progress")

    # the ranking on the period page (recomputed by the last job)
    page.get_by_role("link", name="返回考评期").click()
    expect(page.locator("text=状态：评审中")).to_be_visible()
    ranking = page.locator("section.card table.grid").first
    expect(ranking).to_contain_text("统计局")
    shot(page, "03-ranking")

    # review: one finding dismissed as a false positive with a reason, another confirmed
    page.goto(f"{live_server.url}/followup/periods/{period_id}/review/")
    expect(page.locator("#kind-counts tbody tr").first).to_be_visible()
    pending = page.locator("tbody tr[id^=finding-]")
    first_id = pending.nth(0).get_attribute("id")
    second_id = pending.nth(1).get_attribute("id")
    page.once("dialog", lambda d: d.accept("该链接为外部系统维护，单位已说明，属误报"))
    page.locator(f"#{first_id}").get_by_role("button", name="误报").click()
    expect(page.locator(f"#{first_id}")).to_contain_text("属误报")
    expect(page.locator(f"#{first_id}")).to_have_class(re.compile("state-误报"))
    page.locator(f"#{second_id}").get_by_role("button", name="确认").click()
    expect(page.locator(f"#{second_id}")).to_contain_text("已确认")
    page.reload()  # the decisions were stored, not only swapped into the page
    expect(page.locator(f"#{first_id}")).to_contain_text("误报")
    expect(page.locator(f"#{second_id}")).to_contain_text("已确认")
    shot(page, "04-review")

    # pucha-2015 has no manual indicator (all its rows are deductions from inputs), so manual
    # scoring with evidence is done on a guoban-2019 period, whose two parts are manual
    page.goto(f"{live_server.url}/assessment/new/")
    page.get_by_label("名称").fill("2026年11月国办指标人工评分")
    page.get_by_label("指标方案").select_option("guoban-2019")
    page.get_by_label("考评地区").select_option(str(region.pk))
    page.get_by_label("检查基准日").fill(CHECK_DATE.isoformat())
    page.get_by_label("考评起始日").fill("2026-11-01")
    page.get_by_label("考评截止日").fill("2026-11-30")
    unit = Unit.objects.get(region=region, name="教育体育局")
    page.get_by_label("考评对象").select_option([str(unit.pk)])
    page.get_by_role("button", name="保存").click()
    manual_period = int(re.search(r"/assessment/(\d+)/$", page.url).group(1))
    page.goto(f"{live_server.url}/assessment/{manual_period}/units/{unit.pk}/")
    page.get_by_role("link", name="评分").first.click()
    page.get_by_label("得分").fill("92")
    page.get_by_label("评分理由").fill("对照国办指标逐项检查，首页链接错误扣8分")
    evidence = small_pdf(tmp_path, "jiancha-jilu.pdf", "inspection record")
    page.get_by_label("佐证材料").set_input_files(str(evidence))
    page.get_by_role("button", name="保存并重新计算").click()
    entries = page.locator("section.card", has_text="人工评分及佐证材料")
    expect(entries).to_contain_text("jiancha-jilu.pdf")
    expect(entries).to_contain_text("首页链接错误扣8分")
    shot(page, "05-manual-entry")

    # publish the monthly period: confirm checkbox and the browser's confirm dialog
    page.goto(period_url)
    page.get_by_label("我已核对得分，确认发布").check()
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    # publishing builds the Word, Excel and PDF files inside the request: the click waits for the
    # answer as long as the message below may take (a CI run under load passed 15 s here)
    page.get_by_role("button", name="发布通报").click(timeout=60_000)
    expect(page.locator(".msg")).to_contain_text("已发布《", timeout=60_000)
    expect(page.locator("text=状态：已发布")).to_be_visible()
    assert asked and "确定发布" in asked[0]
    circular = page.locator("#circular")
    title = re.search(r"发布《(.+?)》", circular.inner_text()).group(1)

    # the circular files; the Word file downloads and opens with its title
    word = circular.get_by_role("link", name="通报（Word）")
    expect(word).to_be_visible()
    expect(circular.get_by_role("link", name="附件表格（Excel）")).to_be_visible()
    with page.expect_download() as download_info:
        word.click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    assert saved.suffix == ".docx"
    text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    assert title in text.replace("\n", "")

    # comparison with the previous (October) period
    comparison = circular.locator("h3", has_text="与上期比较")
    expect(comparison).to_contain_text("2026年10月网站检查")
    expect(circular.locator("table.grid").last).to_contain_text("统计局")
    shot(page, "06-published")
