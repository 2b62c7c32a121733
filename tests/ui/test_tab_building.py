"""A tab is built over the event-loop turns after it is first shown (issue 17), and the keys
pressed meanwhile are not lost.

Switching to a tab never built shows its place holder (PendingTab) at once; the panel's
widgets are made in a later turn and put in the tab in the turn after. A key pressed before
that builds the panel at once: a shortcut of the panel works, a typed character lands in the
panel's first field. Code asking for a panel (``workspace.panels[area]``) gets it built.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.container import Services
from counter_app.core.roles import Actor, Area, Role
from ui.fonts import install_app_font
from ui.reception.reception_panel import ReceptionPanel
from ui.tasks import SyncRunner
from ui.workspace import PendingTab, Workspace


@pytest.fixture
def workspace(qtbot, qapp: QApplication, services: Services, admin: Actor) -> Iterator[Workspace]:
    install_app_font(qapp)
    roles = frozenset({Role.RECEPTION, Role.ADMINISTRATIVE})
    services.staff.add_user(admin, "zhao", "赵窗口", roles, "zhao2026ok")
    clerk = services.staff.login("zhao", "zhao2026ok")
    widget = Workspace(services, clerk, services.hall.settings(), runner=SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    qtbot.waitUntil(lambda: widget.built(Area.INFO) is not None)  # the first tab: built too
    yield widget


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _show_reception(workspace: Workspace) -> None:
    """Switch to 受理 as Ctrl+2 does; no event-loop turn passes."""
    workspace.tabs.setCurrentIndex(workspace.areas.index(Area.RECEPTION))
    assert workspace.built(Area.RECEPTION) is None
    assert isinstance(workspace.tabs.currentWidget(), PendingTab)
    assert isinstance(focused(), PendingTab)


def test_the_tab_is_built_in_later_turns_then_has_the_focus(qtbot, workspace: Workspace) -> None:
    _show_reception(workspace)
    qtbot.waitUntil(lambda: workspace.built(Area.RECEPTION) is not None)
    reception = workspace.tabs.currentWidget()
    assert isinstance(reception, ReceptionPanel)
    assert focused() is reception.form.applicant.id_number.edit
    assert reception.form.picker.hits.count() > 0 or reception._items  # reloaded when shown
    workspace.grab().save("/tmp/tab_building_reception.png")


def test_characters_typed_before_the_tab_is_built_reach_its_first_field(
    qtbot, workspace: Workspace
) -> None:
    _show_reception(workspace)
    qtbot.keyClicks(focused(), "91320")
    reception = workspace.built(Area.RECEPTION)
    assert isinstance(reception, ReceptionPanel)
    assert workspace.tabs.currentWidget() is reception
    assert reception.form.applicant.id_number.edit.text() == "91320"


def test_a_shortcut_pressed_before_the_tab_is_built_works(qtbot, workspace: Workspace) -> None:
    _show_reception(workspace)
    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    reception = workspace.built(Area.RECEPTION)
    assert isinstance(reception, ReceptionPanel)
    assert focused() is reception.form.picker.search  # Ctrl+F: the item search


def test_asking_for_a_panel_builds_it(workspace: Workspace) -> None:
    _show_reception(workspace)
    reception = workspace.panels[Area.RECEPTION]
    assert isinstance(reception, ReceptionPanel)
    assert workspace.tabs.currentWidget() is reception
    assert focused() is reception.form.applicant.id_number.edit
    assert workspace.current_panel() is reception


def test_a_tab_left_before_it_was_built_is_built_when_shown_again(
    qtbot, workspace: Workspace
) -> None:
    _show_reception(workspace)
    workspace.tabs.setCurrentIndex(workspace.areas.index(Area.INFO))
    qtbot.wait(20)
    assert workspace.built(Area.RECEPTION) is None  # nobody looked at it: not built
    workspace.tabs.setCurrentIndex(workspace.areas.index(Area.RECEPTION))
    qtbot.waitUntil(lambda: workspace.built(Area.RECEPTION) is not None)
    assert workspace.tabs.currentWidget() is workspace.built(Area.RECEPTION)
