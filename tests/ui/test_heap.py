"""What lives long is kept out of the collector's full passes (ui/heap.py): the services once
the database is open, the session once logged in, a tab once built; a logout hands the
session back to the collector, which frees it once the login page shows."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QApplication

from counter_app.container import Services
from counter_app.core.roles import Actor
from ui import heap
from ui.main_window import CounterMainWindow
from ui.tasks import SyncRunner


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_settle_freezes_and_release_gives_back() -> None:
    before = gc.get_freeze_count()
    kept = [_Cycle() for _ in range(100)]
    heap.settle()
    assert gc.get_freeze_count() >= before + 100
    heap.release()
    assert gc.get_freeze_count() == 0
    del kept


def test_a_frozen_cycle_is_freed_only_after_release() -> None:
    cycle = _Cycle()
    ref = weakref.ref(cycle)
    heap.settle()
    del cycle
    gc.collect()
    assert ref() is not None  # frozen: a full pass does not see it
    heap.release()
    heap.collect()
    assert ref() is None


def test_login_tabs_and_logout(qtbot, services: Services, admin: Actor) -> None:  # type: ignore[no-untyped-def]
    window = CounterMainWindow(SyncRunner(), sync_interval=None)
    qtbot.addWidget(window)
    gc.unfreeze()
    window.attach_services(services)
    assert gc.get_freeze_count() > 0  # the services and modules
    gc.unfreeze()
    window.login_page.sig_logged_in.emit(admin)
    assert window.workspace is not None
    at_login = gc.get_freeze_count()
    assert at_login > 0  # the session
    tabs = window.workspace.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        window.workspace.current_panel()
    del tabs
    assert gc.get_freeze_count() > at_login  # each tab's widgets once built
    marker = _Cycle()
    ref = weakref.ref(marker)
    window.workspace._heap_probe = marker  # type: ignore[attr-defined]
    heap.settle()
    del marker
    window.logout()
    assert gc.get_freeze_count() == 0  # handed back at once
    # collected once the login page shows (the workspace and what only it held), then settled
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0)
    QApplication.processEvents()
    assert ref() is None
