"""The statutory clock of a disclosure application (政府信息公开条例 2019, registers-contract §1).

- A correction notice (补正告知) is due on the 7th working day after receipt.
- The reply is due on the 20th *counted* day after the start date, the extended reply on the 40th
  (one extension of at most 20 working days). The start date is the day the corrected request
  arrived when there was a correction (the clock restarts), else the day of receipt; the start
  date itself is never counted.
- A counted day is a working day (State Council holiday notice: weekends and statutory holidays
  off, 调休 make-up days on, see :mod:`gongkai.workdays`) that lies in no third-party consultation
  interval (征求第三方意见, both ends inclusive): consultation time is not counted.
- Unpaid fees: a request whose fee is not paid by the 20th working day after the fee notice is
  treated as abandoned (国办函〔2020〕109号).

Dates after the last year of the official calendar (:data:`gongkai.workdays.LAST_YEAR`) are
estimated (Monday–Friday minus the statutory holidays, no make-up days); the result then says so
(``estimated`` and ``rule``) so it is never silently wrong. Dates before the first year, or more than ten
years after the last one (:data:`MAX_YEAR`, surely a typo), raise :class:`ClockError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from gongkai import workdays

CORRECTION_NOTICE_DAYS = 7
REPLY_DAYS = 20
EXTENDED_DAYS = 40
PAYMENT_DAYS = 20
# estimates are only offered this far past the official calendar (a date beyond is a typo)
MAX_YEAR = workdays.LAST_YEAR + 10
_ONE_DAY = timedelta(days=1)


class ClockError(ValueError):
    """Dates that make no clock (the message is Chinese and names the field)."""


@dataclass(frozen=True, slots=True)
class ClockCase:
    received: date
    correction_requested: date | None = None
    correction_received: date | None = None
    third_party: tuple[tuple[date, date], ...] = ()  # consultation intervals, both ends inclusive


@dataclass(frozen=True, slots=True)
class Clock:
    correction_notice_due: date  # 7th working day after received
    start: date  # correction_received if given (the clock restarts), else received
    reply_due: date  # 20th counted day after start (start not counted)
    extended_due: date  # 40th counted day after start
    estimated: bool  # some date involved lies in a year the official calendar lacks
    rule: str  # Chinese: the rule used for the estimated dates ("" if not estimated)


def estimate_rule(years: list[int] | tuple[int, ...] | set[int]) -> str:
    """The Chinese sentence saying how the dates of ``years`` (after the official calendar) were
    counted; "" when there are none."""
    years = sorted(set(years))
    if not years:
        return ""
    listed = "、".join(f"{y} 年" for y in years)
    return (
        f"{listed}的国务院放假安排不在节假日日历中（官方日历只到 {workdays.LAST_YEAR} 年），"
        "按估算计：周一至周五为工作日，扣除《全国年节及纪念日放假办法》（2024 年修订）规定的法定节假日"
        "（元旦 1 天、春节 4 天、清明 1 天、劳动节 2 天、端午 1 天、中秋 1 天、国庆 3 天），不计调休；"
        "该年放假安排公布后应重新计算"
    )


def _date(value: object, field: str) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        raise ClockError(f"{field}：需要日期，收到的是 {value!r}")
    if value.year < workdays.FIRST_YEAR:
        raise ClockError(
            f"{field}：{value.isoformat()} 早于节假日日历的起始年份 {workdays.FIRST_YEAR} 年，无法计算期限"
        )
    if value.year > MAX_YEAR:
        raise ClockError(f"{field}：{value.isoformat()} 晚于 {MAX_YEAR} 年，超出可估算的范围，请检查日期")
    return value


def _validate(case: ClockCase) -> None:
    received = _date(case.received, "收到日期（received）")
    requested = case.correction_requested
    if requested is not None:
        requested = _date(requested, "补正告知日期（correction_requested）")
        if requested < received:
            raise ClockError(
                f"补正告知日期（correction_requested）{requested.isoformat()} 早于收到日期 {received.isoformat()}"
            )
    corrected = case.correction_received
    if corrected is not None:
        corrected = _date(corrected, "补正收到日期（correction_received）")
        if requested is None:
            raise ClockError(
                "有补正收到日期（correction_received）却没有补正告知日期（correction_requested）"
            )
        if corrected < received:
            raise ClockError(
                f"补正收到日期（correction_received）{corrected.isoformat()} 早于收到日期 {received.isoformat()}"
            )
        if corrected < requested:
            raise ClockError(
                f"补正收到日期（correction_received）{corrected.isoformat()} "
                f"早于补正告知日期 {requested.isoformat()}"
            )
    for n, interval in enumerate(case.third_party, start=1):
        field = f"第 {n} 段征求第三方意见（third_party）"
        if not isinstance(interval, (tuple, list)) or len(interval) != 2:
            raise ClockError(f"{field}：需要 [开始日期, 结束日期] 两个日期")
        start = _date(interval[0], f"{field}开始日期")
        end = _date(interval[1], f"{field}结束日期")
        if end < start:
            raise ClockError(f"{field}：结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")


def _paused(day: date, intervals: tuple[tuple[date, date], ...]) -> bool:
    return any(start <= day <= end for start, end in intervals)


def _counted_days(
    start: date, counts: tuple[int, ...], intervals: tuple[tuple[date, date], ...]
) -> list[date]:
    """The dates of the ``counts``-th counted days after ``start`` (start excluded), in order."""
    found: list[date] = []
    wanted = iter(sorted(counts))
    target = next(wanted)
    current, n = start, 0
    while True:
        current += _ONE_DAY
        if workdays.is_workday(current, estimate=True) and not _paused(current, intervals):
            n += 1
            while n == target:
                found.append(current)
                target = next(wanted, None)
                if target is None:
                    return found


def compute(case: ClockCase) -> Clock:
    """All deadlines of one application; raises :class:`ClockError` on inconsistent dates."""
    _validate(case)
    intervals = tuple((a, b) for a, b in case.third_party)
    start = case.correction_received or case.received
    notice = workdays.add_workdays(case.received, CORRECTION_NOTICE_DAYS, estimate=True)
    reply, extended = _counted_days(start, (REPLY_DAYS, EXTENDED_DAYS), intervals)
    # every day walked lies between received and the latest result
    years = {y for y in range(case.received.year, max(notice, extended).year + 1) if y > workdays.LAST_YEAR}
    return Clock(
        correction_notice_due=notice,
        start=start,
        reply_due=reply,
        extended_due=extended,
        estimated=bool(years),
        rule=estimate_rule(years),
    )


def due_date(clock: Clock, extended: bool) -> date:
    """The applicable due date: the extended one when the reply period was extended (延期)."""
    return clock.extended_due if extended else clock.reply_due


def working_days_left(due: date, today: date) -> tuple[int, bool]:
    """Working days left until ``due`` as seen on ``today``, and whether the count is estimated.

    - ``today < due``: n > 0 is the number of working days in ``(today, due]`` — the due day
      counts as a day left, today does not (its working time is already running). At least 1,
      even if no working day lies in between (a due date on a non-working day).
    - ``today == due``: 0 (due today).
    - ``today > due``: n < 0 and ``-n`` is the number of working days in ``(due, today]`` the reply
      is overdue by; at least 1 (overdue on a weekend right after the due day is still overdue).

    ``estimated`` is True when a day in between lies after the official calendar.
    Dates before the calendar raise :class:`ClockError`.
    """
    due = _date(due, "到期日")
    today = _date(today, "当日")
    estimated = workdays.is_estimated(max(due, today))
    if today == due:
        return 0, estimated
    if today < due:
        return max(1, workdays.workdays_between(today, due, estimate=True)), estimated
    return -max(1, workdays.workdays_between(due, today, estimate=True)), estimated


def payment_due(fee_notice: date) -> date:
    """The last day to pay after a fee notice: the 20th working day after it (国办函〔2020〕109号).
    A request still unpaid after that day is treated as abandoned (申请人逾期未缴纳费用, 行政机关
    不再处理). Past the official calendar the date is estimated: check
    ``gongkai.workdays.is_estimated(result)``."""
    fee_notice = _date(fee_notice, "收费通知日期")
    return workdays.add_workdays(fee_notice, PAYMENT_DAYS, estimate=True)
