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
