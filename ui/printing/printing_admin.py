"""The 打印机 sub-tab of the administration: printers on top, their jobs below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from counter_app.core.roles import Actor
from counter_app.printing.service import PrintService
from ui.printing.jobs_widget import PrintJobsWidget
from ui.printing.printers_widget import PrintersWidget
from ui.tasks import Runner, SyncRunner


class PrintingAdminWidget(QWidget):
    def __init__(
        self,
        service: PrintService,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        run: Runner = runner or SyncRunner()
        self.printers = PrintersWidget(service, actor, run, self)
        self.jobs = PrintJobsWidget(service, actor, run, self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.printers)
        splitter.addWidget(self.jobs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.printers.sig_printers_changed.connect(self.jobs.reload)
        self.printers.sig_test_printed.connect(lambda _result: self.jobs.reload())

    def reload(self) -> None:
        self.printers.reload()
        self.jobs.reload()
