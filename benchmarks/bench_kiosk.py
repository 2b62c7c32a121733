"""The kiosk (issue 15): a touch on the home page until the next page is painted, p99, beside
the same switch in a bare QStackedWidget; and 查询办理进度 by a notice's QR over the cached
database of 1,000,000 cases (bench_reception), p99, beside the raw indexed SELECT of the case
and its applicant in the same run (ours also writes the look-up's audit row and commits).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks import bench_reception
from benchmarks.common import goal, report, time_calls
from counter_app.container import Services
from counter_app.hall.rules.settings import HallSettings
from counter_app.kiosk.lockout import Lockout
from counter_app.kiosk.progress import ProgressLookup
from counter_app.kiosk.scan import case_key
from db.engine import sqlite_url

TOUCHES = 100


def _touch(services: Services) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QStackedWidget

    from ui.fonts import install_app_font
    from ui.kiosk import build_kiosk
    from ui.kiosk.kiosk_window import KioskWindow
    from ui.tasks import SyncRunner

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    install_app_font(app)
    kiosk: KioskWindow = build_kiosk(services, SyncRunner(), speak=False)
    kiosk.resize(1366, 768)
    kiosk.show()
    app.processEvents()
    walk_in = kiosk.walk_in
    assert walk_in is not None
    buttons = list(walk_in.home_page.buttons)[1:]  # 取号 asks the database: not a page turn
    samples: list[float] = []
    for i in range(TOUCHES):
        kiosk.go_home()
        kiosk.repaint()
        app.processEvents()
        kiosk._last_tap = 0.0  # the debounce of repeated taps is not what is measured
        button = buttons[i % len(buttons)]
        started = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        kiosk.repaint()  # painted, not only switched
        samples.append(time.perf_counter() - started)
        assert kiosk.pages.currentWidget() is not walk_in.home_page
    ours = sorted(samples)[int(len(samples) * 0.99) - 1]

    stack = QStackedWidget()
    stack.resize(1366, 768)
    home, other = QPushButton("办事指南"), QLabel("请选择")
    home.clicked.connect(lambda: stack.setCurrentWidget(other))
    stack.addWidget(home)
    stack.addWidget(other)
    stack.show()
    bare: list[float] = []
    for _ in range(TOUCHES):
        stack.setCurrentWidget(home)
        stack.repaint()
        app.processEvents()
        started = time.perf_counter()
        QTest.mouseClick(home, Qt.MouseButton.LeftButton)
        stack.repaint()
        bare.append(time.perf_counter() - started)
    floor = sorted(bare)[int(len(bare) * 0.99) - 1]
    report(
        "kiosk: touch -> next page painted, p99",
        ours,
        floor,
        note=f"{TOUCHES} touches on the home page, 1366x768; floor: a bare QStackedWidget; "
        "goal under 100 ms",
    )
    goal(
        "kiosk: touch -> next page painted, p99",
        ours * 1000,
        floor * 1000,
        "ms",
        "< 100 ms",
        ours < 0.1,
        cause="painting the page (offscreen raster) and the first visit's imports",
    )
    kiosk.close()
    stack.close()


def _lookup() -> None:
    path = bench_reception.database_path()
    bench_reception.build(path)
    raw = sqlite3.connect(path)
    rows = raw.execute(
        "SELECT number, id FROM cases WHERE NOT deleted ORDER BY random() LIMIT 100"
    ).fetchall()
    codes = [f"{number}#{case_key(uuid.UUID(hex=cid))}" for number, cid in rows]
    services = Services.open(sqlite_url(path))
    try:
        lookup = ProgressLookup(
            services.db, lambda: services.db, "BENCH", lockout=Lockout(max_wrong=10**9)
        )
        picks = iter(codes * 4)
        ours = time_calls(lambda: lookup.scanned(next(picks)), repeat=len(codes), warmup=20)
        numbers = iter([r[0] for r in rows] * 4)
        sql = (
            "SELECT c.id, c.status, c.promised_on, a.name, a.phone FROM cases c "
            "JOIN applicant a ON a.id = c.applicant_id WHERE c.number = ? AND NOT c.deleted"
        )
        floor = time_calls(
            lambda: raw.execute(sql, (next(numbers),)).fetchone(), repeat=len(codes), warmup=20
        )
        count = raw.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
        report(
            "kiosk: progress look-up by QR, p99",
            ours.p99,
            floor.p99,
            note=f"{count:,} cases; ours: find, check the key, materials, delivery, audit row "
            "+ commit; floor: the raw indexed SELECT",
        )
    finally:
        services.close()
        raw.close()


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        services = Services.open(sqlite_url(Path(tmp) / "kiosk.db"))
        services.hall.first_run(
            HallSettings(hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="K1"),
            "admin",
            "王管理",
            "admin2026ok",
        )
        try:
            _touch(services)
        finally:
            services.close()
    _lookup()


if __name__ == "__main__":
    main()
