"""Which move an application may make from which state; an illegal move is refused in Chinese.

已收到 ─补正告知→ 待补正 ─收到补正→ 办理中 ─征求意见→ 征求意见中 ─意见收回→ 办理中
已收到 / 办理中 ─答复→ 已答复;  any open state ─撤回→ 已撤回;
待补正 (no correction in time) or an unpaid fee notice ─视为放弃→ 视为放弃
延期 (once, with approval) keeps the state.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.registers.models import OPEN_STATES, Application, State


class TransitionRefused(ValueError):
    """The move is not allowed from the application's state; the message is for the user."""


@dataclass(frozen=True)
class Move:
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change


MOVES: dict[str, Move] = {
    "request_correction": Move("补正告知", (State.RECEIVED,), State.CORRECTION),
    "correction_received": Move("收到补正", (State.CORRECTION,), State.IN_PROGRESS),
    "start_consultation": Move("征求第三方意见", (State.RECEIVED, State.IN_PROGRESS), State.CONSULTING),
    "end_consultation": Move("第三方意见收回", (State.CONSULTING,), State.IN_PROGRESS),
    "extend": Move("延期答复", (State.RECEIVED, State.IN_PROGRESS, State.CONSULTING), None),
    "reply": Move("答复", (State.RECEIVED, State.IN_PROGRESS), State.REPLIED),
    "withdraw": Move("申请人撤回", OPEN_STATES, State.WITHDRAWN),
    "abandon": Move("视为放弃", (State.CORRECTION, State.RECEIVED, State.IN_PROGRESS), State.ABANDONED),
}


def check(application: Application, action: str) -> Move:
    """The move ``action`` of ``application``, or TransitionRefused saying why not."""
    move = MOVES.get(action)
    if move is None:
        raise TransitionRefused(f"未知的操作“{action}”。")
    if application.state not in move.sources:
        allowed = "、".join(str(s) for s in move.sources)
        raise TransitionRefused(
            f"申请当前状态为“{application.state}”，不能进行“{move.label}”（仅限状态：{allowed}）。"
        )
    if action == "request_correction" and application.correction_requested:
        raise TransitionRefused("已发出过补正告知：依条例只能一次性告知补正。")
    if action == "extend" and application.extended:
        raise TransitionRefused("已经延期过一次：依条例延长答复期限最长不超过20个工作日，只能延期一次。")
    if action == "abandon" and application.state != State.CORRECTION:
        if not application.fee_notice or application.fee_paid:
            raise TransitionRefused("只有逾期不补正（待补正状态）或收费通知后逾期未缴费的申请才能视为放弃。")
    return move


def available(application: Application) -> list[str]:
    """The actions the application's state allows now (for the buttons of its page)."""
    names = []
    for name in MOVES:
        try:
            check(application, name)
        except TransitionRefused:
            continue
        names.append(name)
    return names
