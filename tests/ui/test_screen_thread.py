"""The screen's thread does no database, password or PDF work (issue 17 point 1).

The counter window runs as main.py runs it (the ThreadRunner: a real worker thread) and goes
through the actions of the heartbeat benchmark (benchmarks/bench_heartbeat.py): login,
opening every tab, the approval work list, a catalogue search, saving a reception with its
notice, opening a case by scan, calling a ticket. While each runs, every SQL statement
(SQLAlchemy's ``before_cursor_execute``), every argon2 verification and every PDF written by
reportlab (``Canvas.save``) is checked for the thread it runs on: on the screen's thread
(``threading.main_thread()``) the test fails, naming the action and where it was called
from. Structural, not timed: a slow machine neither fails nor passes it.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from PySide6.QtWidgets import QApplication
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import event
from sqlalchemy.engine import Engine

from benchmarks import bench_heartbeat as hb
from counter_app.cases.rules.reception import Outcome
from counter_app.container import Services
from counter_app.core.roles import Actor, Area
from tests.cases.reception.support import form
from ui.fonts import install_app_font

ROOT = Path(__file__).resolve().parents[2]
OWN = ("ui", "counter_app", "db", "printers")


def _caller() -> str:
    """The project's frames that led here, innermost first (library frames left out)."""
    frames = []
    for frame in reversed(traceback.extract_stack()[:-3]):
        path = Path(frame.filename)
        if path.is_relative_to(ROOT) and path.relative_to(ROOT).parts[0] in OWN:
            frames.append(f"{path.relative_to(ROOT)}:{frame.lineno} {frame.name}")
    return " <- ".join(frames[:4]) or "?"


class ScreenThreadWatch:
    """Records database, password and PDF work done on the screen's thread, per action."""

    def __init__(self) -> None:
        self.action = ""
        self.seen: dict[str, set[str]] = {}  # what ran in a worker, per action
        self.offences: list[str] = []

    def note(self, what: str) -> None:
        if not self.action:
            return
        if threading.current_thread() is threading.main_thread():
            self.offences.append(f"{self.action}: {what} on the screen's thread, from {_caller()}")
        else:
            self.seen.setdefault(self.action, set()).add(what)

    @contextmanager
    def watching(self, action: str) -> Iterator[None]:
        self.action = action
        try:
            yield
        finally:
            self.action = ""


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScreenThreadWatch]:
    watch = ScreenThreadWatch()

    def on_sql(*_args: Any) -> None:
        watch.note("SQL")

    verify, save = PasswordHasher.verify, Canvas.save

    def checked_verify(self: PasswordHasher, *args: Any, **kwargs: Any) -> Any:
        watch.note("argon2 verify")
        return verify(self, *args, **kwargs)

    def checked_save(self: Canvas) -> None:
        watch.note("PDF render (Canvas.save)")
        save(self)

    monkeypatch.setattr(PasswordHasher, "verify", checked_verify)
    monkeypatch.setattr(Canvas, "save", checked_save)
    event.listen(Engine, "before_cursor_execute", on_sql)
    try:
        yield watch
    finally:
        event.remove(Engine, "before_cursor_execute", on_sql)


def _hall(services: Services, sqlite_url: str) -> str:
    """The hall of the benchmark on a small database: a case received, tickets waiting."""
    hb.prepare(sqlite_url)
    clerk = services.staff.actor_for(hb.USERNAME)
    number = services.reception.receive(clerk, form(services, 11, outcome=Outcome.ACCEPT)).number
    return number


def test_no_database_password_or_pdf_work_on_the_screen_thread(
    qapp: QApplication,
    services: Services,
    sqlite_url: str,
    admin: Actor,
    watch: ScreenThreadWatch,
    tmp_path: Path,
) -> None:
    install_app_font(qapp)
    number = _hall(services, sqlite_url)
    counter = hb.start(sqlite_url)
    counter.watch = watch.watching
    try:
        hb.run_actions(counter, number)
        workspace = counter.window.workspace
        assert workspace is not None
        assert not counter.window.grab().isNull()  # the screen renders
    finally:
        hb.stop(counter)
    assert not watch.offences, "\n".join(dict.fromkeys(watch.offences))
    # The watch saw the work where it belongs: each action's in a worker thread.
    assert "argon2 verify" in watch.seen["login"]
    assert "PDF render (Canvas.save)" in watch.seen["saving a reception with its notice"]
    for action in ("opening the work list", "opening a case by scan", "calling a ticket (F1)"):
        assert "SQL" in watch.seen[action], action
    assert set(workspace.panels) >= {Area.INFO, Area.RECEPTION, Area.QUEUE, Area.APPROVAL}
