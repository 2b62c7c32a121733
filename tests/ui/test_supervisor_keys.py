"""Two shortcuts on one key are ambiguous to Qt and neither fires. No key of a supervisor
section may be one the window uses everywhere (the workspace's Ctrl+1..9, logout Ctrl+L, quit
Ctrl+Q, the queue's F1..F10) or one a text field keeps for itself, and no section may use one
key twice."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from ui.fonts import install_app_font
from ui.supervisor.sections import SECTIONS, LazySection
from ui.supervisor.supervisor_panel import SupervisorPanel
from ui.tasks import SyncRunner

WINDOW_KEYS = (
    {f"Ctrl+{n}" for n in range(1, 10)} | {"Ctrl+L", "Ctrl+Q"} | {f"F{n}" for n in range(1, 11)}
)
# A text field takes these for itself (select all, copy, paste, cut, undo, redo, delete to the
# end of the line): a shortcut on them does nothing while the focus is in a field.
EDITING_KEYS = {"Ctrl+A", "Ctrl+C", "Ctrl+V", "Ctrl+X", "Ctrl+Z", "Ctrl+Y", "Ctrl+K"}


def _keys(widget: QWidget) -> list[tuple[str, QWidget]]:
    """(key, the widget within which it is active): a shortcut's parent; a button's mnemonic
    counts for the whole section."""
    keys = [
        (s.key().toString(), s.parent())
        for s in widget.findChildren(QShortcut)
        if s.isEnabled() and isinstance(s.parent(), QWidget)
    ]
    keys += [
        (b.shortcut().toString(), widget)
        for b in widget.findChildren(QAbstractButton)
        if b.shortcut().toString()
    ]
    return [(k, w) for k, w in keys if k]


def _overlap(a: QWidget, b: QWidget) -> bool:
    """Both active at once: one's scope holds the other's."""
    return a is b or a.isAncestorOf(b) or b.isAncestorOf(a)


@pytest.fixture
def panel(qtbot, qapp: QApplication, services: Services, admin: Actor) -> SupervisorPanel:
    install_app_font(qapp)
    services.staff.add_user(admin, "zhao", "赵科长", frozenset({Role.SUPERVISOR}), "zhao2026ok")
    supervisor = services.staff.login("zhao", "zhao2026ok")
    widget = SupervisorPanel(services, supervisor, SyncRunner())
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize("section", SECTIONS, ids=[s.widget for s in SECTIONS])
def test_a_sections_keys_are_its_own(panel: SupervisorPanel, section: object) -> None:
    (lazy,) = [s for s in panel.lazy if s.section is section]
    assert isinstance(lazy, LazySection)
    keys = _keys(lazy.ensure())
    assert keys, "a section without a single key"
    names = {k for k, _w in keys}
    assert not WINDOW_KEYS & names, sorted(WINDOW_KEYS & names)
    assert not EDITING_KEYS & names, sorted(EDITING_KEYS & names)
    twice = sorted(
        {k for i, (k, a) in enumerate(keys) for m, b in keys[i + 1 :] if k == m and _overlap(a, b)}
    )
    assert not twice, twice
