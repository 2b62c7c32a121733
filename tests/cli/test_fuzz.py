"""Property-based test of counter-admin (issue 12, point 8): every command and subcommand, as
the parser lists them, with random arguments and option values, random standard input and,
for ``catalog import``, random files; ``main()`` runs in this process against a copy of a
set-up SQLite database.

What must hold: the exit code is 0, 1 or 2 (argparse's SystemExit(2) counts), never an
exception out of ``main``; a refusal (2) leaves every table as it was, and an import that did
not succeed leaves the catalogue as it was; no run takes longer than ``TIME_LIMIT``.

``COUNTER_FUZZ_EXAMPLES`` sets the examples per command (default 40 in ``make test``; issue 12
asks for 10,000 once: ``COUNTER_FUZZ_EXAMPLES=10000 pytest tests/cli/test_fuzz.py -k import``).
Commands without arguments get at most ``COUNTER_FUZZ_PLAIN`` (default 5): only their standard
input and a stray argument vary.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.fuzz_support import (
    Command,
    Places,
    Workspace,
    arguments,
    digest,
    free_text,
    import_files,
    leaf_parsers,
    value_strategies,
)
from tests.hall.cli_support import ADMIN_PW, SETUP

EXAMPLES = int(os.environ.get("COUNTER_FUZZ_EXAMPLES", "40"))
PLAIN_EXAMPLES = int(os.environ.get("COUNTER_FUZZ_PLAIN", "5"))
STATS = os.environ.get("COUNTER_FUZZ_STATS")
COMMANDS = leaf_parsers()
CATALOG = ("catalog_item", "catalog_item_version")

# The commands that run the whole self-test in a temporary folder: slow and argument-free.
SLOW: dict[Command, int] = {("selftest",): 2}


def _settings(words: Command) -> settings:
    parser = COMMANDS[words]
    takes_arguments = any(
        a.dest != "help" and (a.option_strings or a.nargs != 0) for a in parser._actions
    )
    examples = EXAMPLES if takes_arguments else min(EXAMPLES, PLAIN_EXAMPLES)
    return settings(
        max_examples=SLOW.get(words, examples),
        deadline=None,
        database=None,
        derandomize="COUNTER_FUZZ_RANDOM" not in os.environ,
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    """A hall set up by the command itself, with a second account, a printer and a few demo
    cases (so that ``document render`` finds real cases); and what is in it to aim at."""
    folder = tmp_path_factory.mktemp("fuzz-template")
    space = Workspace(folder, folder / "unused.db")
    steps = [
        (list(SETUP), ADMIN_PW + "\n"),
        (["user", "add", "zhang", "--role", "reception"], "pass2026word\n"),
        (["printer", "add", "票据", f"file://{folder / 'printed.bin'}"], ""),
        (["demo", "seed", "--cases", "4", "--seed", "1", "--method", "service"], ""),
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COUNTER_DATA_DIR", str(folder / "userdata"))
        for argv, stdin in steps:
            done = space.run(argv, stdin.encode())
            assert done.code == 0, (argv, done.err)
        exported = space.run(["catalog", "export"])
    assert exported.code == 0, exported.err
    with sqlite3.connect(space.db) as conn:
        known = {
            "users": [r[0] for r in conn.execute("SELECT username FROM staff")],
            "cases": [r[0] for r in conn.execute("SELECT number FROM cases")],
            "receipts": [r[0] for r in conn.execute("SELECT receipt_number FROM payment")]
            or ["none"],
        }
    known["export"] = json.loads(exported.out)
    saved = folder / "template.db"
    space.db.rename(saved)
    yield saved, known


@pytest.fixture
def workspace(
    tmp_path: Path, template: tuple[Path, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> Workspace:
    root = tmp_path / "work"
    root.mkdir()
    # "--db ''" means this PC's default database: a throwaway one, never the machine's own.
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "userdata"))
    return Workspace(root, template[0])


def _check(space: Workspace, before: str, argv: list[str], outcome: Any) -> None:
    stage = "argparse" if "usage:" in outcome.err else "handled"
    if STATS:  # how deep the examples got: COUNTER_FUZZ_STATS=file appends one line each
        with open(STATS, "a", encoding="utf-8") as log:
            log.write(f"{' '.join(argv[:2])}\texit {outcome.code} ({stage})\n")
    shown = f"argv={argv!r}\nstdout={outcome.out[-2000:]}\nstderr={outcome.err[-2000:]}"
    assert outcome.code in (0, 1, 2), shown
    if argv[:1] != ["selftest"]:  # the self-test prints the traceback of a failed step on purpose
        assert "Traceback" not in outcome.err, shown
    if outcome.code == 2:
        assert digest(space.db) == before, "a refused command changed the database\n" + shown
    if outcome.code != 0:
        leftovers = [f for f in space.files() if f.endswith(".part")]
        assert not leftovers, f"half-written output {leftovers}\n{shown}"


@pytest.mark.parametrize("words", sorted(COMMANDS), ids=" ".join)
def test_every_command_survives_random_input(
    words: Command, workspace: Workspace, template: tuple[Path, dict[str, Any]]
) -> None:
    hints = value_strategies(workspace.places, template[1])
    stdin = st.one_of(
        st.sampled_from([b"", b"\n", b"pass2026word\n", b"2468\n", b"admin2026ok\n"]),
        st.binary(max_size=60),
        free_text.map(lambda t: t.encode("utf-8", "surrogatepass") + b"\n"),
    )

    @_settings(words)
    @given(arguments(words, COMMANDS[words], hints), stdin)
    def run(argv: list[str], stdin_bytes: bytes) -> None:
        workspace.reset()
        before = digest(workspace.db)
        outcome = workspace.run(argv, stdin_bytes)
        _check(workspace, before, argv, outcome)

    run()


def test_catalog_import_of_random_files_changes_all_or_nothing(
    workspace: Workspace, template: tuple[Path, dict[str, Any]]
) -> None:
    """Random bytes, random JSON and mutations of a valid export: the catalogue changes only
    when the import says it succeeded."""
    valid = template[1]["export"]

    @_settings(("catalog", "import"))
    @given(import_files(valid))
    def run(content: bytes) -> None:
        workspace.reset()
        path = workspace.root / "import.json"
        path.write_bytes(content)
        before, catalogue = digest(workspace.db), digest(workspace.db, CATALOG)
        argv = ["catalog", "import", str(path)]
        outcome = workspace.run(argv, b"")
        _check(workspace, before, argv, outcome)
        if outcome.code != 0:
            assert digest(workspace.db, CATALOG) == catalogue, outcome.err
        else:
            assert outcome.out.startswith("导入完成"), outcome.out

    run()


# Every command with a --db that is no database of this PC: exit 2, and no file appears.
_BAD_DB = [
    "nonsense",
    "",
    "mysql://u@127.0.0.1:1/x",
    "postgresql+psycopg2://u@127.0.0.1:1/x",
    "oracle://u@h/x",
    "sqlite://",
    "sqlite:///:memory:",
    "sqlite://host/x.db",
    "http://example.invalid/",
]


@st.composite
def _bad_db(draw: st.DrawFn, places: Places) -> str:
    missing = draw(st.sampled_from(["typo/x.db", "x.db", "missing-folder/deeper/c.db", "sub"]))
    return draw(
        st.one_of(
            st.sampled_from(_BAD_DB),
            st.just(f"sqlite:///{places.root / missing}"),
            st.just("sqlite:////proc/x.db"),
            st.just("sqlite:////proc/nonexistent/dir/x.db"),
            free_text,
        )
    )


def test_every_command_refuses_a_database_that_is_not_there(workspace: Workspace) -> None:
    commands = sorted(COMMANDS)

    @settings(
        max_examples=max(EXAMPLES, 2 * len(commands)),
        deadline=None,
        database=None,
        derandomize="COUNTER_FUZZ_RANDOM" not in os.environ,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.sampled_from(commands), st.data())
    def run(words: Command, data: st.DataObject) -> None:
        workspace.reset()
        workspace.db.unlink()
        shutil.rmtree(workspace.root.parent / "userdata", ignore_errors=True)  # no default db
        before = workspace.files()
        db = data.draw(_bad_db(workspace.places))
        hints = value_strategies(
            workspace.places, {"users": ["x"], "cases": ["x"], "receipts": ["none"]}
        )
        argv = data.draw(arguments(words, COMMANDS[words], hints))
        outcome = workspace.run(argv, b"admin2026ok\n", db=db)
        shown = f"db={db!r} argv={argv!r}\n{outcome.err[-2000:]}"
        assert outcome.code in (0, 1, 2), shown
        if words in {("db", "upgrade"), ("hall", "setup")} or words == ("selftest",):
            return  # may create the database (db upgrade; hall setup keeps it only if done)
        assert outcome.code == 2, shown
        assert workspace.files() == before, shown

    run()
