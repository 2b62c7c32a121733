"""The message of a refused transition lists the allowed next states, exactly as shown."""

from __future__ import annotations

import pytest

from counter_app.cases.rules.states import CaseState as S
from counter_app.cases.rules.states import allowed_next, transition
from counter_app.core.errors import InvalidTransition


def test_the_refusal_lists_every_allowed_state_separated_by_a_comma() -> None:
    with pytest.raises(InvalidTransition) as caught:
        transition(S.MAILED, S.CLOSED)
    options = "、".join(f"“{state.label}”" for state in allowed_next(S.MAILED))
    assert len(allowed_next(S.MAILED)) >= 2
    assert caught.value.message == (
        f"案件当前为“{S.MAILED.label}”，不能直接改为“{S.CLOSED.label}”。当前可以改为：{options}"
    )
