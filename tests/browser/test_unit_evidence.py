"""Issue 16.6 in the browser: a unit administrator uploads 佐证材料 for an item from the portal, a
refused file is reported in Chinese on its row, and the supervisor sees the unit on time."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import CHECK_DATE, make_user, shot, sign_in, small_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OWN, OTHER = "统计局", "社保中心"


def test_unit_uploads_evidence_from_the_portal(page, live_server, region, tmp_path):
    from gongkai.assessment import services
    from gongkai.assessment.models import Period, UnitEvidence
    from gongkai.registry.models import Unit

    supervisor = make_user("jianguan", "supervisor", region=region)
    units = [Unit.objects.get(region=region, name=n) for n in (OWN, OTHER)]
    period = Period.objects.create(
        name="2026年度政务公开考评",
        scheme="jingzhou-2021-dept",
        check_date=CHECK_DATE,
        start=date(2026, 1, 1),
        end=date(2026, 11, 30),
        evidence_deadline=timezone.localdate() + timedelta(days=7),
        region=region,
        created_by=supervisor,
    )
    services.set_period_units(period, units, user=supervisor, reason="新建考评期")
    make_user("tongji", "unit_admin", unit=units[0])
    sign_in(page, live_server, "tongji")

    expect(page).to_have_url(re.compile(r"/followup/portal/$"))
    expect(page.locator("#evidence-periods")).to_contain_text("2026年度政务公开考评")
    page.locator("#evidence-periods").get_by_role("link", name="上传佐证材料").click()
    row = page.locator('[id="item-1.1"]')
    expect(row).to_contain_text("未上传")

    fake = tmp_path / "方案.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    row.locator('input[type="file"]').set_input_files(str(fake))
    row.get_by_role("button", name="上传").click()
    row = page.locator('[id="item-1.1"]')
    expect(row).to_contain_text("内容不是允许的类型")
    assert not UnitEvidence.objects.exists()

    row.locator('input[type="file"]').set_input_files(str(small_pdf(tmp_path, "工作方案.pdf", "plan")))
    row.get_by_role("button", name="上传").click()
    expect(page.locator(".msg")).to_contain_text("已上传 1 个佐证材料文件")
    row = page.locator('[id="item-1.1"]')
    expect(row.locator("td.status")).to_have_text("按时")
    expect(row.get_by_role("link", name="工作方案.pdf")).to_be_visible()
    shot(page, "30-unit-evidence")

    page.context.clear_cookies()
    sign_in(page, live_server, "jianguan")
    page.goto(f"{live_server.url}/assessment/{period.pk}/evidence/")
    section = page.locator('[id="item-1.1"]')
    expect(section.locator(f'tr[data-unit="{OWN}"] td.status')).to_have_text("按时")
    expect(section.locator(f'tr[data-unit="{OTHER}"] td.status')).to_have_text("未上传")
