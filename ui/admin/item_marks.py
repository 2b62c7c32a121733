"""待核实 marks of the item editor's fields: a box to the right of each field, ticked with the
mouse or with MARK_KEY on the field that has the focus (the boxes are not Tab stops, so Tab
still goes field to field). The marks are ``ItemContent.to_confirm``: administrators see them
here and in the catalogue admin list, applicants never (guides, kiosk, printouts)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QHBoxLayout, QLabel, QWidget

from counter_app.i18n import tr
from ui.form import FieldForm

MARK_KEY = "Ctrl+Shift+H"  # 核实
MARK_STYLE = "QCheckBox:checked { color: #b35900; font-weight: bold; }"


class FieldMarks:
    """The 待核实 boxes of one editor, by field name."""

    def __init__(self) -> None:
        self.boxes: dict[str, QCheckBox] = {}
        self._others: tuple[str, ...] = ()  # marked fields without a box (kept as they were)
        self._loaded: tuple[str, ...] = ()  # the marks as set, to keep their order

    def add(self, form: FieldForm, name: str, label: str, editor: QWidget) -> None:
        """``editor`` on ``form`` with its mark to the right; errors still land on the field."""
        row_widget = QWidget()
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(editor, 1, Qt.AlignmentFlag.AlignTop)
        row_widget.setMaximumHeight(editor.maximumHeight())  # a capped box keeps its row short
        mark = QCheckBox(tr("待核实"))
        mark.setToolTip(
            tr("本地做法尚待核实（{k}）：只在管理界面标出，不出现在办事指南和打印件中", k=MARK_KEY)
        )
        mark.setStyleSheet(MARK_STYLE)
        mark.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        row_widget.setFocusProxy(editor)
        self.boxes[name] = mark
        form.add(name, label, row_widget)

    def set(self, names: tuple[str, ...]) -> None:
        for name, mark in self.boxes.items():
            mark.setChecked(name in names)
        self._others = tuple(n for n in names if n not in self.boxes)
        self._loaded = names

    def names(self) -> list[str]:
        """The marked fields: those set and still marked in their order, then new ones."""
        ticked = [n for n, m in self.boxes.items() if m.isChecked()]
        kept = [n for n in self._loaded if n in ticked or n in self._others]
        return [*kept, *(n for n in ticked if n not in kept)]

    def toggle_focused(self) -> None:
        """Tick or untick the mark of the field that has the focus (none: nothing)."""
        focus = QApplication.focusWidget()
        for mark in self.boxes.values():
            row = mark.parentWidget()
            if focus is not None and row is not None and row.isAncestorOf(focus):
                mark.toggle()
                return


def mark_hint() -> QLabel:
    hint = QLabel(tr("{k}：光标所在字段标为待核实（只在管理界面显示）", k=MARK_KEY))
    hint.setStyleSheet("color: #555; padding: 0 6px;")
    return hint
