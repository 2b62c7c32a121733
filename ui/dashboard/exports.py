"""Exports of the period (导出 Excel, 导出 PDF: a file dialog, then the service in the runner)
and the daily report's page: on/off, the folder and the closing time. The report is written
by the main window's timer (daily_timer.py) whatever tab is shown; the setting is this PC's
(``DailySetting``: a small JSON file in the user's data folder), since the folder is a path
on this PC."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTime
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

from counter_app.i18n import tr
from ui.dashboard.daily_timer import DailySetting, check_now
from ui.widgets import BannerLabel, shortcut_button

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


# -- the daily report's setting page (the timer: daily_timer.py) ------------------------------
class DailyReportPage(QWidget):
    """每日报表: on/off, the folder and the closing time (saved with 保存, Ctrl+S)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
                "科长或管理员登录本程序后（不论在哪个页面）每分钟检查一次：过了闭厅时间且当天"
                "还没有生成，就把当天的统计写入该文件夹（窗口服务统计_日期.xlsx / .pdf），"
                "结果显示在窗口底部的状态栏。闭厅时电脑没开的，下次登录时补写（最多补 7 天，"
                "只补工作日）。本设置只保存在这台电脑上；不开本程序时可用计划任务运行 "
                "counter-admin report daily --out 文件夹。"
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
        check_now()
