"""Opening a scanned case from anywhere in the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from counter_app.core.roles import Area

STATUS_MS = 10_000

if TYPE_CHECKING:
    from ui.workspace import Workspace


def open_scanned_case(workspace: Workspace, number: str) -> None:
    """The reception tab's case view when there is one, else a case view of its own."""
    from ui.reception.case_dialog import CaseDialog
    from ui.reception.reception_panel import ReceptionPanel

    panel = workspace.panels.get(Area.RECEPTION)
    if isinstance(panel, ReceptionPanel):
        panel.open_case(number)
        return
    dialog = getattr(workspace, "_scanned_case_dialog", None)
    if not isinstance(dialog, CaseDialog):
        dialog = CaseDialog(workspace.services, workspace.actor, workspace.runner, workspace)
        dialog.sig_load_failed.connect(lambda message: _say(workspace, message))
        workspace._scanned_case_dialog = dialog  # type: ignore[attr-defined]
    dialog.load(number.strip().upper())


def _say(workspace: Workspace, message: str) -> None:
    window = workspace.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, STATUS_MS)
