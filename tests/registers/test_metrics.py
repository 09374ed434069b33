"""The register's metrics (registers.metrics): counts over a window whose first and last days are
included, the units with and without data, the provider table, and the reply-document checklist
behind 依申请公开答复规范数."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gongkai.registers import metrics
from gongkai.registers.models import ReplyCheck, State

pytestmark = pytest.mark.django_db

START, END = date(2026, 11, 1), date(2026, 11, 30)
NAMES = [
    "依申请公开申请数",
    "依申请公开答复数",
    "依申请公开按时答复数",
    "依申请公开答复规范数",
    "依申请公开逾期数",
]
ALL_TICKED = dict(
    heading=True, number=True, signature=True, dated=True, seal=True, result=True, basis=True, remedy=True
)


def replied(make_app, number, received, on, **values):
    return make_app(
        number=number, received=received, state=State.REPLIED, replied=on, result="予以公开", **values
    )


def test_window_edges_count_on_the_first_and_last_day(make_app, units):
    make_app(number="before", received=date(2026, 10, 31))  # received the day before: not counted
    make_app(number="first", received=START)
    make_app(number="last", received=END)
    make_app(number="after", received=date(2026, 12, 1))  # the day after: not counted
    replied(make_app, "r-before", date(2026, 10, 20), date(2026, 10, 31))
    replied(make_app, "r-first", date(2026, 10, 20), START)
    replied(make_app, "r-last", date(2026, 11, 20), END)
    replied(make_app, "r-after", date(2026, 11, 20), date(2026, 12, 1))  # open at the end, not overdue
    values = metrics.register_metrics(NAMES, [units["own"].pk, units["other"].pk], START, END)
    own = values[units["own"].pk]
    assert own["依申请公开申请数"] == 4  # first, last, r-last, r-after (received 11-20)
    assert own["依申请公开答复数"] == 2  # r-first, r-last
    assert own["依申请公开按时答复数"] == 2
    assert own["依申请公开答复规范数"] == 0  # nobody has ticked the reply documents yet
    assert own["依申请公开逾期数"] == 2  # before, first: still open on 11-30, due 11-27
    assert units["other"].pk not in values  # no application at all: the register has no data


def test_late_replies_and_applications_open_past_due_are_overdue(make_app, units):
    # received 2026-09-01, due 2026-09-29 (20 working days): replied in the window but late
    replied(make_app, "late", date(2026, 9, 1), date(2026, 11, 2))
    # received 2026-10-09, due 2026-11-05: still open on 2026-11-30, and replied only in December
    make_app(number="open", received=date(2026, 10, 9))
    replied(make_app, "after-end", date(2026, 10, 9), date(2026, 12, 3))
    # waiting for a correction on the last day: the reply period has not started again
    make_app(
        number="correction",
        received=date(2026, 10, 9),
        correction_requested=date(2026, 10, 12),
        state=State.CORRECTION,
    )
    # extended (approved in October), due 40 working days after receipt: not overdue yet
    make_app(number="extended", received=date(2026, 10, 9), extended=True, extension_date=date(2026, 10, 30))
    on_time = replied(make_app, "on-time", date(2026, 11, 2), date(2026, 11, 20))
    ReplyCheck.objects.create(application=on_time, **ALL_TICKED)
    values = metrics.register_metrics(NAMES, [units["own"].pk], START, END)[units["own"].pk]
    assert values == {
        "依申请公开申请数": Decimal(1),
        "依申请公开答复数": Decimal(2),
        "依申请公开按时答复数": Decimal(1),
        "依申请公开答复规范数": Decimal(1),
        "依申请公开逾期数": Decimal(3),  # late, open, after-end
    }


def test_a_units_register_with_nothing_in_the_window_gives_zeros(make_app, units):
    replied(make_app, "old", date(2026, 3, 2), date(2026, 3, 10))
    values = metrics.register_metrics(NAMES, [units["own"].pk], START, END)
    assert values == {units["own"].pk: dict.fromkeys(NAMES, Decimal(0))}


def test_gov_mailbox_counts_only_for_e_mail_replies(make_app, units):
    by_post = replied(make_app, "post", date(2026, 11, 2), date(2026, 11, 9))
    by_mail = replied(make_app, "mail", date(2026, 11, 2), date(2026, 11, 9))
    ReplyCheck.objects.create(application=by_post, **ALL_TICKED)  # gov mailbox not applicable
    check = ReplyCheck.objects.create(application=by_mail, by_email=True, **ALL_TICKED)
    assert check.missing() == ["gov 邮箱"]
    values = metrics.register_metrics(["依申请公开答复规范数"], [units["own"].pk], START, END)
    assert values[units["own"].pk]["依申请公开答复规范数"] == 1
    check.gov_mailbox = True
    check.save()
    values = metrics.register_metrics(["依申请公开答复规范数"], [units["own"].pk], START, END)
    assert values[units["own"].pk]["依申请公开答复规范数"] == 2


def test_the_provider_table_is_the_one_place_a_register_adds_a_metric(make_app, units, monkeypatch):
    assert metrics.provided(["报送信息", "依申请公开答复数", "空白栏目数"]) == ["依申请公开答复数"]
    calls = []

    def submitted(window: metrics.Window) -> dict[int, Decimal]:
        calls.append((window.start, window.end))
        return {unit_id: Decimal(7) for unit_id in window.unit_ids}

    monkeypatch.setitem(metrics.PROVIDERS, "报送信息", submitted)
    assert metrics.provided(["报送信息"]) == ["报送信息"]
    assert metrics.register_metrics(["报送信息"], [units["own"].pk], START, END) == {
        units["own"].pk: {"报送信息": Decimal(7)}
    }
    assert calls == [(START, END)]
    with pytest.raises(ValueError, match="早于起始日"):
        metrics.register_metrics(["报送信息"], [units["own"].pk], END, START)
