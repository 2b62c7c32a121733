"""Hand-made mutants of the central's PL/pgSQL (mutmut cannot mutate it): each breaks one rule
of sync_push / sync_apply_change / sync_number on a throwaway central, by CREATE OR REPLACE
of the installed function with one fragment changed, and a sync test must then fail.

A mutant whose scenario still passes means the tests would not notice that fault in the
central: this file fails then. See docs/decisions/0012-mutation-testing.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from counter_app.core.errors import CounterError
from tests.sync import test_two_counters as two
from tests.sync.conftest import Hall
from tests.sync.test_exactly_once import replay_after_a_lost_answer
from tests.sync.test_insert_collisions import same_new_applicant_at_two_counters

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@dataclass(frozen=True)
class Mutant:
    function: str
    edits: tuple[tuple[str, str], ...]  # (fragment of the installed body, replacement)
    scenario: Callable[[Hall], None]
    fails_with: type[BaseException] = AssertionError
    setup: str = ""


MUTANTS = {
    # Op ids not looked up: a replay is applied again (and its record kept quiet).
    "replay-applied-again": Mutant(
        "sync_push",
        (
            (
                "SELECT result INTO v_prev FROM sync_applied_op WHERE op_id = v_op;",
                "SELECT result INTO v_prev FROM sync_applied_op WHERE false;",
            ),
            (
                "VALUES (v_op, p_client, v_res);",
                "VALUES (v_op, p_client, v_res) ON CONFLICT (op_id) DO NOTHING;",
            ),
        ),
        replay_after_a_lost_answer,
    ),
    # Op ids not looked up, the record inserted as before: the replay breaks the push.
    "replay-not-looked-up": Mutant(
        "sync_push",
        (
            (
                "SELECT result INTO v_prev FROM sync_applied_op WHERE op_id = v_op;",
                "SELECT result INTO v_prev FROM sync_applied_op WHERE false;",
            ),
        ),
        replay_after_a_lost_answer,
        fails_with=IntegrityError,
    ),
    # Compare-and-set against the central's own value: the last writer silently wins.
    "last-writer-wins": Mutant(
        "sync_apply_change",
        (
            (
                "(v_cur -> v_col) IS NOT DISTINCT FROM (v_old -> v_col)",
                "(v_cur -> v_col) IS NOT DISTINCT FROM (v_cur -> v_col)",
            ),
        ),
        two.test_edits_of_different_fields_merge_and_the_same_field_conflicts,
    ),
    # A different row under an existing key is ignored instead of parked.
    "differing-insert-ignored": Mutant(
        "sync_apply_change",
        (
            (
                "ELSIF p_mode = 'ensure' OR NOT sync_differs(v_new, v_cur, v_skip) THEN",
                "ELSIF true THEN",
            ),
        ),
        same_new_applicant_at_two_counters,
    ),
    # A conflict is answered but not parked for the supervisor.
    "conflict-not-parked": Mutant(
        "sync_push",
        (("INSERT INTO sync_conflict (", "INSERT INTO sync_conflict_void ("),),
        two.test_approve_and_reject_while_cut_off_end_in_one_visible_conflict,
        setup="CREATE TABLE sync_conflict_void (LIKE sync_conflict INCLUDING DEFAULTS)",
    ),
    # The changed rows are not numbered: nobody pulls them (the second counter cannot even
    # log in: the founding counter's staff never reach it).
    "rows-not-numbered": Mutant(
        "sync_number",
        (("WHERE r.tbl = u.tbl AND r.key = u.key;", "WHERE false;"),),
        two.test_a_case_received_at_a_is_approved_at_b,
        fails_with=CounterError,
    ),
    # A row merged at the central is marked as its sender's own: the sender never pulls
    # the merged result.
    "merged-row-kept-from-its-sender": Mutant(
        "sync_apply_change",
        (("CASE WHEN v_exact THEN p_origin END", "p_origin"),),
        two.test_edits_of_different_fields_merge_and_the_same_field_conflicts,
    ),
}


def _mutate(central: Engine, mutant: Mutant) -> None:
    """Replace the installed function by its mutant (the body as pg_get_functiondef gives it,
    so whatever migration installed it last is what gets mutated)."""
    raw = central.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            "SELECT pg_get_functiondef(p.oid) FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' AND p.proname = %s",
            (mutant.function,),
        )
        (body,) = cursor.fetchone()  # type: ignore[misc]
        for old, new in mutant.edits:
            assert body.count(old) == 1, f"fragment not found once in {mutant.function}: {old!r}"
            body = body.replace(old, new)
        if mutant.setup:
            cursor.execute(mutant.setup)
        cursor.execute(body)
        raw.commit()
    finally:
        raw.close()


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_the_sync_tests_catch_a_mutant_of_the_central(hall: Hall, name: str) -> None:
    mutant = MUTANTS[name]
    _mutate(hall.central, mutant)
    with pytest.raises(mutant.fails_with):
        mutant.scenario(hall)


def test_a_mutant_is_really_installed(hall: Hall) -> None:
    """The harness itself: the mutated body is what the central then runs."""
    _mutate(hall.central, MUTANTS["rows-not-numbered"])
    with hall.central.connect() as conn:
        body = conn.execute(
            text("SELECT prosrc FROM pg_proc WHERE proname = 'sync_number'")
        ).scalar_one()
    assert "WHERE false;" in body and "r.key = u.key" not in body
