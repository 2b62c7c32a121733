"""The queue's function keys work from every tab; the current ticket is in the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.core.roles import Area
from db.models import Case
from tests.queue.conftest import CLERK, Hall
from ui.fonts import install_app_font
from ui.tasks import SyncRunner
from ui.workspace import Workspace


def test_f1_calls_from_the_information_tab(qtbot: QtBot, hall: Hall, qapp: QApplication) -> None:
    install_app_font(qapp)
    hall.queue.open_window(CLERK, "1")
    hall.queue.issue("A")
    workspace = Workspace(hall.services, CLERK, hall.services.hall.settings(), runner=SyncRunner())
    qtbot.addWidget(workspace)
    queue_panel = workspace.panels[Area.QUEUE]
    queue_panel.window_box.setCurrentIndex(queue_panel.window_box.findData("1"))  # type: ignore[attr-defined]
    workspace.show()
    workspace.activateWindow()
    qtbot.waitUntil(workspace.isActiveWindow)
    assert workspace.tabs.currentIndex() == 0  # the information window
    info = workspace.panels[Area.INFO]
    info.catalog.search.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(info.catalog.search, Qt.Key.Key_F1)  # type: ignore[attr-defined]
    status = workspace.status_labels[0].text()
    assert status.startswith("当前号：") and "A001" in status
    assert workspace.tabs.currentIndex() == 0  # the staff stay where they were
    qtbot.keyClick(info.catalog.search, Qt.Key.Key_F5)  # type: ignore[attr-defined]
    assert "A001" not in workspace.status_labels[0].text()


def test_a_case_received_while_a_ticket_is_served_is_linked_to_it(
    qtbot: QtBot, hall: Hall, qapp: QApplication
) -> None:
    """F1, then a case saved at reception: the case carries the ticket (its rating and its
    times reach the case)."""
    from counter_app.cases.rules.reception import Outcome
    from tests.cases.reception.support import form

    install_app_font(qapp)
    hall.queue.open_window(CLERK, "1")
    hall.queue.issue("A")
    workspace = Workspace(hall.services, CLERK, hall.services.hall.settings(), runner=SyncRunner())
    qtbot.addWidget(workspace)
    queue_panel = workspace.panels[Area.QUEUE]
    queue_panel.window_box.setCurrentIndex(queue_panel.window_box.findData("1"))  # type: ignore[attr-defined]
    workspace.show()
    workspace.activateWindow()
    qtbot.waitUntil(workspace.isActiveWindow)
    reception = workspace.panels[Area.RECEPTION]
    workspace.tabs.setCurrentWidget(reception)
    qtbot.keyClick(reception, Qt.Key.Key_F1)
    ticket = queue_panel.current_ticket_id  # type: ignore[attr-defined]
    assert ticket is not None
    data = form(hall.services, 1)
    reception.form.reception_input = lambda _o, _k: data  # type: ignore[attr-defined]
    reception._on_outcome_chosen(Outcome.ACCEPT)  # type: ignore[attr-defined]
    case = reception.result.case  # type: ignore[attr-defined]
    assert case is not None
    with hall.services.db.read() as session:
        linked = session.scalar(select(Case.ticket_id).where(Case.number == case.number))
    assert linked == ticket
