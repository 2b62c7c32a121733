"""打印任务: this PC's print jobs with their states; retry a failed one, reprint any."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.printing.service import PrintService
from counter_app.printing.views import STATE_LABELS, JobState, JobView
from ui.admin.common import AdminTableView, RowsTableModel, show_failure
from ui.printing.columns import JOB_COLUMNS, job_colour
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

JOB_LIMIT = 300


class PrintJobsWidget(QWidget):
    sig_job_finished = Signal(object)
    """Emitted on the GUI thread with a JobView that reached done, failed or cancelled."""

    def __init__(
        self,
        service: PrintService,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._actor = service, actor
        self._runner: Runner = runner or SyncRunner()
        self.banner = BannerLabel(self)
        self.count_label = QLabel(self)
        self.state_filter = QComboBox(self)
        self.state_filter.addItem(tr("全部状态"), None)
        for state, label in STATE_LABELS.items():
            self.state_filter.addItem(label, str(state))
        self.model: RowsTableModel[JobView] = RowsTableModel(JOB_COLUMNS, job_colour)
        self.table = AdminTableView(self.model, self)
        self.retry_button = shortcut_button(tr("重试"), "Ctrl+R", self)
        self.reprint_button = shortcut_button(tr("补打"), "Ctrl+B", self)
        self.cancel_button = shortcut_button(tr("取消任务"), "Ctrl+D", self)
        self.refresh_button = shortcut_button(tr("刷新"), "Ctrl+L", self)
        self._layout()
        self._connect()
        self._unsubscribe = service.on_job_finished(self.sig_job_finished.emit)
        self.destroyed.connect(lambda *_: self._unsubscribe())
        self._update_buttons()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("打印任务"), self))
        bar.addWidget(self.state_filter)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        for button in (self.refresh_button, self.cancel_button, self.reprint_button):
            bar.addWidget(button)
        bar.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.retry_button.clicked.connect(self._on_retry)
        self.reprint_button.clicked.connect(self._on_reprint)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.refresh_button.clicked.connect(self.reload)
        self.state_filter.currentIndexChanged.connect(self.reload)
        self.sig_job_finished.connect(lambda _job: self.reload())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def reload(self) -> None:
        state = self.state_filter.currentData()
        self._runner.run(
            lambda: self._service.jobs(state=state, limit=JOB_LIMIT),
            self._on_loaded,
            self._on_failed,
        )

    def _on_loaded(self, jobs: list[JobView]) -> None:
        current = self.current_job()
        self.model.set_rows(jobs)
        self.table.resizeColumnsToContents()
        failed = sum(job.state == JobState.FAILED for job in jobs)
        self.count_label.setText(tr("共 {n} 个，失败 {f} 个", n=len(jobs), f=failed))
        rows = [i for i, job in enumerate(jobs) if current and job.id == current.id]
        self.table.select_source_row(rows[0] if rows else 0)
        self._update_buttons()

    def current_job(self) -> JobView | None:
        row = self.table.current_row()
        return None if row is None else self.model.row_at(row)

    def _on_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        job = self.current_job()
        state = job.state if job is not None else ""
        saved_printer = job is not None and job.printer_id is not None
        self.retry_button.setEnabled(saved_printer and state == JobState.FAILED)
        self.reprint_button.setEnabled(saved_printer and state not in ("", JobState.SENDING))
        self.cancel_button.setEnabled(state in (JobState.QUEUED, JobState.FAILED))

    def _act(self, verb: str, action: str) -> None:
        job = self.current_job()
        if job is None:
            return
        self.banner.clear()
        work = getattr(self._service, action)
        self._runner.run(
            lambda: work(self._actor, job.id),
            lambda new: self._done(tr("{v}：{d}", v=verb, d=new.description)),
            self._on_failed,
        )

    def _on_retry(self) -> None:
        self._act(tr("已重新加入打印队列"), "retry")

    def _on_reprint(self) -> None:
        self._act(tr("已加入补打"), "reprint")

    def _on_cancel(self) -> None:
        self._act(tr("已取消"), "cancel")

    def _done(self, message: str) -> None:
        self.banner.show_info(message)
        self.reload()

    def _on_failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner)
