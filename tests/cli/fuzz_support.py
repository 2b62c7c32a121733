"""What the property-based test of counter-admin needs: the commands as the parser knows them,
strategies for their arguments and import files, and a workspace that runs ``main()`` in this
process against a copy of a set-up database, with a hard time limit and a digest of the tables.

Every path a strategy makes lies in the workspace's folder or in /proc (nothing can be
created there, not even by root: "a folder that does not exist" is /proc/nonexistent, since
``db upgrade`` would create /nonexistent/dir); free text never starts with a path or holds a
URL scheme, and network addresses are 127.0.0.1 port 1 (nothing listens there): no example can
write outside the test's temporary folder or reach another machine.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from counter_app.cli import build_parser, main
from counter_app.hall.rules.settings import SETTING_LABELS

Command = tuple[str, ...]

# Seconds one run of a command may take before the test calls it a hang.
TIME_LIMIT = float(os.environ.get("COUNTER_FUZZ_TIME_LIMIT", "60"))


def leaf_parsers() -> dict[Command, argparse.ArgumentParser]:
    """Every command and subcommand of counter-admin, from the parser itself: a command added
    later is fuzzed without anyone listing it here."""
    found: dict[Command, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, words: Command) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found[words] = parser
            return
        for name, child in subs[0].choices.items():
            walk(child, (*words, name))

    walk(build_parser(), ())
    return found


# --- values ---------------------------------------------------------------------------------

# Text as a terminal could hand it over, and worse: control characters, NUL (only a caller in
# this process can pass one), lone surrogates (bytes that were not UTF-8 in the terminal's
# encoding), Chinese, very long strings.
_CHARS = st.one_of(
    st.characters(codec="utf-8"),  # no surrogates: UTF-8 cannot encode them
    st.characters(max_codepoint=0x1F),
    st.sampled_from("\x00\x7f\u200b\ufeff\u3000，。（）：/\\%?#&=-_.@[]"),
    st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF),
)


def _harmless(text: str) -> str:
    """Free text is never a path from the root, a way up (..) or a URL: an example must not
    write to /0 or beside the test's folder."""
    text = text.replace("..", "__")
    if text.startswith(("/", "\\", "~")) or ":/" in text or ":\\" in text:
        return "x" + text.replace(":/", ":_").replace(":\\", ":_")
    return text


free_text = st.one_of(
    st.text(_CHARS, max_size=30),
    st.text(_CHARS, min_size=200, max_size=5000),
).map(_harmless)

numbers = st.one_of(
    st.integers(-(10**6), 10**6),
    st.sampled_from([0, -1, 2**31, 2**63, -(2**63) - 1, 10**30, -(10**30), 10**4000]),
).map(str)

number_like = st.one_of(
    numbers,
    st.sampled_from(["NaN", "nan", "inf", "-Infinity", "1e30", "1e-30", "0x10", "1_000", "٣", "²"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)

dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2027-02-06", "2026-11-27", "2026-02-30", "0000-01-01", "9999-12-31"]),
    st.sampled_from(["2026-1-1", "20261127", "2026/11/27", "昨天", "2026-11-27T00:00"]),
)


@dataclass(frozen=True)
class Places:
    """Where file arguments may point."""

    root: Path

    def paths(self) -> st.SearchStrategy[str]:
        inside = [
            "out.pdf",
            "out.json",
            "existing.json",
            "missing-folder/x.pdf",
            "missing-folder/deeper/x.json",
            "",
            ".",
            "sub",
            "sub/",
            "a" * 300,
            "x.pdf\n",
            "中文 名称.pdf",
        ]
        return st.one_of(
            st.sampled_from([str(self.root / p) for p in inside]),
            st.sampled_from(
                [
                    "/proc/x.pdf",
                    "/proc/x.json",
                    "/proc/version",
                    "/proc/1/x",
                    "/proc",
                    "/proc/nonexistent/dir/x.json",
                    "/proc/nonexistent/x.pdf",
                    "",
                    " ",
                ]
            ),
            free_text.map(lambda t: str(self.root / t) if t else t),
        )

    def printer_urls(self) -> st.SearchStrategy[str]:
        """Printer URLs of every scheme, well and badly formed, going nowhere real."""
        a_path = self.paths()
        schemes = st.sampled_from(["tcp", "serial", "usb", "usbfile", "spool", "winspool", "file"])
        host = st.sampled_from(
            ["127.0.0.1:1", "[::1]:1", "[::1:9100", "127.0.0.1:99999", "127.0.0.1:-1", ":1", ""]
        )
        query = st.one_of(
            st.just(""),
            st.sampled_from(
                [
                    "?baud=9600",
                    "?baud=10000000000000000000000000",
                    "?timeout=nan",
                    "?timeout=inf",
                    "?timeout=1e400",
                    "?timeout=0.2",
                    "?parity=Q",
                    "?flow=rtscts",
                    "?append=1",
                    "?unknown=1",
                    "?%00=%00",
                ]
            ),
            free_text.map(lambda t: "?" + t),
        )
        tails = st.one_of(
            a_path,
            st.sampled_from(["%00", "/dev/tty%00S0", "%ff%fe", "0x0416:0x5011", "0x10000:1"]),
            free_text,
        )
        return st.one_of(
            st.builds(lambda h, q: f"tcp://{h}{q}", host, query),
            st.builds(lambda s, t, q: f"{s}://{t}{q}", schemes, tails, query).filter(_no_network),
            st.builds(lambda t: f"winspool://{t}", free_text),
            free_text,
        )


def _no_network(url: str) -> bool:
    """A made-up tcp URL reaches only 127.0.0.1 port 1; no name is looked up."""
    if not url.lower().startswith("tcp:"):
        return True
    return url.lower().startswith(("tcp://127.0.0.1:1", "tcp://[::1]:1", "tcp://[::1:"))


# --- import files ---------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**40), 10**40),
        st.sampled_from([10**30, 2**63, -1, 0, 1, 99, 100]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(_CHARS.filter(lambda c: not "\ud800" <= c <= "\udfff"), max_size=20),
        st.sampled_from(["NaN", "1e30", "-0.01", "12.345", "no", "true", "", "service", "其它"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)

_KEYS = [
    "number",
    "retired",
    "name",
    "category",
    "authority",
    "applicant_types",
    "materials",
    "time_limit_days",
    "time_limit_note",
    "fees",
    "fee_reductions",
    "legal_basis",
    "process",
    "guide",
    "rejection_reasons",
    "four_eyes",
    "copies",
    "original",
    "amount",
    "note",
    "requirement",
    "items",
    "format",
]


@st.composite
def mutated(draw: st.DrawFn, valid: dict[str, Any]) -> Any:
    """A valid export with a few changes anywhere in it: a value replaced, a key removed or
    added, a list entry duplicated."""
    data = json.loads(json.dumps(valid))
    for _ in range(draw(st.integers(1, 4))):
        node: Any = data
        for _depth in range(draw(st.integers(0, 5))):
            if isinstance(node, dict) and node:
                child = node[draw(st.sampled_from(sorted(node)))]
            elif isinstance(node, list) and node:
                child = node[draw(st.integers(0, len(node) - 1))]
            else:
                break
            if not isinstance(child, dict | list):
                break
            node = child
        what = draw(st.sampled_from(["replace", "remove", "add", "duplicate"]))
        if isinstance(node, dict):
            key = draw(st.one_of(st.sampled_from(sorted(node) or ["x"]), st.sampled_from(_KEYS)))
            if what == "remove":
                node.pop(key, None)
            else:
                node[key] = draw(json_values)
        elif isinstance(node, list) and node:
            index = draw(st.integers(0, len(node) - 1))
            if what == "duplicate":
                node.append(json.loads(json.dumps(node[index])))
            elif what == "remove":
                node.pop(index)
            else:
                node[index] = draw(json_values)
    return data


def _as_bytes(data: Any, bom: bool, ascii_only: bool) -> bytes:
    text = json.dumps(data, ensure_ascii=ascii_only, allow_nan=True, default=str)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")


def import_files(valid: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """Contents of a file given to ``catalog import``."""
    deep = st.integers(1, 200_000).map(lambda n: b"[" * n + b"]" * n)
    return st.one_of(
        st.builds(_as_bytes, mutated(valid), st.booleans(), st.booleans()),
        st.builds(
            _as_bytes,
            st.fixed_dictionaries({"format": st.just("ip-counter-catalog"), "items": json_values}),
            st.booleans(),
            st.booleans(),
        ),
        st.builds(_as_bytes, json_values, st.booleans(), st.booleans()),
        st.binary(max_size=300),
        deep,
        st.just(b'{"format": "ip-counter-catalog", "items": [' + b"9" * 5000 + b"]}"),
        st.builds(lambda b: _as_bytes(valid, True, False)[: max(1, b)], st.integers(0, 5000)),
    )


# --- running --------------------------------------------------------------------------------


class Hang(BaseException):
    """Raised by the alarm when one command runs longer than ``TIME_LIMIT``."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def ring(_signum: int, _frame: Any) -> None:
        raise Hang(f"counter-admin ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def digest(path: Path, tables: tuple[str, ...] | None = None) -> str:
    """A hash of every row of every table (or of ``tables``), to see that nothing changed."""
    h = hashlib.sha256()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        names = tables or tuple(
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        )
        for name in names:
            h.update(name.encode())
            for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
                h.update(repr(row).encode())
    return h.hexdigest()


class Workspace:
    """A folder with a copy of the set-up database; ``run`` restores it first."""

    def __init__(self, root: Path, template: Path) -> None:
        self.root, self.template = root, template
        self.db = root / "counter.db"
        self.url = f"sqlite+pysqlite:///{self.db}"
        self.places = Places(root)

    def reset(self) -> None:
        """The database as set up, the folder with only what the strategies expect."""
        for entry in self.root.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        shutil.copyfile(self.template, self.db)
        (self.root / "sub").mkdir()
        (self.root / "existing.json").write_text("{}", encoding="utf-8")

    def files(self) -> set[str]:
        return {str(p.relative_to(self.root)) for p in self.root.rglob("*")}

    def run(self, argv: list[str], stdin: bytes = b"", db: str | None = None) -> Outcome:
        stdin_stream = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        full = ["--db", self.url if db is None else db, *argv]
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            _swap_stdin(stdin_stream),
            _cwd(self.root),
            time_limit(TIME_LIMIT),
        ):
            try:
                code = main(full)
            except SystemExit as exc:  # argparse: a missing or unknown option, a bad choice
                code = exc.code if isinstance(exc.code, int) else 2
        return Outcome(code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _swap_stdin(stream: io.TextIOWrapper) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = saved


@contextlib.contextmanager
def _cwd(folder: Path) -> Iterator[None]:
    saved = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(saved)


# --- arguments of one command ---------------------------------------------------------------


def value_strategies(places: Places, known: dict[str, list[str]]) -> dict[str, Any]:
    """Plausible values for an argument by its name, mixed with anything at all below."""
    paths, urls = places.paths(), places.printer_urls()
    setting_keys = st.sampled_from([*SETTING_LABELS, *SETTING_LABELS.values(), "出文机关"])
    roles = st.sampled_from(["reception", "administrative", "supervisor", "administrator"])
    return {
        "out": paths,
        "file": paths,
        "url": urls,
        "port": st.one_of(paths, st.just("socket://127.0.0.1:1"), st.just("COM3")),
        "date": dates,
        "year": st.one_of(st.sampled_from(["2026", "2027", "2050", "1999", "0"]), number_like),
        "cases": st.sampled_from(["0", "-1", "1", "2", "5000001", str(10**30), "2.5", "一"]),
        "seed": number_like,
        "limit": number_like,
        "order": number_like,
        "minutes": number_like,
        "led": number_like,
        "address": number_like,
        "baud": number_like,
        "id": number_like,
        "paper": st.sampled_from(["58", "80", "0", "10000000000"]),
        "key": setting_keys,
        "value": st.one_of(free_text, st.sampled_from(["", " ", "LYG", "W03", "0518-1234567"])),
        "role": st.builds(",".join, st.lists(roles, max_size=3)),
        "roles": st.builds(",".join, st.lists(roles, max_size=3)),
        "name": st.one_of(st.sampled_from(known["users"]), free_text),
        "case": st.one_of(st.sampled_from(known["cases"]), free_text),
        "payment": st.one_of(st.sampled_from(known["receipts"]), free_text),
        "kind": st.sampled_from(
            ["workday", "holiday", "调休上班", "放假", "x", "counter", "admin"]
        ),
        "code": st.sampled_from(["A", "B", "W05", "abc-1", "", "Z" * 30]),
        "number": st.sampled_from(["1", "2", "99", "0", "-1", "一"]),
        "categories": st.sampled_from(["A", "B,A", "", ",,", "Z", "A,A"]),
        "window": st.sampled_from(["1", "3", "", "窗口三"]),
        "host": st.just("127.0.0.1"),
    }


# Arguments that take only their plausible values: ``demo seed --cases 900000`` is no bug,
# just a long afternoon (the limits themselves are in the strategy).
ONLY_HINTED = {"cases"}

# Options whose values are fixed so that no example talks to another machine.
PINNED: dict[Command, dict[str, str]] = {("sync", "configure"): {"host": "127.0.0.1", "port": "1"}}


@st.composite
def arguments(
    draw: st.DrawFn,
    words: Command,
    parser: argparse.ArgumentParser,
    hints: dict[str, Any],
) -> list[str]:
    """An argument list for the command: each option given or not, each value plausible or
    random, now and then an argument too many."""
    anything = st.one_of(free_text, numbers, dates)
    pinned = PINNED.get(words, {})
    options: list[str] = []
    positionals: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if action.dest in pinned:
            flag = action.option_strings[0] if action.option_strings else None
            options += [flag, pinned[action.dest]] if flag else [pinned[action.dest]]
            continue
        if action.nargs == 0:  # a switch
            if draw(st.booleans()):
                options.append(action.option_strings[0])
            continue
        # Plausible values three times in four, so that most examples get past the parser.
        plausible = draw(st.sampled_from([True, True, True, False]))
        if action.dest in ONLY_HINTED:
            value_strategy = hints[action.dest]
        elif not plausible:
            value_strategy = anything
        elif action.choices is not None:
            choices = [str(getattr(c, "value", c)) for c in action.choices]
            value_strategy = st.sampled_from(choices)
        else:
            value_strategy = hints.get(action.dest, anything)
        if not action.option_strings:
            positionals.append(draw(value_strategy))
        elif action.required or draw(st.booleans()):
            options.append(f"{action.option_strings[0]}={draw(value_strategy)}")
    extra = draw(st.sampled_from([[]] * 18 + [["--unknown"], ["surplus"]]))
    if extra and not draw(st.booleans()):
        extra = []
    return [*words, *options, *positionals, *extra]
