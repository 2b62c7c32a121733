"""The reception form: applicant, items, materials, outcome buttons naming what is missing."""

from __future__ import annotations

from dataclasses import asdict, replace
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.cases.rules.reception import (
    MaterialLine,
    Outcome,
    ReceptionInput,
    merge_materials,
    missing,
)
from counter_app.i18n import tr
from counter_app.identity.identifiers import validate_free_text
from ui.reception.applicant_form import ApplicantForm
from ui.reception.integrity_banner import IntegrityBanner
from ui.reception.items_picker import ItemsPicker
from ui.reception.keys import action_button, key, keyed
from ui.reception.materials_model import MaterialsTableModel, MaterialsTableView

SHOWN_NAMES = 3


def _names(labels: list[str]) -> str:
    shown = "、".join(labels[:SHOWN_NAMES])
    return shown if len(labels) <= SHOWN_NAMES else tr("{s}等{n}项", s=shown, n=len(labels))


def _key(name: str) -> str:
    return "".join(name.split())


def remerge(old: tuple[MaterialLine, ...], merged: tuple[MaterialLine, ...]) -> list[MaterialLine]:
    """The new checklist keeps what was already ticked, and the materials added by hand."""
    before = {_key(m.name): m for m in old if not m.extra}
    lines = []
    for line in merged:
        prior = before.get(_key(line.name))
        if prior is not None:
            line = replace(
                line,
                received=prior.received,
                received_copies=prior.received_copies,
                received_original=prior.received_original,
            )
        lines.append(line)
    return lines + [m for m in old if m.extra]


class ReceptionForm(QWidget):
    """Everything typed for one case; the panel saves it."""

    sig_changed = Signal()
    """Emitted after anything on the form changed."""
    sig_outcome_chosen = Signal(object)
    """Emitted with the Outcome the staff chose (the form is valid for it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.applicant = ApplicantForm()
        self.picker = ItemsPicker(self)
        self.materials = MaterialsTableModel()
        self.materials_view = MaterialsTableView(self.materials, self)
        self.extra_name = QLineEdit(self)
        self.extra_name.setPlaceholderText(tr("清单外的材料名称，回车添加"))
        self.extra_name.setMaxLength(100)
        self.reasons = QPlainTextEdit(self)
        self.reasons.setPlaceholderText(tr("不予受理的理由，每行一条（将印在不予受理通知书上）"))
        self.reasons.setMaximumHeight(80)
        self.reasons.hide()
        self.authority = QLineEdit(self)  # 行政许可法 Art. 32(1)(2): the body to apply to
        self.authority.setPlaceholderText(
            tr("有权受理机关（不属于本机关职权范围时必填，如：国家知识产权局）")
        )
        self.authority.setMaxLength(80)
        self.authority.hide()
        self.notes = QLineEdit(self)
        self.notes.setPlaceholderText(tr("备注（选填）"))
        self.notes.setMaxLength(500)
        self.missing_label = QLabel(self)
        self.missing_label.setWordWrap(True)
        self.integrity = IntegrityBanner(self)  # 诚信档案 records in force: informs only
        self.integrity.watch(self.applicant, self.picker)
        self._build_buttons()
        self._layout()
        self._connect()
        self._set_tab_order()
        self.refresh()

    def _set_tab_order(self) -> None:
        """Tab follows the form: applicant top to bottom, items, materials, outcome."""
        a = self.applicant
        chain: list[QWidget] = [a.person, a.organisation, a.id_type]
        chain += [field.edit for field in a.fields()]
        chain += [a.agent_check, a.agent.name.edit, a.agent.id_type]
        chain += [field.edit for field in a.agent.fields()[1:]]
        chain += [self.picker.search, self.picker.hits, self.picker.bundle_button]
        chain += [self.picker.chosen, self.materials_view, self.extra_name, self.reasons]
        chain += [self.authority]
        chain += [self.notes, self.print_at_once]
        chain += [self.refuse_button, self.notice_button, self.accept_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _build_buttons(self) -> None:
        self.refuse_button = action_button(tr("不予受理"), "Ctrl+J", self)
        self.notice_button = action_button(tr("一次性告知"), "Ctrl+I", self)
        self.accept_button = QPushButton(self)
        self.accept_button.setAutoDefault(True)
        self.accept_button.setMinimumWidth(220)
        self.accept_button.setStyleSheet("QPushButton:enabled{font-weight:bold;}")
        # Unticked, the case is saved and shown first and its notice follows; ticked, the
        # notice is rendered with the save and sent to the printer (kept for the session).
        self.print_at_once = QCheckBox(keyed(tr("保存后立即打印通知书"), "Alt+P"), self)
        key(self, "Alt+P", self.print_at_once.toggle)
        key(self, "Ctrl+S", self._on_accept_key)
        key(self, "Alt+1", self.applicant.person.click)
        key(self, "Alt+2", self.applicant.organisation.click)
        key(self, "Alt+D", self.applicant.agent_check.toggle)
        key(self, "Ctrl+F", self.picker.search.setFocus)
        key(self, "Ctrl+B", self.picker.show_bundle_menu)
        key(self, "Ctrl+Shift+N", self.extra_name.setFocus)
        key(self, "Ctrl+T", self.materials_view.setFocus)
        key(self, "Ctrl+Shift+T", self.tick_all_received)

    def _layout(self) -> None:
        scroll = QScrollArea(self)
        scroll.setWidget(self.applicant)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        applicant_box = QGroupBox(tr("申请人"), self)
        QVBoxLayout(applicant_box).addWidget(scroll)
        applicant_box.setMinimumWidth(500)
        applicant_box.setMaximumWidth(560)
        items_box = QGroupBox(tr("办理事项"), self)
        QVBoxLayout(items_box).addWidget(self.picker)
        items_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        title = tr("材料清单 Ctrl+T（空格勾选；Ctrl+Shift+T 全部已收；Ctrl+Shift+N 添加）")
        materials_box = QGroupBox(title, self)
        column = QVBoxLayout(materials_box)
        column.addWidget(self.materials_view, 1)
        column.addWidget(self.extra_name)
        right = QVBoxLayout()
        right.addWidget(items_box)
        right.addWidget(materials_box, 1)
        right.addWidget(self.reasons)
        right.addWidget(self.authority)
        right.addWidget(self.notes)
        top = QHBoxLayout()
        top.addWidget(applicant_box)
        top.addLayout(right, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.missing_label, 1)
        bar.addWidget(self.print_at_once)
        for button in (self.refuse_button, self.notice_button, self.accept_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.integrity)
        layout.addLayout(top, 1)
        layout.addLayout(bar)

    def _connect(self) -> None:
        self.applicant.sig_changed.connect(self._on_changed)
        self.picker.sig_changed.connect(self._on_items_changed)
        self.materials.dataChanged.connect(lambda *_: self._on_changed())
        self.materials.rowsInserted.connect(lambda *_: self._on_changed())
        self.materials.rowsRemoved.connect(lambda *_: self._on_changed())
        self.materials.modelReset.connect(self._on_changed)
        self.extra_name.returnPressed.connect(self._on_extra_entered)
        self.reasons.textChanged.connect(self._on_changed)
        self.authority.textChanged.connect(self._on_changed)
        self.notes.textChanged.connect(self._on_changed)
        self.accept_button.clicked.connect(lambda: self._choose(Outcome.ACCEPT))
        self.notice_button.clicked.connect(lambda: self._choose(Outcome.INCOMPLETE))
        self.refuse_button.clicked.connect(self._on_refuse_clicked)

    def _on_changed(self) -> None:
        self.refresh()
        self.sig_changed.emit()

    def _on_items_changed(self) -> None:
        merged = merge_materials(self.picker.chosen_items())
        self.materials.set_lines(remerge(self.materials.lines(), merged))

    def tick_all_received(self) -> None:
        """Ctrl+Shift+T: every material ticked as received, the focus on the first one, so
        Space on a missing one unticks it."""
        self.materials.tick_all()
        self.materials_view.setFocus()
        if self.materials.rowCount():
            self.materials_view.setCurrentIndex(self.materials.index(0, 0))

    def _on_extra_entered(self) -> None:
        name = validate_free_text(self.extra_name.text(), max_len=100, multiline=False)
        if name.ok and name.value:
            self.materials.add_extra(name.value)
            self.extra_name.clear()

    # --- what is missing -------------------------------------------------------------

    def missing_fields(self) -> list[str]:
        labels = self.applicant.missing()
        if not self.picker.chosen_items():
            labels.append(tr("办理事项"))
        return labels

    def missing_materials(self) -> tuple[MaterialLine, ...]:
        return missing(self.materials.lines())

    def reason_lines(self) -> tuple[str, ...]:
        return tuple(r.strip() for r in self.reasons.toPlainText().splitlines() if r.strip())

    def refresh(self) -> None:
        fields, lacking = self.missing_fields(), self.missing_materials()
        ready = not fields
        self.accept_button.setEnabled(ready and not lacking)
        self.notice_button.setEnabled(ready and bool(lacking))
        self.refuse_button.setEnabled(ready)
        if fields:
            text = tr("还需填写：{n}", n=_names(fields))
        elif lacking:
            text = tr("还缺材料：{n}", n=_names([m.name for m in lacking]))
        else:
            text = tr("受理")
        self.accept_button.setText(keyed(text, "Ctrl+S"))
        self.accept_button.setToolTip(text)
        self._show_hint(fields, lacking)

    def _show_hint(self, fields: list[str], lacking: tuple[MaterialLine, ...]) -> None:
        if fields:
            hint = tr("填写完整后才能保存；Tab 或回车到下一项")
        elif lacking:
            hint = tr("材料不全：可按 Ctrl+I 出具一次性告知书，列明全部缺少的材料")
        else:
            hint = tr("材料齐全，按 Ctrl+S 受理")
        self.missing_label.setText(hint)

    def _on_accept_key(self) -> None:
        if self.accept_button.isEnabled():
            self.accept_button.click()
            return
        self.applicant.reveal()
        self.focus_first_missing()

    def focus_first_missing(self) -> None:
        for field in self.applicant.visible_fields():
            if not field.is_valid():
                field.edit.setFocus()
                return
        if not self.picker.chosen_items():
            self.picker.search.setFocus()
        elif self.missing_materials():
            self.materials_view.setFocus()

    def _on_refuse_clicked(self) -> None:
        if not self.reasons.isVisible() or not self.reason_lines():
            self.reasons.show()
            self.authority.show()
            self.reasons.setFocus()
            self.missing_label.setText(tr("请写明不予受理的理由（每行一条），再按 Ctrl+J 确认"))
            return
        self._choose(Outcome.REFUSE)

    def cancel_refusal(self) -> bool:
        if not self.reasons.isVisible():
            return False
        self.reasons.hide()
        self.authority.hide()
        self.refresh()
        return True

    def _choose(self, outcome: Outcome) -> None:
        self.sig_outcome_chosen.emit(outcome)

    # --- the data ----------------------------------------------------------------------

    def reception_input(self, outcome: Outcome, draft_key: str) -> ReceptionInput:
        agent = self.applicant.agent
        return ReceptionInput(
            draft_key=draft_key,
            applicant=self.applicant.applicant_input(),
            item_ids=tuple(item.id for item in self.picker.chosen_items()),
            materials=self.materials.lines(),
            outcome=outcome,
            agent=agent.agent_input() if self.applicant.agent_check.isChecked() else None,
            reasons=self.reason_lines() if outcome is Outcome.REFUSE else (),
            notes=self.notes.text(),
            competent_authority=self.authority.text() if outcome is Outcome.REFUSE else "",
        )

    def is_empty(self) -> bool:
        return self.applicant.is_empty() and not self.picker.chosen_items()

    def to_json(self) -> dict[str, Any]:
        return {
            "applicant": self.applicant.to_json(),
            "item_ids": [item.id for item in self.picker.chosen_items()],
            "materials": [asdict(m) for m in self.materials.lines()],
            "reasons": self.reasons.toPlainText(),
            "refusing": self.reasons.isVisible(),
            "competent_authority": self.authority.text(),
            "notes": self.notes.text(),
        }

    def load_json(self, data: dict[str, Any]) -> None:
        self.applicant.load_json(dict(data.get("applicant") or {}))
        self.picker.set_chosen_ids([str(i) for i in data.get("item_ids") or []])
        lines = []
        for raw in data.get("materials") or []:
            raw = dict(raw)
            raw["for_items"] = tuple(raw.get("for_items") or ())
            lines.append(MaterialLine(**raw))
        self.materials.set_lines(lines)
        self.reasons.setPlainText(str(data.get("reasons", "")))
        self.reasons.setVisible(bool(data.get("refusing")))
        self.authority.setText(str(data.get("competent_authority", "")))
        self.authority.setVisible(bool(data.get("refusing")))
        self.notes.setText(str(data.get("notes", "")))
        self.refresh()

    def clear(self) -> None:
        self.applicant.reset()
        self.picker.clear()
        self.materials.set_lines([])
        self.reasons.clear()
        self.reasons.hide()
        self.authority.clear()
        self.authority.hide()
        self.notes.clear()
        self.extra_name.clear()
        self.refresh()
