"""Follow-up: issuing problems, the unit's answer with checked evidence, verification by the next
audit run, overdue items and reminder e-mails."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from gongkai.assessment import review
from gongkai.followup import services
from gongkai.followup.models import FixEvidence, Problem, ProblemEvent
from gongkai.monitoring.store import record_run
from gongkai.review.models import Decision
from gongkai.workdays import add_workdays
from tests.assessment.conftest import figure_bytes
from tests.followup.conftest import CHECK_DATE, contract, edu_findings

S = Problem.Status


def _pdf(name: str = "整改截图.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, figure_bytes("pdf"), content_type="application/pdf")


@pytest.fixture
def issued(setup, users):
    """The typo dismissed, then problems issued for the rest."""
    typo = setup["edu_run"].findings.get(kind="typo")
    review.review_finding(
        setup["period"], typo, Decision.DISMISS, reason="引文原文", user=users["supervisor"]
    )
    created = services.issue_problems(setup["period"], user=users["supervisor"])
    return setup | {"created": created}


@pytest.mark.django_db
def test_issue_problems_one_per_confirmed_finding_with_default_deadline(issued, users):
    created, period = issued["created"], issued["period"]
    # 3 edu findings minus the dismissed typo, plus the police finding
    assert sorted((p.unit.name, p.kind) for p in created) == [
        ("公安局", "missing_meta"),
        ("教育体育局", "broken_link"),
        ("教育体育局", "empty_column"),
    ]
    deadline = add_workdays(CHECK_DATE, 15)
    assert all(p.deadline == deadline and p.status == S.OPEN for p in created)
    link = Problem.objects.get(kind="broken_link")
    assert link.ident == f"{issued['edu_site'].url}files/old.pdf" and link.message.startswith("链接“旧文件”")
    assert link.events.get().new_status == S.OPEN
    # issuing again (e.g. at publication) adds nothing already issued
    assert services.issue_problems(period, date(2026, 12, 31), users["supervisor"]) == []
    assert Problem.objects.count() == 3


@pytest.mark.django_db
def test_unit_admin_marks_fixed_with_pdf_and_is_refused_a_fake_file(issued, users, media):
    problem = Problem.objects.get(kind="broken_link")
    fake = SimpleUploadedFile("截图.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    with pytest.raises(services.FollowupError, match="截图.pdf"):
        services.mark_fixed(problem, note="已删除失效链接", files=[fake], user=users["unit_admin"])
    with pytest.raises(services.FollowupError, match="至少一份"):
        services.mark_fixed(problem, note="已删除失效链接", files=[], user=users["unit_admin"])
    problem.refresh_from_db()
    assert problem.status == S.OPEN and not FixEvidence.objects.exists()

    services.mark_fixed(problem, note="已删除失效链接", files=[_pdf()], user=users["unit_admin"])
    problem.refresh_from_db()
    assert problem.status == S.FIXED and problem.fix_note == "已删除失效链接"
    evidence = problem.evidence.get()
    assert evidence.content_type == "application/pdf" and evidence.original_name == "整改截图.pdf"
    assert (media / evidence.file.name).read_bytes().startswith(b"%PDF-")
    event = problem.events.last()
    assert (event.old_status, event.new_status, event.user) == (S.OPEN, S.FIXED, users["unit_admin"])
    with pytest.raises(services.FollowupError, match="不能再次报送"):
        services.mark_fixed(problem, note="再次", files=[_pdf()], user=users["unit_admin"])


@pytest.mark.django_db
def test_next_run_verifies_gone_and_reopens_still_there(issued, users, media):
    site = issued["edu_site"]
    link = Problem.objects.get(kind="broken_link")
    empty = Problem.objects.get(kind="empty_column")
    for problem in (link, empty):
        services.mark_fixed(problem, note="已整改", files=[_pdf()], user=users["unit_admin"])
    # the run made before the report verifies nothing
    assert services.verify_after_run(issued["edu_run"]) == []
    # next run: the broken link is gone (page changed), the empty column is still there
    remaining = [f for f in edu_findings(site.url, link_hash="h-index-v2") if f["kind"] != "broken_link"]
    run = record_run(site, contract(site.url, remaining, as_of=date(2026, 12, 1)))
    changed = {p.kind: p.status for p in services.verify_after_run(run)}
    assert changed == {"broken_link": S.VERIFIED, "empty_column": S.REOPENED}
    link.refresh_from_db()
    empty.refresh_from_db()
    assert link.status == S.VERIFIED and link.verified_by_run == run
    assert empty.status == S.REOPENED and "仍发现" in empty.events.last().note
    # reopened: the unit can answer again
    services.mark_fixed(empty, note="已补充内容", files=[_pdf()], user=users["unit_admin"])
    assert Problem.objects.get(pk=empty.pk).status == S.FIXED


@pytest.mark.django_db
def test_a_capped_run_that_did_not_read_the_page_proves_nothing(issued, users, media):
    """The empty column col1/: a run stopped at its page cap before reaching it leaves the problem
    waiting; a capped run that did read the page verifies it; a complete crawl that no longer
    reaches the page (column deleted or unlinked) verifies it too, saying so."""
    site = issued["edu_site"]
    column = Problem.objects.get(kind="empty_column")
    services.mark_fixed(column, note="已撤销该栏目", files=[_pdf()], user=users["unit_admin"])
    others = [f for f in edu_findings(site.url) if f["kind"] != "empty_column"]

    capped = {**contract(site.url, others, as_of=date(2026, 12, 1)), "truncated": True, "pages": [site.url]}
    assert services.verify_after_run(record_run(site, capped)) == []
    assert Problem.objects.get(pk=column.pk).status == S.FIXED

    read_it = {**capped, "pages": [site.url, f"{site.url}col1/"]}
    run = record_run(site, read_it)
    assert [p.pk for p in services.verify_after_run(run)] == [column.pk]
    column.refresh_from_db()
    assert column.status == S.VERIFIED and "未再发现" in column.events.last().note

    column.status = S.FIXED
    column.save()
    complete = {**contract(site.url, others, as_of=date(2026, 12, 2)), "pages": [site.url]}
    run = record_run(site, complete)
    assert [p.pk for p in services.verify_after_run(run)] == [column.pk]
    column.refresh_from_db()
    assert column.status == S.VERIFIED and "不再链接" in column.events.last().note


@pytest.mark.django_db
def test_verify_command_uses_the_newest_run(issued, users, media, capsys):
    site = issued["edu_site"]
    link = Problem.objects.get(kind="broken_link")
    services.mark_fixed(link, note="已整改", files=[_pdf()], user=users["unit_admin"])
    record_run(site, contract(site.url, edu_findings(site.url), as_of=date(2026, 12, 1)))
    call_command("verify", period=issued["period"].pk)
    assert Problem.objects.get(pk=link.pk).status == S.REOPENED
    out = capsys.readouterr().out
    assert "核验 1 个问题，0 个已核实整改，1 个重新打开" in out and "链接“旧文件”" in out


@pytest.mark.django_db
def test_overdue_against_an_injected_today(issued, users, media):
    deadline = add_workdays(CHECK_DATE, 15)
    problems = Problem.objects.filter(period=issued["period"])
    fixed = Problem.objects.get(kind="empty_column")
    services.mark_fixed(fixed, note="已整改", files=[_pdf()], user=users["unit_admin"])
    assert services.overdue(problems, deadline).count() == 0  # due today is not late
    late = services.overdue(problems, date.fromordinal(deadline.toordinal() + 1))
    assert sorted(p.kind for p in late) == ["broken_link", "missing_meta"]  # the fixed one is not late
    assert Problem.objects.get(kind="broken_link").is_overdue(date(2026, 12, 31))
    assert not Problem.objects.get(kind="broken_link").is_overdue(deadline)
    assert services.refresh_overdue(date(2026, 12, 31)) == 2
    assert set(problems.filter(status=S.OVERDUE).values_list("kind", flat=True)) == {
        "broken_link",
        "missing_meta",
    }
    assert ProblemEvent.objects.filter(new_status=S.OVERDUE).count() == 2
    assert services.refresh_overdue(date(2026, 12, 31)) == 0  # already marked


@pytest.mark.django_db
def test_remind_command_mails_only_units_with_due_items(issued, users, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for name, email in [("unit_admin", "edu@example.cn"), ("other_admin", "police@example.cn")]:
        users[name].email = email
        users[name].save()
    police = Problem.objects.get(kind="missing_meta")
    police.deadline = date(2026, 12, 30)
    police.save()
    deadline = add_workdays(CHECK_DATE, 15)  # 2026-12-11, the edu problems' deadline
    call_command("remind", days=3, today=date.fromordinal(deadline.toordinal() - 2).isoformat())
    assert [m.to for m in mail.outbox] == [["edu@example.cn"]]
    message = mail.outbox[0]
    assert "教育体育局有 2 个问题" in message.subject and "链接“旧文件”" in message.body
    assert "公安局" not in message.body
    assert "已向 1 个单位发送提醒邮件" in capsys.readouterr().out

    mail.outbox.clear()
    call_command("remind", days=0, today="2026-12-31")  # everything overdue now
    assert sorted(m.to[0] for m in mail.outbox) == ["edu@example.cn", "police@example.cn"]
    assert all("已逾期" in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_daily_round_sends_once_a_day_after_the_reminder_hour(issued, users, settings):
    """gongkai serve's clock and Celery beat both call the round; the audit log makes it once a day."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from gongkai.celery import app
    from gongkai.followup import clock
    from gongkai.followup.tasks import send_daily_reminders
    from gongkai.oversight.models import Event

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users["unit_admin"].email = "edu@example.cn"
    users["unit_admin"].save()
    day = add_workdays(CHECK_DATE, 15)  # the edu problems' deadline: due today
    shanghai = ZoneInfo("Asia/Shanghai")

    def at(hour: int, d: date = day) -> datetime:
        return datetime(d.year, d.month, d.day, hour, tzinfo=shanghai)

    assert clock.tick(at(settings.REMINDER_HOUR - 1)) is None and mail.outbox == []
    result = clock.tick(at(settings.REMINDER_HOUR))
    assert [unit.name for unit, _, _ in result.sent] == ["教育体育局"]
    assert [m.to for m in mail.outbox] == [["edu@example.cn"]]
    assert clock.tick(at(17)) is None and len(mail.outbox) == 1  # done for today
    (event,) = Event.objects.filter(kind=Event.Kind.REMINDERS)
    assert event.message.startswith(f"{day:%Y-%m-%d} 整改提醒") and "1 个单位" in event.message
    assert [unit.name for unit in result.no_address] == ["公安局"]  # its administrator has no e-mail
    assert "1 个单位的管理员没有登记邮箱" in event.message

    # the next day: all three problems are overdue now and the round runs again
    next_day = date.fromordinal(day.toordinal() + 1)
    result = clock.tick(at(9, next_day))
    assert result.newly_overdue == 3 and len(mail.outbox) == 2 and "已逾期" in mail.outbox[1].body
    # `gongkai remind` run by hand sends even when the day's round is done
    call_command("remind", days=3, today=next_day.isoformat())
    assert len(mail.outbox) == 3
    # Celery beat's entry names the registered task, whose body runs the same round
    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE["daily-reminders"]["task"] == send_daily_reminders.name
    assert send_daily_reminders.name in app.tasks
    send_daily_reminders()  # today's real date: a round is logged for it
    assert Event.objects.filter(kind=Event.Kind.REMINDERS).count() == 4


@pytest.mark.django_db
def test_publishing_issues_the_problems_with_the_circulars_deadline(setup, users, settings, tmp_path):
    """Publication sends every counted finding to its unit, due at the circular's deadline."""
    from gongkai.circulars.build import circular_for
    from gongkai.circulars.services import publish
    from gongkai.followup.models import Problem

    settings.DATA_DIR = tmp_path
    period = setup["period"]
    expected = circular_for(period).rectification_deadline
    publish(period, user=users["supervisor"], pdf=False)
    problems = Problem.objects.filter(period=period)
    assert problems.count() == 4  # 3 findings of 教育体育局 + 1 of 公安局, none dismissed
    assert set(problems.values_list("deadline", flat=True)) == {expected}
