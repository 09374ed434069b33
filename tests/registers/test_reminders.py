"""The daily reminder (followup.services.send_reminders) includes the open applications due
within 3 working days or overdue."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from gongkai.followup import services
from gongkai.registers import reminders
from gongkai.registers.models import State

pytestmark = pytest.mark.django_db


def test_applications_due_within_3_working_days_are_mailed(users, make_app, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users["unit_admin"].email = "edu@example.cn"
    users["unit_admin"].save()
    # received Mon 2025-03-03: due Mon 03-31; on Wed 03-26 three working days are left
    make_app(number="SOON", received=date(2025, 3, 3))
    make_app(number="LATE", received=date(2025, 2, 10))
    make_app(number="LATER", received=date(2025, 3, 20))
    make_app(
        number="WAITING",
        received=date(2025, 2, 10),
        state=State.CORRECTION,
        correction_requested=date(2025, 2, 12),
    )
    make_app(
        number="DONE",
        received=date(2025, 2, 10),
        state=State.REPLIED,
        replied=date(2025, 3, 1),
        result="（一）予以公开",
    )
    make_app("other", "POLICE", date(2025, 3, 3))  # 公安局's administrator has no e-mail
    lines = reminders.due_soon(date(2025, 3, 26))
    assert sorted(u.name for u in lines) == ["公安局", "教育体育局"]
    own = [line for unit, found in lines.items() if unit.name == "教育体育局" for line in found]
    assert own == [
        "依申请公开申请 LATE（收到 2025-02-10）：答复期限 2025-03-10，已逾期 12 个工作日",
        "依申请公开申请 SOON（收到 2025-03-03）：答复期限 2025-03-31，剩 3 个工作日",
    ]
    result = services.send_reminders(date(2025, 3, 26))
    assert [m.to for m in mail.outbox] == [["edu@example.cn"]]
    message = mail.outbox[0]
    assert "2 件依申请公开申请" in message.subject
    assert "SOON" in message.body and "LATE" in message.body and "LATER" not in message.body
    assert "WAITING" not in message.body and "DONE" not in message.body
    assert [u.name for u in result.no_address] == ["公安局"]
