"""The application's moves: the legal path, the refusals (in Chinese), the history and audit log,
and the clock computed from the stored dates."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.oversight.models import Event
from gongkai.registers import deadlines, services, states
from gongkai.registers.models import State
from gongkai.registers.states import TransitionRefused

pytestmark = pytest.mark.django_db


def test_the_full_path_with_correction_consultation_extension_and_reply(make_app, users):
    app = make_app(received=date(2025, 3, 3))
    user = users["unit_admin"]
    app = services.transition(app, "request_correction", user, on=date(2025, 3, 5))
    assert app.state == State.CORRECTION and app.correction_requested == date(2025, 3, 5)
    app = services.transition(app, "correction_received", user, on=date(2025, 3, 10))
    assert app.state == State.IN_PROGRESS
    app = services.transition(app, "start_consultation", user, on=date(2025, 3, 11))
    assert app.state == State.CONSULTING
    app = services.transition(app, "end_consultation", user, on=date(2025, 3, 14))
    assert app.state == State.IN_PROGRESS
    assert [(c.started, c.ended) for c in app.consultations.all()] == [(date(2025, 3, 11), date(2025, 3, 14))]
    app = services.transition(app, "extend", user, on=date(2025, 3, 20), approver="王局长")
    assert app.extended and app.extension_approver == "王局长" and app.state == State.IN_PROGRESS
    app = services.transition(app, "reply", user, on=date(2025, 4, 1), result="不予公开-属于国家秘密")
    assert app.state == State.REPLIED and app.result == "（三）不予公开-属于国家秘密"
    assert [s.action for s in app.steps.all()] == [
        "补正告知",
        "收到补正",
        "征求第三方意见",
        "第三方意见收回",
        "延期答复",
        "答复",
    ]
    logged = Event.objects.filter(kind=Event.Kind.APPLICATION_STEP)
    assert logged.count() == 6 and all(e.user == user and e.region == app.unit.region for e in logged)
    assert "教育体育局 依申请公开申请 2025-001：答复" in logged.first().message


def test_the_clock_restarts_with_the_correction_and_skips_the_consultation(make_app):
    # received Mon 2025-03-03: the 20th working day after it is Mon 2025-03-31
    app = make_app(received=date(2025, 3, 3))
    d = deadlines.deadline(app, on=date(2025, 3, 26))
    assert d.due == date(2025, 3, 31) and d.clock.correction_notice_due == date(2025, 3, 12)
    assert d.days_left == 3 and d.due_soon and not d.overdue and not d.estimated
    app.correction_requested, app.correction_received = date(2025, 3, 4), date(2025, 3, 10)
    app.state = State.IN_PROGRESS
    app.save()
    app.consultations.create(started=date(2025, 3, 17), ended=date(2025, 3, 21))  # 5 working days
    d = deadlines.deadline(app, on=date(2025, 3, 26))
    # from Mon 03-10: the 20th working day is Tue 04-08 (04-04 清明 off); 5 paused days: Tue 04-15
    assert d.due == date(2025, 4, 15)
    assert not d.due_soon and d.days_left > 3


def test_open_past_due_is_overdue_and_waiting_for_correction_is_not(make_app):
    app = make_app(received=date(2025, 3, 3))
    d = deadlines.deadline(app, on=date(2025, 4, 2))
    assert d.overdue and d.days_left == -2 and d.days_overdue == 2
    app.state, app.correction_requested = State.CORRECTION, date(2025, 3, 4)
    d = deadlines.deadline(app, on=date(2025, 4, 2))
    assert not d.overdue and d.days_left is None


def test_a_late_reply_is_overdue_and_an_extension_moves_the_due_date(make_app):
    app = make_app(
        received=date(2025, 3, 3), state=State.REPLIED, replied=date(2025, 4, 3), result="（一）予以公开"
    )
    assert deadlines.deadline(app).overdue
    app.extended = True
    d = deadlines.deadline(app)
    assert d.due == date(2025, 4, 28) and not d.overdue  # Sun 04-27 is a 调休 working day


def test_a_date_past_the_holiday_calendar_is_estimated(make_app):
    app = make_app(received=date(2031, 3, 3))
    d = deadlines.deadline(app, on=date(2031, 3, 4))
    assert d.estimated and d.clock.rule


@pytest.mark.parametrize(
    "state, action, message",
    [
        (State.CORRECTION, "reply", "申请当前状态为“待补正”，不能进行“答复”"),
        (State.REPLIED, "withdraw", "申请当前状态为“已答复”，不能进行“申请人撤回”"),
        (State.IN_PROGRESS, "abandon", "只有逾期不补正"),
        (State.IN_PROGRESS, "end_consultation", "不能进行“第三方意见收回”"),
    ],
)
def test_illegal_moves_are_refused_in_chinese(make_app, users, state, action, message):
    app = make_app(state=state)
    with pytest.raises(TransitionRefused, match=message):
        services.transition(app, action, users["unit_admin"], on=date(2025, 3, 20), result="予以公开")
    app.refresh_from_db()
    assert app.state == state and not app.steps.exists()


def test_one_correction_notice_and_one_extension_only(make_app, users):
    app = make_app(correction_requested=date(2025, 3, 4), correction_received=date(2025, 3, 6))
    with pytest.raises(TransitionRefused, match="只能一次性告知补正"):
        states.check(app, "request_correction")
    app = services.transition(app, "extend", users["unit_admin"], on=date(2025, 3, 20), approver="王局长")
    with pytest.raises(TransitionRefused, match="只能延期一次"):
        services.transition(app, "extend", users["unit_admin"], on=date(2025, 3, 21), approver="王局长")


def test_a_move_needs_its_details_and_a_sensible_date(make_app, users):
    app = make_app()
    with pytest.raises(TransitionRefused, match="请填写批准人"):
        services.transition(app, "extend", None, on=date(2025, 3, 20))
    with pytest.raises(TransitionRefused, match="不是年报表三的一行"):
        services.transition(app, "reply", None, on=date(2025, 3, 20), result="同意")
    with pytest.raises(TransitionRefused, match="不能早于收到日期"):
        services.transition(app, "reply", None, on=date(2025, 3, 1), result="予以公开")


def test_withdrawal_and_abandonment_close_with_their_table_rows(make_app, users):
    withdrawn = services.transition(make_app(number="A"), "withdraw", None, on=date(2025, 3, 10))
    assert withdrawn.state == State.WITHDRAWN and withdrawn.result == "（六）其他处理-其他"
    no_correction = make_app(number="B", state=State.CORRECTION, correction_requested=date(2025, 3, 4))
    no_correction = services.transition(no_correction, "abandon", None, on=date(2025, 4, 30))
    assert no_correction.result.startswith("（六）其他处理-申请人无正当理由逾期不补正")
    unpaid = make_app(number="C", state=State.IN_PROGRESS, fee_mode="按量", fee_notice=date(2025, 3, 10))
    # 20 working days after Mon 03-10 is Tue 04-08 (04-04 清明 off): not yet abandoned on that day
    with pytest.raises(TransitionRefused, match="缴费期限（收费通知后第20个工作日，2025-04-08）尚未届满"):
        services.transition(unpaid, "abandon", None, on=date(2025, 4, 8))
    unpaid = services.transition(unpaid, "abandon", None, on=date(2025, 4, 9))
    assert unpaid.result.startswith("（六）其他处理-申请人逾期未按收费通知要求缴纳费用")
    assert states.available(unpaid) == []
