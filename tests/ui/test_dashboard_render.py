"""主管 → 统计 rendered at 1366x768 on a month of a four-window hall (the reports benchmark's
seed, small): today's tiles, the period with its charts and table, and a drill-down list.
The PNGs are left in the temp folder (and /tmp/dashboard_*.png) to be looked at."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from benchmarks.bench_reports import LOCAL, Shape, seed
from counter_app.container import Services
from counter_app.reports.service import ReportService
from db.models.queue import QueueTicket
from tests.reports.conftest import SUPERVISOR
from ui.dashboard.dashboard_page import DashboardWidget
from ui.fonts import install_app_font
from ui.tasks import SyncRunner

LAST = date(2025, 1, 31)  # the 20th working day from 2025-01-06
NOW = datetime(2025, 1, 31, 6, 30, tzinfo=UTC)  # 14:30 in the hall


@pytest.fixture(autouse=True)
def _app_font_restored(qapp: QApplication) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """These tests use the shipped CJK font; later tests get the font they had."""
    font = qapp.font()
    yield
    qapp.setFont(font)


@pytest.fixture
def month(sqlite_url: str, template_db: Path) -> Iterator[Services]:
    shutil.copyfile(template_db, sqlite_url.split("///", 1)[1])
    services = Services.open(sqlite_url, today=lambda: LAST)
    days = seed(services.db.engine, Shape(days=20, windows=4, per_window=30))
    assert days[-1] == LAST
    with services.db.engine.begin() as conn:  # three people waiting now, one for 22 minutes
        conn.execute(
            insert(QueueTicket),
            [
                dict(
                    id=uuid.uuid4(),
                    business_date=LAST,
                    category_code=cat,
                    seq=900 + n,
                    number=f"{cat}{900 + n}",
                    state="waiting",
                    place_key=900 + n,
                    issued_at=NOW - timedelta(minutes=minutes),
                )
                for n, (cat, minutes) in enumerate((("A", 22), ("A", 9), ("C", 4)))
            ],
        )
    services.reports = ReportService(
        services.db, services.hall, lambda: None, lambda: LAST, offset=LOCAL, now=lambda: NOW
    )
    yield services
    services.close()


def test_the_dashboard_renders_today_the_period_and_a_list(
    qtbot, month: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    install_app_font(QApplication.instance())  # type: ignore[arg-type]
    page = DashboardWidget(month, SUPERVISOR, SyncRunner())
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.reload()
    today = page.today
    assert today.tiles["waiting"].number.text() == "3"
    assert today.tiles["longest"].number.text() == "22" and today.tiles["longest"].level == "amber"
    shots = {"today": page.grab()}
    page.tabs.setCurrentWidget(page.period)
    view = page.period
    assert view.period() == (date(2025, 1, 1), date(2025, 1, 31))
    assert view.table is not None and len(view.table.rows) == 4
    assert view.hour_chart.windows == ["01", "02", "03", "04"] and len(view.wait_chart.days) == 20
    qtbot.wait(50)
    shots["period"] = page.grab()
    view.set_period(date(2025, 1, 20), LAST)  # 12 days, beside the 12 before
    view.reload()
    model, previous = view.model, view.table.previous
    assert previous is not None and previous.start == date(2025, 1, 8)
    served = next(i for i, c in enumerate(model.columns) if c.attr == "tickets_served") + 1
    now, before = view.table.total.tickets_served, previous.total.tickets_served
    assert now != before  # the seed differs from one fortnight to the next
    arrow = "↑" if now > before else "↓"
    assert model.index(4, served).data() == f"{now} {arrow}{abs(now - before)}"
    assert "↑↓为与上期（2025-01-08 至 2025-01-19）相比" in view.source.text()
    shots["compare"] = page.grab()
    view.compare_box.setChecked(False)
    assert model.index(4, served).data() == str(now)
    view.compare_box.setChecked(True)
    view.choose_path = lambda _p, _n, _f: str(tmp_path / "report.pdf")
    view.export("pdf")
    shutil.copyfile(tmp_path / "report.pdf", "/tmp/dashboard_report.pdf")
    wait = next(i for i, c in enumerate(view.model.columns) if c.attr == "wait_p90_s") + 1
    view.open_cell(0, wait)
    assert len(view.drill.rows()) > 100
    view.drill.open_row(0)
    shots["drill"] = page.grab()
    page.tabs.setCurrentWidget(page.daily)
    shots["daily"] = page.grab()
    for name, image in shots.items():
        assert image.width() == 1366 and image.height() == 768
        image.save(str(tmp_path / f"dashboard_{name}.png"))
        image.save(f"/tmp/dashboard_{name}.png")
