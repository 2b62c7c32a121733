"""The life of a case from the window to the archive, as a transition table.

Counter flow modelled here:
- At the window a case starts as received (受理), awaiting supplement (一次性告知, materials
  missing) or refused (不予受理). A supplement that arrives continues the same case.
- Received cases go to examination, or are forwarded to the competent external authority.
- Examination approves, rejects or returns for correction; corrected material goes back to
  examination. A forwarded case waits for the authority's answer (approve, reject, or ask for
  correction).
- Every decision (including a refusal notice) is delivered: pickup at the window or mail;
  returned mail is re-mailed or left for pickup. Delivered cases are archived (已办结).
- The applicant can withdraw until a decision exists; that closes the case with a reason.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

from counter_app.core.errors import InvalidTransition


class CaseState(StrEnum):
    RECEIVED = "received"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    REFUSED = "refused"
    UNDER_EXAMINATION = "under_examination"
    RETURNED_FOR_CORRECTION = "returned_for_correction"
    APPROVED = "approved"
    REJECTED = "rejected"
    FORWARDED = "forwarded"
    AWAITING_PICKUP = "awaiting_pickup"
    MAILED = "mailed"
    DELIVERED = "delivered"
    MAIL_RETURNED = "mail_returned"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


_S = CaseState

STATE_LABELS: MappingProxyType[CaseState, str] = MappingProxyType(
    {
        _S.RECEIVED: "已受理",
        _S.AWAITING_SUPPLEMENT: "待补正",
        _S.REFUSED: "不予受理",
        _S.UNDER_EXAMINATION: "审查中",
        _S.RETURNED_FOR_CORRECTION: "退回补正",
        _S.APPROVED: "准予（通过）",
        _S.REJECTED: "不予许可",
        _S.FORWARDED: "已转外部机关",
        _S.AWAITING_PICKUP: "待领取",
        _S.MAILED: "已寄出",
        _S.DELIVERED: "已送达",
        _S.MAIL_RETURNED: "邮件退回",
        _S.CLOSED: "已办结",
    }
)

# Allowed next states, in the order the UI should offer them.
TRANSITIONS: MappingProxyType[CaseState, tuple[CaseState, ...]] = MappingProxyType(
    {
        _S.RECEIVED: (
            _S.UNDER_EXAMINATION,
            _S.FORWARDED,
            _S.AWAITING_SUPPLEMENT,
            _S.REFUSED,
            _S.CLOSED,
        ),
        _S.AWAITING_SUPPLEMENT: (_S.RECEIVED, _S.REFUSED, _S.CLOSED),
        _S.REFUSED: (_S.AWAITING_PICKUP, _S.MAILED, _S.CLOSED),
        _S.UNDER_EXAMINATION: (
            _S.APPROVED,
            _S.REJECTED,
            _S.RETURNED_FOR_CORRECTION,
            _S.FORWARDED,
            _S.CLOSED,
        ),
        _S.RETURNED_FOR_CORRECTION: (_S.UNDER_EXAMINATION, _S.REJECTED, _S.CLOSED),
        _S.FORWARDED: (_S.APPROVED, _S.REJECTED, _S.RETURNED_FOR_CORRECTION, _S.CLOSED),
        _S.APPROVED: (_S.AWAITING_PICKUP, _S.MAILED, _S.CLOSED),
        _S.REJECTED: (_S.AWAITING_PICKUP, _S.MAILED, _S.CLOSED),
        _S.AWAITING_PICKUP: (_S.DELIVERED, _S.MAILED, _S.CLOSED),
        _S.MAILED: (_S.DELIVERED, _S.MAIL_RETURNED),
        _S.MAIL_RETURNED: (_S.MAILED, _S.AWAITING_PICKUP, _S.CLOSED),
        _S.DELIVERED: (_S.CLOSED,),
        _S.CLOSED: (),
    }
)

# States a case may be created in at the window.
INITIAL_STATES = frozenset({_S.RECEIVED, _S.AWAITING_SUPPLEMENT, _S.REFUSED})
TERMINAL_STATES = frozenset(state for state, targets in TRANSITIONS.items() if not targets)
# The deadline clock stands still: waiting for the applicant (补正 time is not counted).
CLOCK_PAUSED_STATES = frozenset({_S.AWAITING_SUPPLEMENT, _S.RETURNED_FOR_CORRECTION})
# A decision exists: the promised date is met (or missed) and is no longer tracked.
DECIDED_STATES = frozenset(
    {
        _S.REFUSED,
        _S.APPROVED,
        _S.REJECTED,
        _S.AWAITING_PICKUP,
        _S.MAILED,
        _S.DELIVERED,
        _S.MAIL_RETURNED,
        _S.CLOSED,
    }
)
# Entering these states needs written reasons (all of them at once, R-APR-3 / R-REC-3).
REASON_REQUIRED_STATES = frozenset(
    {_S.AWAITING_SUPPLEMENT, _S.REFUSED, _S.RETURNED_FOR_CORRECTION, _S.REJECTED}
)


def allowed_next(current: CaseState) -> tuple[CaseState, ...]:
    """States a case in ``current`` may move to, in display order."""
    return TRANSITIONS[current]


def can_transition(current: CaseState, target: CaseState) -> bool:
    return target in TRANSITIONS[current]


def is_terminal(state: CaseState) -> bool:
    return state in TERMINAL_STATES


def clock_running(state: CaseState) -> bool:
    """Whether days in this state count towards the promised completion date."""
    return state not in CLOCK_PAUSED_STATES and state not in DECIDED_STATES


def needs_reason(current: CaseState, target: CaseState) -> bool:
    """Refusals, returns and rejections need reasons; so does closing an undecided case
    (withdrawal, supplement never arrived)."""
    if target in REASON_REQUIRED_STATES:
        return True
    return target is _S.CLOSED and current not in DECIDED_STATES


def _refusal_message(current: CaseState, target: CaseState) -> str:
    if current is target:
        return f"案件已经是“{current.label}”状态，无需再次更改"
    if is_terminal(current):
        return f"案件已“{current.label}”，不能再更改状态；如需重新办理，请新建案件"
    options = "、".join(f"“{state.label}”" for state in allowed_next(current))
    return f"案件当前为“{current.label}”，不能直接改为“{target.label}”。当前可以改为：{options}"


def transition(current: CaseState, target: CaseState) -> CaseState:
    """Return ``target`` if the move is allowed, else raise ``InvalidTransition``."""
    if not can_transition(current, target):
        raise InvalidTransition(
            _refusal_message(current, target), current=current.value, target=target.value
        )
    return target
