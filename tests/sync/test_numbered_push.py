"""A push numbered as it is written (migration 0018, db/sync/central_push.py): a batch's last
run of plain inserts takes the push's one seq after its rows' inserts and writes the sync_row
entries with it; what earlier steps of the batch changed gets the same seq; a run that is not
last is numbered at the end as before. Every push call is one seq, whatever its shape."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine, text

from tests.sync.conftest import Hall
from tests.sync.test_set_apply import _login, _op, _push


def _seq(central: Engine) -> int:
    with central.connect() as conn:
        return int(conn.execute(text("SELECT seq FROM sync_meta")).scalar_one())


def _numbers(central: Engine, keys: list[uuid.UUID]) -> list[int | None]:
    with central.connect() as conn:
        found = dict(
            conn.execute(
                text("SELECT key, server_seq FROM sync_row WHERE tbl = 'login_event'")
            ).all()
        )
    return [found.get(str(k)) for k in keys]


@pytest.mark.postgres
@pytest.mark.parametrize(
    "shape",
    [
        "run",  # one run of inserts: the last step
        "update, run",  # a per-command step, then the last run
        "run, update, run",  # a run that is not last, a per-command step, the last run
        "run, update",  # the run is not last: numbered at the end
    ],
)
def test_every_row_of_a_push_gets_its_one_seq(hall: Hall, shape: str) -> None:
    hall.counter("W01")
    central = hall.central
    existing = uuid.uuid4()
    assert list(_push(central, [_op(_login(existing))]).values()) == ["applied"]
    batch, keys = [], [existing]
    for step in shape.split(", "):
        if step == "run":
            new = [uuid.uuid4() for _ in range(3)]
            keys += new
            batch += [_op(_login(k)) for k in new]
        else:
            change = {**_login(existing, user="li"), "o": "u", "old": {"username": "wang"}}
            change["new"] = {"username": "li"}
            batch.append(_op(change))
    before = _seq(central)
    answers = _push(central, batch)
    assert set(answers.values()) == {"applied"}
    assert _seq(central) == before + 1  # one number per push call
    touched = keys if "update" in shape else keys[1:]
    assert _numbers(central, touched) == [before + 1] * len(touched)
