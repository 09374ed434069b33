"""The audits' screenshots in the published notices (issue 18): seed 002's period, whose
过风楼镇 run kept evidence for its findings and 县融媒体中心's did not; the option 附件包含证据截图
of the circular settings (the period's, else the region's) decides."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from django.test import Client

from gongkai.circulars.build import circular_for
from gongkai.circulars.models import CircularSettings
from gongkai.circulars.services import publish
from gongkai.monitoring.evidence_files import run_folder
from gongkai.monitoring.models import AuditRun
from tests.evidence_files import keep_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(seed002):
    run = AuditRun.objects.get(site__unit__name="过风楼镇")
    return keep_evidence(run, list(run.findings.all()))


def _notice(record, unit: str):
    entry = next(f for f in record.files if f["kind"] == "notice" and f["unit"] == unit)
    return docx.Document(Path(record.directory) / entry["name"])


def test_published_notices_carry_the_screenshots(seed002, kept, shangnan_people):
    record = publish(seed002, user=shangnan_people["shangnan_supervisor"], pdf=False)
    notice = _notice(record, "过风楼镇")
    pictures = list(notice.inline_shapes)
    assert len(pictures) == 2  # its two findings, each with the page's screenshot
    assert all(round(p.width.mm) == 140 for p in pictures)
    captions = [p.text for p in notice.paragraphs if "证据截图" in p.text]
    assert captions == [
        f"问题{n}证据截图（抓取时间 2026-11-20 10:30:05，SHA-256 {kept['sha256']}）" for n in (1, 2)
    ]
    other = _notice(record, "县融媒体中心")
    assert len(other.inline_shapes) == 0 and not any("证据截图" in p.text for p in other.paragraphs)


def test_the_option_off_leaves_the_screenshots_out(seed002, kept, shangnan_people):
    CircularSettings.objects.filter(period=seed002).update(evidence_screenshots=False)
    record = publish(seed002, user=shangnan_people["shangnan_supervisor"], pdf=False)
    notice = _notice(record, "过风楼镇")
    assert len(notice.inline_shapes) == 0
    assert not any("证据截图" in p.text for p in notice.paragraphs)


def test_the_regions_choice_applies_when_the_period_has_no_settings(seed002, kept):
    problems = [p for p in circular_for(seed002).unit_problems if p.unit == "过风楼镇"]
    assert problems and all(Path(p.screenshot).is_file() for p in problems)
    CircularSettings.objects.filter(period=seed002).delete()
    CircularSettings.objects.create(region=seed002.region, evidence_screenshots=False)
    problems = [p for p in circular_for(seed002).unit_problems if p.unit == "过风楼镇"]
    assert problems and all(p.screenshot == "" and p.sha256 == "" for p in problems)


def test_a_deleted_screenshot_is_left_out_of_the_notice(seed002, kept):
    run = AuditRun.objects.get(site__unit__name="过风楼镇")
    for png in run_folder(run).glob("pages/*.png"):
        png.unlink()
    problems = [p for p in circular_for(seed002).unit_problems if p.unit == "过风楼镇"]
    assert problems and all(p.screenshot == "" and p.sha256 == kept["sha256"] for p in problems)


def test_the_settings_page_offers_the_option(seed002, shangnan_people):
    client = Client()
    client.force_login(shangnan_people["shangnan_supervisor"])
    url = f"/circulars/{seed002.pk}/settings/"
    page = client.get(url).content.decode()
    assert "附件包含证据截图" in page and 'name="evidence_screenshots"' in page
    assert "checked" in _checkbox(page)  # on by default
    settings = CircularSettings.objects.get(period=seed002)
    fields = {
        "issuing_office": settings.issuing_office,
        "title": settings.title,
        "table_title": settings.table_title,
    }
    assert client.post(url, fields).status_code == 302  # the box left unticked
    assert CircularSettings.objects.get(period=seed002).evidence_screenshots is False
    assert client.post(url, {**fields, "evidence_screenshots": "on"}).status_code == 302
    assert CircularSettings.objects.get(period=seed002).evidence_screenshots is True
    # a period without settings of its own starts from its region's choice
    CircularSettings.objects.filter(period=seed002).delete()
    CircularSettings.objects.create(region=seed002.region, evidence_screenshots=False)
    assert "checked" not in _checkbox(client.get(url).content.decode())


def _checkbox(page: str) -> str:
    return page.split('name="evidence_screenshots"')[1].split(">")[0]
