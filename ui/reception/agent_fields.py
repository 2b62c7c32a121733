"""The agent (代理人/经办人) who acts for the applicant, with the authorisation recorded."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from counter_app.cases.rules.reception import AgentInput
from counter_app.i18n import tr
from counter_app.identity.identifiers import (
    ID_TYPE_LABELS,
    CheckResult,
    IdType,
    validate_credit_code,
    validate_free_text,
    validate_id_document,
    validate_mobile,
    validate_person_name,
)
from ui.reception.checked_field import CheckedLine, optional


def id_type_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for id_type, label in ID_TYPE_LABELS.items():
        combo.addItem(tr(label), id_type.value)
    return combo


def _authorisation(raw: str) -> CheckResult:
    return validate_free_text(
        raw, max_len=100, label=tr("授权委托书（编号或说明）"), required=True, multiline=False
    )


def _agency_name(raw: str) -> CheckResult:
    return validate_free_text(raw, max_len=100, label=tr("代理机构名称"), multiline=False)


class AgentFields(QWidget):
    """Name, ID document, mobile and authorisation of the agent; hidden unless 代办."""

    sig_changed = Signal()
    """Emitted after any agent field changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = CheckedLine(
            tr("代办人姓名"), lambda t: validate_person_name(t, label="代办人姓名")
        )
        self.id_type = id_type_combo(self)
        self.id_number = CheckedLine(tr("代办人证件号码"), self._check_id, max_length=40)
        self.phone = CheckedLine(tr("代办人手机"), validate_mobile, max_length=30)
        self.authorisation = CheckedLine(
            tr("授权委托书"), _authorisation, tr("授权委托书编号或说明"), max_length=100
        )
        self.agency_name = CheckedLine(
            tr("代理机构"),
            _agency_name,
            tr("代理机构名称（非代理机构的经办人不填）"),
            max_length=100,
        )
        self.agency_code = CheckedLine(
            tr("代理机构信用代码"), optional(validate_credit_code), max_length=30
        )
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("代办人姓名"), self.name)
        form.addRow(tr("证件类型"), self.id_type)
        form.addRow(tr("证件号码"), self.id_number)
        form.addRow(tr("手机"), self.phone)
        form.addRow(tr("授权委托书"), self.authorisation)
        form.addRow(tr("代理机构"), self.agency_name)
        form.addRow(tr("信用代码"), self.agency_code)
        for field in self.fields():
            field.sig_changed.connect(self.sig_changed)
        self.id_type.currentIndexChanged.connect(self._on_id_type_changed)

    def fields(self) -> tuple[CheckedLine, ...]:
        return (
            self.name,
            self.id_number,
            self.phone,
            self.authorisation,
            self.agency_name,
            self.agency_code,
        )

    def _check_id(self, raw: str) -> CheckResult:
        return validate_id_document(IdType(self.id_type.currentData()), raw)

    def _on_id_type_changed(self, _index: int) -> None:
        self.id_number.set_validator(self._check_id)
        self.sig_changed.emit()

    def agent_input(self) -> AgentInput:
        return AgentInput(
            name=self.name.text(),
            id_type=str(self.id_type.currentData()),
            id_number=self.id_number.text(),
            phone=self.phone.text(),
            authorisation=self.authorisation.text(),
            agency_name=self.agency_name.text(),
            agency_code=self.agency_code.text(),
        )

    def missing(self) -> list[str]:
        return [field.label for field in self.fields() if not field.is_valid()]

    def reveal(self) -> None:
        for field in self.fields():
            field.reveal()

    def show_errors(self, errors: dict[str, str]) -> None:
        by_key = {
            "agent_name": self.name,
            "agent_id_number": self.id_number,
            "agent_phone": self.phone,
            "agent_authorisation": self.authorisation,
            "agency_name": self.agency_name,
            "agency_code": self.agency_code,
        }
        for key, message in errors.items():
            if key in by_key:
                by_key[key].show_error(message)

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in vars(self.agent_input()).items()}
        return data

    def load_json(self, data: dict[str, Any]) -> None:
        index = self.id_type.findData(data.get("id_type", IdType.RESIDENT_ID.value))
        self.id_type.setCurrentIndex(max(index, 0))
        self.name.set_text(str(data.get("name", "")))
        self.id_number.set_text(str(data.get("id_number", "")))
        self.phone.set_text(str(data.get("phone", "")))
        self.authorisation.set_text(str(data.get("authorisation", "")))
        self.agency_name.set_text(str(data.get("agency_name", "")))
        self.agency_code.set_text(str(data.get("agency_code", "")))
