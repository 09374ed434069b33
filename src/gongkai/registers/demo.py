"""A believable disclosure-applications register for the demonstration (`gongkai demo`): a few
dozen applications of a region's units over the last year, most replied on time, some late, some
open and due soon, some open and overdue, with corrections, consultations, extensions and a
withdrawal; most replies' documents checked (a few lack an element, a few not checked yet).
Deterministic (a fixed seed), dates relative to ``as_of``."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from gongkai.disclosure import clock
from gongkai.registers.models import (
    ELEMENTS,
    ApplicantType,
    Application,
    Channel,
    Consultation,
    ReplyCheck,
    State,
)
from gongkai.registers.services import WITHDRAWN_RESULT, canonical_result
from gongkai.registry.models import Region, Unit

COUNT = 36
RESULTS = [
    "予以公开",
    "予以公开",
    "予以公开",
    "部分公开",
    "不予公开-保护第三方合法权益",
    "无法提供-本机关不掌握相关政府信息",
    "不予处理-重复申请",
    "无法提供-没有现成信息需要另行制作",
]
TYPES = [ApplicantType.PERSON] * 6 + [ApplicantType.BUSINESS, ApplicantType.LEGAL, ApplicantType.RESEARCH]
CONTENTS = [
    "申请公开本单位2024年度部门预算及“三公”经费使用情况",
    "申请公开某地块征收补偿安置方案及批复文件",
    "申请公开某项目环境影响评价审批文件",
    "申请公开某学校校舍维修工程招标及验收材料",
    "申请公开本人所在村集体土地承包合同",
    "申请公开某企业行政处罚决定书",
    "申请公开城区道路改造工程的规划许可文件",
]


def _due(received: date, *, corrected: date | None = None, paused=(), extended=False) -> date:
    case = clock.ClockCase(
        received=received,
        correction_requested=received + timedelta(days=2) if corrected else None,
        correction_received=corrected,
        third_party=tuple(paused),
    )
    return clock.due_date(clock.compute(case), extended)


@transaction.atomic
def fill(region: Region, as_of: date, *, include: Unit | None = None) -> tuple[int, int]:
    """Register the demo applications of twelve of ``region``'s units, ``include`` among them (the
    demo unit administrator's), once: nothing when the region has some already. Returns
    (applications, open and overdue on ``as_of``)."""
    if Application.objects.filter(unit__region=region).exists():
        return 0, 0
    rng = random.Random(14)
    units = list(Unit.objects.filter(region=region).order_by("category__order", "order", "name")[:12])
    if include is not None and include not in units:
        units[-1] = include
    numbers: dict[int, int] = {}
    overdue = 0
    for i in range(COUNT):
        unit = units[i % len(units)]
        scenario = i % 9
        days_ago = {4: rng.randint(2, 22), 5: rng.randint(45, 90)}.get(scenario, rng.randint(25, 400))
        received = as_of - timedelta(days=days_ago)
        while received.weekday() >= 5:
            received -= timedelta(days=1)
        numbers[unit.pk] = numbers.get(unit.pk, 0) + 1
        app = Application(
            unit=unit,
            number=f"{received.year}-{numbers[unit.pk]:03d}",
            applicant_type=rng.choice(TYPES),
            channel=rng.choice(list(Channel)),
            received=received,
            content=rng.choice(CONTENTS),
            state=State.IN_PROGRESS,
        )
        paused: list[tuple[date, date]] = []
        if scenario == 6:  # a correction, then the reply
            app.correction_requested = received + timedelta(days=2)
            app.correction_received = received + timedelta(days=rng.randint(5, 12))
        if scenario == 7:  # a third-party consultation and an extension
            start = received + timedelta(days=7)
            paused.append((start, start + timedelta(days=rng.randint(10, 20))))
            app.extended, app.extension_approver = True, "分管副局长"
            app.extension_date = received + timedelta(days=20)
        due = _due(received, corrected=app.correction_received, paused=paused, extended=app.extended)
        if scenario == 3:
            reply = due + timedelta(days=rng.randint(3, 15))  # late
        elif scenario in (4, 5):
            reply = None  # open: due soon, or overdue
        else:
            reply = received + timedelta(days=rng.randint(3, max(4, (due - received).days - 1)))
        if reply is not None and reply > as_of:
            reply = None
        if reply is not None and scenario == 8:
            app.state, app.replied, app.result = State.WITHDRAWN, reply, canonical_result(WITHDRAWN_RESULT)
        elif reply is not None:
            app.state, app.replied = State.REPLIED, reply
            app.result = canonical_result(RESULTS[i % len(RESULTS)])
        elif paused and paused[0][1] >= as_of:
            app.state = State.CONSULTING
        overdue += app.replied is None and due < as_of
        app.save()
        for started, ended in paused:
            Consultation.objects.create(
                application=app, started=started, ended=ended if ended < as_of or app.replied else None
            )
        app.steps.create(action="登记", note="演示数据")
        if app.state == State.REPLIED and i % 4 != 1:  # every fourth reply not checked yet
            ticks = dict.fromkeys((name for name, _ in ELEMENTS), True)
            if i % 5 == 0:
                ticks["seal"] = False  # 印章 missing
            ReplyCheck.objects.create(application=app, by_email=app.channel == Channel.ONLINE, **ticks)
    return COUNT, overdue
