"""A kiosk desk over the test hall: cases received at window W03, queue on a moved clock."""

from __future__ import annotations

from counter_app.container import Services
from counter_app.kiosk.guide import KioskGuide
from counter_app.kiosk.lockout import Lockout
from counter_app.kiosk.progress import ProgressLookup
from counter_app.kiosk.slips import KioskSlips
from counter_app.kiosk.walk_in import WalkInDesk
from tests.supervision.rating_support import RatingHall


def desk(
    hall: RatingHall, device: str = "K1", lockout: Lockout | None = None, cases: bool = True
) -> WalkInDesk:
    services: Services = hall.services
    progress = ProgressLookup(
        services.db,
        services.queue.watch_database,
        device,
        cases_here=cases,
        clock=hall.clock,
        lockout=lockout,
    )
    slips = KioskSlips(services.printing, services.hall, services.business_date, wait_seconds=5)
    guide = KioskGuide(services.queue, services.info, slips)
    return WalkInDesk(
        progress,
        services.evaluations,
        services.complaints,
        services.queue,
        services.catalog,
        guide,
    )


def press(keyboard: object, text: str) -> None:
    """Tap ``text`` on an on-screen keyboard (ui/kiosk/keyboard.py), key by key."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for char in text.upper():
        QTest.mouseClick(keyboard.keys[char], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def tap(page: object, text: str) -> None:
    """Tap the choice ``text`` on a ChoicePage."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    buttons = page.buttons  # type: ignore[attr-defined]
    found = [b for b in buttons if b.text() == text]
    assert found, f"{text!r} not among {[b.text() for b in buttons]}"
    QTest.mouseClick(found[0], Qt.MouseButton.LeftButton)
