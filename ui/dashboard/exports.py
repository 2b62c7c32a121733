"""Exports of the period (导出 Excel, 导出 PDF: a file dialog, then the service in the runner)
and the daily report: written by itself once the hall has closed (a time set here), into a
folder set here. The setting is this PC's (a small JSON file in the user's data folder,
``dashboard.json``), since the folder is a path on this PC."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.paths import data_dir
from counter_app.reports.rules.daily import due_daily_report
from ui.admin.common import show_failure
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.reports.service import ReportService

CHECK_MS = 60_000
FILTERS = {"xlsx": tr("Excel 工作簿 (*.xlsx)"), "pdf": tr("PDF 文件 (*.pdf)")}
PathChooser = Callable[[QWidget, str, str], str]
"""(parent, suggested file name, format) -> the chosen path, '' when cancelled."""


def ask_export_path(parent: QWidget, suggested: str, fmt: str) -> str:
    start = str(Path.home() / suggested)
    path, _filter = QFileDialog.getSaveFileName(parent, tr("导出到"), start, FILTERS[fmt])
    return path


def ask_folder(parent: QWidget, current: str) -> str:
    start = current or str(Path.home())
    return QFileDialog.getExistingDirectory(parent, tr("每日报表保存到"), start)


def with_suffix(path: str, fmt: str) -> Path:
    target = Path(path)
    if target.suffix.lower() == f".{fmt}":
        return target
    return target.with_name(f"{target.name}.{fmt}")


def export_name(start: date, end: date, fmt: str) -> str:
    span = start.isoformat() if start == end else f"{start.isoformat()}_{end.isoformat()}"
    return f"窗口服务统计_{span}.{fmt}"


# -- the daily report -----------------------------------------------------------------------------
@dataclass
class DailySetting:
    enabled: bool = False
    folder: str = ""
    close_time: str = "17:30"  # HH:MM, local
    last_written: str = ""  # ISO date of the last report written

    @staticmethod
    def file() -> Path:
        return data_dir() / "dashboard.json"

    @classmethod
    def load(cls) -> DailySetting:
        try:
            raw = json.loads(cls.file().read_text(encoding="utf-8"))
            return cls(**{k: raw[k] for k in asdict(cls()) if k in raw})
        except (OSError, ValueError, TypeError):
            return cls()

    def save(self) -> None:
        self.file().write_text(json.dumps(asdict(self), ensure_ascii=False), encoding="utf-8")

    def close(self) -> time:
        return time.fromisoformat(self.close_time)

    def last(self) -> date | None:
        return date.fromisoformat(self.last_written) if self.last_written else None


class DailyReporter(QObject):
    """Checks once a minute whether the day's report is due (``due_daily_report``) and
    writes it through the runner; says so on ``banner``."""

    def __init__(
        self,
        reports: ReportService,
        actor: Actor,
        runner: Runner,
        banner: BannerLabel,
        parent: QObject | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self.reports, self.actor, self.runner, self.banner = reports, actor, runner, banner
        self.clock = clock
        self.writing = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        setting = DailySetting.load()
        if self.writing or not setting.enabled or not setting.folder:
            return
        day = due_daily_report(self.clock(), setting.close(), setting.last())
        if day is None:
            return
        self.writing = True
        folder = Path(setting.folder)
        self.runner.run(
            lambda: self.reports.daily_report(self.actor, day, folder),
            lambda paths: self._written(day, paths),
            self._failed,
        )

    def _written(self, day: date, paths: tuple[Path, Path]) -> None:
        self.writing = False
        setting = DailySetting.load()
        setting.last_written = day.isoformat()
        setting.save()
        self.banner.show_info(
            tr("已生成 {d} 的每日报表：{a}、{b}", d=day, a=str(paths[0]), b=str(paths[1]))
        )

    def _failed(self, exc: Exception) -> None:
        self.writing = False
        show_failure(exc, self.banner)


class DailyReportPage(QWidget):
    """每日报表: on/off, the folder and the closing time (saved with 保存, Ctrl+S)."""

    def __init__(self, reporter: DailyReporter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reporter = reporter
        self.choose_folder: Callable[[QWidget, str], str] = ask_folder
        self.banner = BannerLabel(self)
        self.enabled = QCheckBox(tr("闭厅后自动生成当日报表（Excel 和 PDF）"), self)
        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText(tr("报表保存的文件夹"))
        self.browse_button = shortcut_button(tr("选择文件夹"), "Ctrl+O", self)
        self.close_time = QTimeEdit(self)
        self.close_time.setDisplayFormat("HH:mm")
        self.save_button = shortcut_button(tr("保存"), "Ctrl+S", self)
        self.status = QLabel(self)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("", self.enabled)
        form.addRow(tr("保存到"), folder_row)
        form.addRow(tr("闭厅时间"), self.close_time)
        note = QLabel(
            tr(
                "每分钟检查一次：过了闭厅时间且当天还没有生成，就把当天的统计写入该文件夹"
                "（窗口服务统计_日期.xlsx / .pdf）。本设置只保存在这台电脑上；"
                "本程序需开着并已登录科长账号。"
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color:#555;")
        title = QLabel(tr("每日报表"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        self.close_time.setMaximumWidth(120)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(self.banner)
        column.addLayout(form)
        column.addWidget(note)
        column.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        column.addLayout(buttons)
        column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(column, 3)
        layout.addStretch(2)
        self.browse_button.clicked.connect(self._browse)
        self.save_button.clicked.connect(self.save)
        self.reload()

    def reload(self) -> None:
        setting = DailySetting.load()
        self.enabled.setChecked(setting.enabled)
        self.folder.setText(setting.folder)
        close = setting.close()
        self.close_time.setTime(QTime(close.hour, close.minute))
        self.status.setText(
            tr("上次生成：{d}", d=setting.last_written) if setting.last_written else ""
        )

    def _browse(self) -> None:
        chosen = self.choose_folder(self, self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> None:
        folder = self.folder.text().strip()
        if self.enabled.isChecked() and not Path(folder).is_dir():
            self.banner.show_error(tr("文件夹“{p}”不存在，请重新选择", p=folder))
            self.folder.setFocus()
            return
        setting = DailySetting.load()
        setting.enabled = self.enabled.isChecked()
        setting.folder = folder
        setting.close_time = self.close_time.time().toString("HH:mm")
        setting.save()
        self.banner.show_info(tr("已保存"))
        self.reporter.check()
