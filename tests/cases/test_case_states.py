"""Case life cycle: every allowed move, every forbidden one, terminal states, clock rules."""

from __future__ import annotations

from itertools import product

import pytest

from counter_app.cases.rules.states import (
    CLOCK_PAUSED_STATES,
    INITIAL_STATES,
    STATE_LABELS,
    TERMINAL_STATES,
    TRANSITIONS,
    CaseState,
    allowed_next,
    can_transition,
    clock_running,
    is_terminal,
    needs_reason,
    transition,
)
from counter_app.core.errors import CounterError, InvalidTransition

S = CaseState
ALLOWED = [(a, b) for a, targets in TRANSITIONS.items() for b in targets]
FORBIDDEN = [(a, b) for a, b in product(S, S) if (a, b) not in set(ALLOWED)]


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_every_allowed_transition(current: CaseState, target: CaseState) -> None:
    assert transition(current, target) is target
    assert can_transition(current, target)


@pytest.mark.parametrize(("current", "target"), FORBIDDEN)
def test_every_forbidden_transition_raises(current: CaseState, target: CaseState) -> None:
    with pytest.raises(InvalidTransition) as caught:
        transition(current, target)
    assert isinstance(caught.value, CounterError)
    assert caught.value.current == current.value
    assert caught.value.target == target.value
    assert current.label in caught.value.message


def test_table_covers_every_state_and_has_labels() -> None:
    assert set(TRANSITIONS) == set(S)
    assert set(STATE_LABELS) == set(S)
    assert all(STATE_LABELS.values())
    assert S.AWAITING_SUPPLEMENT.label == "待补正"
    assert S.FORWARDED.label == "已转外部机关"


def test_forbidden_sample_has_the_expected_pairs() -> None:
    forbidden = set(FORBIDDEN)
    assert (S.RECEIVED, S.APPROVED) in forbidden  # no decision without examination
    assert (S.AWAITING_SUPPLEMENT, S.UNDER_EXAMINATION) in forbidden
    assert (S.MAILED, S.CLOSED) in forbidden  # wait for delivery or return
    assert (S.APPROVED, S.REJECTED) in forbidden
    assert (S.DELIVERED, S.MAILED) in forbidden
    assert (S.REFUSED, S.RECEIVED) in forbidden
    assert (S.RECEIVED, S.RECEIVED) in forbidden


def test_message_lists_the_allowed_options() -> None:
    with pytest.raises(InvalidTransition) as caught:
        transition(S.MAILED, S.CLOSED)
    message = caught.value.message
    assert "当前为“已寄出”" in message and "不能直接改为“已办结”" in message
    assert "“已送达”" in message and "“邮件退回”" in message


def test_same_state_and_terminal_messages() -> None:
    with pytest.raises(InvalidTransition, match="已经是“审查中”"):
        transition(S.UNDER_EXAMINATION, S.UNDER_EXAMINATION)
    with pytest.raises(InvalidTransition, match="新建案件"):
        transition(S.CLOSED, S.RECEIVED)


def test_terminal_states() -> None:
    assert {S.CLOSED} == TERMINAL_STATES
    assert is_terminal(S.CLOSED) and not is_terminal(S.DELIVERED)
    assert allowed_next(S.CLOSED) == ()


@pytest.mark.parametrize(
    "path",
    [
        # supplement arrives -> the same case continues
        [
            S.AWAITING_SUPPLEMENT,
            S.RECEIVED,
            S.UNDER_EXAMINATION,
            S.APPROVED,
            S.AWAITING_PICKUP,
            S.DELIVERED,
            S.CLOSED,
        ],
        # return for correction -> corrected -> examined again
        [
            S.RECEIVED,
            S.UNDER_EXAMINATION,
            S.RETURNED_FOR_CORRECTION,
            S.UNDER_EXAMINATION,
            S.REJECTED,
            S.MAILED,
            S.DELIVERED,
            S.CLOSED,
        ],
        # forwarded -> the authority approves; mail returned -> re-mailed
        [
            S.RECEIVED,
            S.FORWARDED,
            S.APPROVED,
            S.MAILED,
            S.MAIL_RETURNED,
            S.MAILED,
            S.DELIVERED,
            S.CLOSED,
        ],
        # mail returned -> collected at the window
        [
            S.RECEIVED,
            S.FORWARDED,
            S.REJECTED,
            S.MAILED,
            S.MAIL_RETURNED,
            S.AWAITING_PICKUP,
            S.DELIVERED,
            S.CLOSED,
        ],
        # refused at the window, notice handed over
        [S.REFUSED, S.CLOSED],
        # applicant withdraws while waiting for the supplement
        [S.AWAITING_SUPPLEMENT, S.CLOSED],
    ],
)
def test_counter_flows(path: list[CaseState]) -> None:
    assert path[0] in INITIAL_STATES
    state = path[0]
    for target in path[1:]:
        state = transition(state, target)
    assert state is S.CLOSED


def _reachable(start: CaseState) -> set[CaseState]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in TRANSITIONS[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_every_state_is_reachable_and_every_case_can_be_closed() -> None:
    reachable = set().union(*(_reachable(s) for s in INITIAL_STATES))
    assert reachable == set(S)
    assert all(S.CLOSED in _reachable(state) for state in S)


def test_clock_rules() -> None:
    assert {S.AWAITING_SUPPLEMENT, S.RETURNED_FOR_CORRECTION} == CLOCK_PAUSED_STATES
    running = {state for state in S if clock_running(state)}
    assert running == {S.RECEIVED, S.UNDER_EXAMINATION, S.FORWARDED}


def test_reasons_are_required_for_negative_outcomes_and_withdrawal() -> None:
    assert needs_reason(S.RECEIVED, S.REFUSED)
    assert needs_reason(S.UNDER_EXAMINATION, S.REJECTED)
    assert needs_reason(S.UNDER_EXAMINATION, S.RETURNED_FOR_CORRECTION)
    assert needs_reason(S.RECEIVED, S.AWAITING_SUPPLEMENT)
    assert needs_reason(S.RECEIVED, S.CLOSED)  # withdrawal
    assert not needs_reason(S.DELIVERED, S.CLOSED)
    assert not needs_reason(S.UNDER_EXAMINATION, S.APPROVED)
