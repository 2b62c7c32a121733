"""counter-admin run in this process through ``main()`` (fast), and what a database holds."""

from __future__ import annotations

import io
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from counter_app.cli import main

ADMIN_PW = "admin2026ok"
SETUP = (
    "hall",
    "setup",
    "--name",
    "连云港市知识产权保护中心",
    "--hall-code",
    "LYG",
    "--counter",
    "W03",
    "--admin-name",
    "王管理",
    "--password-stdin",
)


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


class Cli:
    """``cli("hall", "show", stdin=...)`` against one SQLite file."""

    def __init__(
        self, path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ):
        self.path = path
        self.url = f"sqlite+pysqlite:///{path}"
        self._monkeypatch, self._capsys = monkeypatch, capsys

    def __call__(self, *args: str, stdin: str = "") -> Result:
        self._monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        self._capsys.readouterr()
        try:
            code = main(["--db", self.url, *args])
        except SystemExit as exc:  # argparse: missing or unknown options
            code = int(exc.code or 0)
        captured = self._capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.path) as conn:
            return conn.execute(sql).fetchall()

    def snapshot(self) -> tuple[object, ...]:
        """Everything a refused command must leave as it was."""
        return (
            self.rows("SELECT key, value FROM setting ORDER BY key"),
            self.rows("SELECT username, roles, active, password_hash FROM staff ORDER BY username"),
            self.rows("SELECT day, is_workday, note FROM holiday_override ORDER BY day"),
            self.rows("SELECT year, complete FROM holiday_year ORDER BY year"),
            self.rows("SELECT count(*) FROM audit_log"),
        )
