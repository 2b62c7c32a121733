"""A work list reload fits the rows on screen once (issue 17: fitted twice, once by the reload
and once by the model reset's own request, the list held the screen ~50 ms at 1M cases)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

import ui.approval.tables as tables
from counter_app.container import Services
from counter_app.core.roles import Actor
from tests.ui.test_approval_panel import officer, panel, receive  # noqa: F401
from ui.approval.approval_panel import ApprovalPanel


def test_a_reload_fits_the_rows_on_screen_once(
    qtbot,
    panel: ApprovalPanel,  # noqa: F811
    services: Services,
    reception_user: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for day in (date(2026, 11, 2), date(2026, 11, 20), date(2026, 11, 26)):
        receive(services, reception_user, 4, day=day)
    panel.worklist.reload()
    qtbot.wait(30)  # what the first load asked for is done
    fitted: list[int] = []
    fit = tables.fit_visible_rows
    monkeypatch.setattr(tables, "fit_visible_rows", lambda view: (fitted.append(1), fit(view)))
    panel.worklist.reload()
    qtbot.wait(30)
    assert len(fitted) == 1
    model, view = panel.worklist.model, panel.worklist.table
    assert model.rowCount() == 3
    assert view.rowHeight(0) >= view.fontMetrics().height()  # fitted to its text
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None  # roles not served: None
    assert model.index(0, 0).data() == model.row_at(0).number


def test_a_reload_sets_each_column_width_once_and_not_again_when_unchanged(
    qtbot,
    panel: ApprovalPanel,  # noqa: F811
    services: Services,
    reception_user: Actor,
) -> None:
    """Every width change lays the header and the rows out again: the widths are worked out
    first (the too-wide shrinking too) and each is set at most once; a reload of the same
    rows sets none."""
    for day in (date(2026, 11, 2), date(2026, 11, 20)):
        receive(services, reception_user, 4, day=day)
    view = panel.worklist.table
    view.resize(500, 300)  # narrow: the widest columns give way
    panel.worklist.reload()
    qtbot.wait(30)
    resized: list[int] = []
    view.horizontalHeader().sectionResized.connect(lambda index, _old, _new: resized.append(index))
    for column in range(view.model().columnCount() - 1):
        view.setColumnWidth(column, 30)
    resized.clear()
    tables.fit_columns(view)
    columns = view.model().columnCount() - 1
    assert len([i for i in resized if i < columns]) == len(set(resized) - {columns})
    assert 0 < len(set(resized) - {columns}) <= columns
    widths = [view.columnWidth(c) for c in range(columns)]
    resized.clear()
    tables.fit_columns(view)
    assert [i for i in resized if i < columns] == []
    assert [view.columnWidth(c) for c in range(columns)] == widths


def test_the_list_cells_are_made_off_the_screen_thread_and_kept_by_qt(
    qtbot,
    panel: ApprovalPanel,  # noqa: F811
    services: Services,
    reception_user: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The work list's cells are Qt's own items, made by the load (the runner's thread in
    the program) and handed to the model ready: the screen's thread neither makes them nor
    answers the view's ~7 questions per painted cell in Python."""
    import threading

    from PySide6.QtGui import QStandardItemModel

    import ui.approval.worklist_model as worklist_model

    receive(services, reception_user, 4, day=date(2026, 11, 20))
    made_on: list[threading.Thread] = []
    make = worklist_model.make_cells

    def watched(rows):  # type: ignore[no-untyped-def]
        made_on.append(threading.current_thread())
        return make(rows)

    monkeypatch.setattr("ui.approval.worklist_page.make_cells", watched)
    monkeypatch.setattr(
        worklist_model, "make_cells", lambda rows: pytest.fail("cells made in set_rows")
    )
    panel.worklist.reload()
    qtbot.wait(30)
    assert len(made_on) == 1  # once, by the load (SyncRunner here: the runner's job)
    model = panel.worklist.model
    assert type(model).data is QStandardItemModel.data  # no Python data() per cell
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == model.row_at(0).number
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == model.row_at(0).number
