"""Opening a scanned case from anywhere in the workspace.

The tab on screen decides where: a tab with ``open_scanned(number)`` (审批: the approval page,
送达: delivery) opens it itself; on any other tab the reception's case view opens it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from counter_app.core.roles import Area

STATUS_MS = 10_000

if TYPE_CHECKING:
    from ui.workspace import Workspace


def open_scanned_case(workspace: Workspace, number: str) -> None:
    """The current tab's own page for the case when it has one, else the case view."""
    from ui.reception.case_dialog import CaseDialog
    from ui.reception.reception_panel import ReceptionPanel

    number = number.strip().upper()
    own = getattr(workspace.current_panel(), "open_scanned", None)
    if callable(own):
        own(number)
        return
    panel = workspace.panels.get(Area.RECEPTION)
    if isinstance(panel, ReceptionPanel):
        panel.open_case(number)
        return
    dialog = getattr(workspace, "_scanned_case_dialog", None)
    if not isinstance(dialog, CaseDialog):
        dialog = CaseDialog(workspace.services, workspace.actor, workspace.runner, workspace)
        dialog.sig_load_failed.connect(lambda message: _say(workspace, message))
        workspace._scanned_case_dialog = dialog  # type: ignore[attr-defined]
    dialog.load(number)


def _say(workspace: Workspace, message: str) -> None:
    window = workspace.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, STATUS_MS)
