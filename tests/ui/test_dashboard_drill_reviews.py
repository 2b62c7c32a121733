"""主管 → 统计 on the hand-made day (tests/reports/dataset.py): the ratings behind 评价数 and
满意率 and the complaints behind 投诉 and 投诉属实 open like the tickets and cases, each list
as long as its number, in every row and the totals; a rating's details never name the rater;
a complaint opens its record as 投诉咨询 shows it, masked until revealed (audited); today's
评价 / 差评待整改 / 投诉未办结 tiles open their lists; a window's idle time opens that
window's visits only. The lists are rendered at 1366x768 (/tmp/drill_*.png)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select, update

from counter_app.container import Services
from counter_app.reports.rules.views import TOTAL_KEY, TicketRow
from db.models.audit import AuditLog
from db.models.supervision import Complaint, Evaluation
from tests.reports.conftest import SUPERVISOR
from tests.ui import test_dashboard as base
from tests.ui.test_dashboard import D, day_period, focused, key
from ui.dashboard.dashboard_page import DashboardWidget
from ui.dashboard.drill_reviews import table_of

# The fixtures of the dashboard's tests: the hand-made day, the page at 1366x768, its font.
hall, page, _app_font_restored = base.hall, base.page, base._app_font_restored


def _column(page: DashboardWidget, attr: str) -> int:
    return next(i for i, c in enumerate(page.period.model.columns) if c.attr == attr) + 1


def _open(qtbot, page: DashboardWidget, row: int, attr: str) -> None:  # type: ignore[no-untyped-def]
    """Select the cell (row, attr) of the table and press Enter on it."""
    view = page.period
    view.back()
    view.grid.select_cell(row, _column(page, attr))
    view.grid.setFocus()
    key(qtbot, view.grid, "Enter")
    assert view.stack.currentWidget() is view.drill


def _names(hall: Services) -> None:
    with hall.db.write() as s:
        s.execute(update(Complaint).where(Complaint.number == "TS-P1").values(name="张三丰"))
        s.execute(
            update(Evaluation)
            .where(Evaluation.service_key == "k:E4")
            .values(rater_name="欧阳娜娜", rater_phone="13812345678", reasons=["attitude"])
        )


def test_every_rating_and_complaint_figure_opens_a_list_as_long_as_it(
    qtbot, page: DashboardWidget
) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page)
    view = page.period
    model = view.model
    for row in range(model.rowCount()):
        r = model.row_at(row)
        for attr, expected in (
            ("evaluations", r.evaluations),
            ("satisfaction_rate", r.evaluations),  # the rate's ratings, levels shown
            ("complaints", r.complaints),
            ("complaints_upheld", r.complaints_upheld),
        ):
            _open(qtbot, page, row, attr)
            drill = view.drill
            assert drill.target is not None and drill.target.key == r.key
            assert len(drill.rows()) == expected, (r.key, attr)
            assert drill.table is drill.tables[table_of(drill.target.kind)]
            assert f"{expected} 条" in drill.title.text()
            key(qtbot, focused(), "Esc")
            assert view.stack.currentIndex() == 0
    assert model.row_at(model.rowCount() - 1).key == TOTAL_KEY


def test_a_rating_shows_its_details_but_never_the_rater(
    qtbot, page: DashboardWidget, hall: Services
) -> None:  # type: ignore[no-untyped-def]
    _names(hall)
    day_period(qtbot, page, "staff")
    view = page.period
    li = next(i for i in range(view.model.rowCount()) if view.model.row_at(i).key == "li")
    _open(qtbot, page, li, "evaluations")
    drill = view.drill
    assert [r.level for r in drill.rows()] == [4, 2]
    drill.table.select_source_row(1)
    key(qtbot, drill.table, "Enter")
    text = drill.detail.text()
    assert drill.detail.isVisible() and "不满意" in text and "服务态度" in text
    assert "整改" in text and "欧阳" not in text and "5678" not in text
    shown = [
        drill.evaluation_model.data(drill.evaluation_model.index(r, c))
        for r in range(2)
        for c in range(drill.evaluation_model.columnCount())
    ]
    assert not any("欧阳" in str(v) or "1381" in str(v) for v in shown)


def test_a_complaint_opens_masked_then_revealed_and_audited(
    qtbot, page: DashboardWidget, hall: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _names(hall)
    day_period(qtbot, page)
    view = page.period
    total = view.model.rowCount() - 1
    _open(qtbot, page, total, "complaints_upheld")
    drill = view.drill
    assert [(r.number, r.complainant) for r in drill.rows()] == [("TS-P1", "张*丰")]
    key(qtbot, drill.table, "Enter")
    assert "TS-P1" in drill.detail.text() and "张*丰" in drill.detail.text()
    assert "办理记录" in drill.detail.text()  # the record as 投诉咨询 shows it
    qtbot.wait(50)  # the layout settles
    drill.grab().save(str(tmp_path / "drill_complaints.png"))
    drill.grab().save("/tmp/drill_complaints.png")
    assert drill.reveal_button.isVisible()
    key(qtbot, focused(), "Ctrl+Shift+V")
    assert [r.complainant for r in drill.rows()] == ["张三丰"]
    assert "已记录查看" in drill.banner.text()
    with hall.db.read() as s:
        (entry,) = s.scalars(select(AuditLog).where(AuditLog.action == "report.reveal"))
    assert (entry.after or {})["complaints"] == ["TS-P1"]


def test_todays_rating_and_complaint_tiles_open_their_lists(
    qtbot, page: DashboardWidget, hall: Services
) -> None:  # type: ignore[no-untyped-def]
    tiles, view, reports = page.today.tiles, page.period, hall.reports
    for name, kind, shown, expected in (
        ("evaluations", "evaluations", "3", reports.evaluations(SUPERVISOR, D, D)),
        ("bad_reviews", "bad_reviews", "1", reports.open_bad_reviews(SUPERVISOR)),
        ("complaints", "open_complaints", "1", reports.open_complaints(SUPERVISOR)),
    ):
        tile = tiles[name]
        assert tile.focusPolicy() == Qt.FocusPolicy.StrongFocus and tile.number.text() == shown
        page.show_tab(0)
        tile.setFocus()
        key(qtbot, tile, "Enter")
        drill = view.drill
        assert page.tabs.currentWidget() is view and view.stack.currentWidget() is drill
        assert drill.target is not None and drill.target.kind == kind
        assert drill.rows() == expected and len(expected) == int(shown)
        if name != "evaluations":
            assert "其中超期 1 条" in drill.title.text()
            drill.grab().save(f"/tmp/drill_today_{name}.png")
        key(qtbot, focused(), "Esc")


def test_a_windows_idle_time_opens_that_windows_visits_only(
    qtbot, page: DashboardWidget, hall: Services
) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page)
    view = page.period
    opened = [i for i in range(view.model.rowCount() - 1) if view.model.row_at(i).open_s]
    assert len(opened) == 2
    for row in opened:
        window = view.model.row_at(row).key
        for attr in ("idle_s", "open_s"):
            _open(qtbot, page, row, attr)
            rows = view.drill.rows()
            assert rows and all(isinstance(r, TicketRow) and r.window == window for r in rows)
            assert rows == hall.reports.tickets(SUPERVISOR, D, D, window=window)
            key(qtbot, focused(), "Esc")


def test_the_ratings_list_rendered(qtbot, page: DashboardWidget, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page)
    _open(qtbot, page, page.period.model.rowCount() - 1, "satisfaction_rate")
    drill = page.period.drill
    key(qtbot, drill.table, "Enter")
    page.resize(1366, 768)
    qtbot.wait(50)  # the layout settles
    image = page.grab()
    assert image.width() == 1366
    image.save(str(tmp_path / "drill_ratings.png"))
    image.save("/tmp/drill_ratings.png")
    header = drill.table.horizontalHeader()
    assert sum(header.sectionSize(i) for i in range(header.count())) <= drill.table.width()
