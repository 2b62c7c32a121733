"""The applicant block: person or organisation, ID or credit code, contact, agent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.cases.rules.reception import ORGANISATION, PERSON, ApplicantInput
from counter_app.cases.views import ApplicantView
from counter_app.i18n import tr
from counter_app.identity.identifiers import (
    CheckResult,
    IdType,
    validate_credit_code,
    validate_free_text,
    validate_id_document,
    validate_mobile,
    validate_org_name,
    validate_person_name,
    validate_phone,
    validate_postal_code,
)
from ui.reception.agent_fields import AgentFields, id_type_combo
from ui.reception.checked_field import CheckedLine, optional


def _line_text(label: str, max_len: int, required: bool) -> Any:
    def check(raw: str) -> CheckResult:
        return validate_free_text(
            raw, max_len=max_len, label=label, required=required, multiline=False
        )

    return check


class ApplicantForm(QWidget):
    """Applicant fields validated as typed; ``applicant_input()`` gives the service's input."""

    sig_changed = Signal()
    """Emitted after any field changed (the panel re-checks and saves the draft)."""
    sig_lookup = Signal(str)
    """Emitted with a complete, valid ID number or credit code: maybe a returning applicant."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_fields()
        self._build_layout()
        self._connect()
        self._on_kind_changed()

    def _build_fields(self) -> None:
        self.person = QRadioButton(tr("自然人 (Alt+1)"), self)
        self.organisation = QRadioButton(tr("单位 (Alt+2)"), self)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.person)
        self.kind_group.addButton(self.organisation)
        self.organisation.setChecked(True)
        self.id_type = id_type_combo(self)
        self.id_number = CheckedLine(tr("证件号码"), self._check_id, max_length=40)
        self.name = CheckedLine(tr("名称"), self._check_name, max_length=120)
        self.phone = CheckedLine(tr("联系电话"), self._check_phone, max_length=30)
        self.address = CheckedLine(tr("地址"), _line_text(tr("地址"), 200, False))
        self.postal_code = CheckedLine(
            tr("邮政编码"), optional(validate_postal_code), max_length=12
        )
        self.legal_representative = CheckedLine(
            tr("法定代表人"), _line_text(tr("法定代表人"), 50, True), max_length=60
        )
        self.contact_name = CheckedLine(tr("联系人"), _line_text(tr("联系人"), 50, False))
        self.agent_check = QCheckBox(tr("代办（代理人/经办人办理） (Alt+D)"), self)
        self.agent = AgentFields(self)
        self.agent.hide()

    def _build_layout(self) -> None:
        kinds = QHBoxLayout()
        kinds.addWidget(self.person)
        kinds.addWidget(self.organisation)
        kinds.addStretch(1)
        self.form = QFormLayout()
        self.form.addRow(tr("申请人"), kinds)
        self.form.addRow(tr("证件类型"), self.id_type)
        self.form.addRow(tr("证件号码"), self.id_number)
        self.form.addRow(tr("名称"), self.name)
        self.form.addRow(tr("联系电话"), self.phone)
        self.form.addRow(tr("法定代表人"), self.legal_representative)
        self.form.addRow(tr("联系人"), self.contact_name)
        self.form.addRow(tr("地址"), self.address)
        self.form.addRow(tr("邮政编码"), self.postal_code)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.form)
        column.addWidget(self.agent_check)
        column.addWidget(self.agent)
        column.addStretch(1)

    def _connect(self) -> None:
        self.kind_group.buttonToggled.connect(lambda *_: self._on_kind_changed())
        self.id_type.currentIndexChanged.connect(lambda _i: self._on_id_type_changed())
        self.agent_check.toggled.connect(self._on_agent_toggled)
        for field in self.fields():
            field.sig_changed.connect(self.sig_changed)
            field.edit.returnPressed.connect(self.focusNextChild)
        self.agent.sig_changed.connect(self.sig_changed)
        for field in self.agent.fields():
            field.edit.returnPressed.connect(self.focusNextChild)
        self.id_number.edit.textChanged.connect(self._on_id_number_changed)

    def fields(self) -> tuple[CheckedLine, ...]:
        return (
            self.id_number,
            self.name,
            self.phone,
            self.legal_representative,
            self.contact_name,
            self.address,
            self.postal_code,
        )

    @property
    def kind(self) -> str:
        return ORGANISATION if self.organisation.isChecked() else PERSON

    def _check_id(self, raw: str) -> CheckResult:
        if self.kind == ORGANISATION:
            return validate_credit_code(raw)
        return validate_id_document(IdType(self.id_type.currentData()), raw)

    def _check_name(self, raw: str) -> CheckResult:
        if self.kind == ORGANISATION:
            return validate_org_name(raw)
        return validate_person_name(raw)

    def _check_phone(self, raw: str) -> CheckResult:
        if not raw.strip():
            return CheckResult("", tr("请填写联系电话（手机号）"))
        return validate_phone(raw) if self.kind == ORGANISATION else validate_mobile(raw)

    def _check_legal(self, raw: str) -> CheckResult:
        if self.kind != ORGANISATION:
            return CheckResult(raw.strip())
        return _line_text(tr("法定代表人"), 50, True)(raw)  # type: ignore[no-any-return]

    def _on_kind_changed(self) -> None:
        organisation = self.kind == ORGANISATION
        self.form.setRowVisible(self.id_type, not organisation)
        self.form.setRowVisible(self.legal_representative, organisation)
        self.form.setRowVisible(self.contact_name, organisation)
        self._set_label(self.id_number, tr("统一社会信用代码") if organisation else tr("证件号码"))
        self._set_label(self.name, tr("单位名称") if organisation else tr("姓名"))
        self.legal_representative.set_validator(self._check_legal)
        for field in (self.id_number, self.name, self.phone):
            field.recheck()
        self.sig_changed.emit()

    def _set_label(self, field: CheckedLine, text: str) -> None:
        field.label = text
        label = self.form.labelForField(field)
        if label is not None:
            label.setText(text)  # type: ignore[attr-defined]

    def _on_id_type_changed(self) -> None:
        self.id_number.set_validator(self._check_id)
        self.sig_changed.emit()

    def _on_agent_toggled(self, on: bool) -> None:
        self.agent.setVisible(on)
        self.sig_changed.emit()

    def _on_id_number_changed(self, _text: str) -> None:
        result = self.id_number.result()
        if result.ok:
            self.sig_lookup.emit(result.value)

    def applicant_input(self) -> ApplicantInput:
        organisation = self.kind == ORGANISATION
        return ApplicantInput(
            kind=self.kind,
            name=self.name.text(),
            id_type="credit_code" if organisation else str(self.id_type.currentData()),
            id_number=self.id_number.text(),
            phone=self.phone.text(),
            address=self.address.text(),
            postal_code=self.postal_code.text(),
            legal_representative=self.legal_representative.text() if organisation else "",
            contact_name=self.contact_name.text() if organisation else "",
        )

    def visible_fields(self) -> list[CheckedLine]:
        shown = [f for f in self.fields() if self.form.isRowVisible(f)]
        return shown + (list(self.agent.fields()) if self.agent_check.isChecked() else [])

    def missing(self) -> list[str]:
        """Labels of the fields that still stop the save, in form order."""
        return [field.label for field in self.visible_fields() if not field.is_valid()]

    def reveal(self) -> None:
        for field in self.visible_fields():
            field.reveal()

    def show_errors(self, errors: dict[str, str]) -> None:
        by_key = {
            "name": self.name,
            "id_number": self.id_number,
            "phone": self.phone,
            "postal_code": self.postal_code,
            "address": self.address,
            "legal_representative": self.legal_representative,
        }
        for key, message in errors.items():
            if key in by_key:
                by_key[key].show_error(message)
        self.agent.show_errors(errors)

    def is_empty(self) -> bool:
        return not any(f.text().strip() for f in (*self.fields(), *self.agent.fields()))

    def reset(self) -> None:
        self.organisation.setChecked(True)
        self.id_type.setCurrentIndex(0)
        self.agent_check.setChecked(False)
        self.agent.id_type.setCurrentIndex(0)
        for field in (*self.fields(), *self.agent.fields()):
            field.reset()

    def fill(self, found: ApplicantView) -> None:
        """A returning applicant: fill the fields still empty (typed work is kept)."""
        values = {
            self.name: found.name,
            self.phone: found.phone,
            self.address: found.address,
            self.postal_code: found.postal_code,
            self.legal_representative: found.legal_representative,
            self.contact_name: found.contact_name,
        }
        for field, value in values.items():
            if value and not field.text().strip():
                field.set_text(value)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(vars(self.applicant_input()))
        data["person_id_type"] = str(self.id_type.currentData())
        data["legal_representative"] = self.legal_representative.text()
        data["contact_name"] = self.contact_name.text()
        data["agent_on"] = self.agent_check.isChecked()
        data["agent"] = self.agent.to_json()
        return data

    def load_json(self, data: dict[str, Any]) -> None:
        (self.organisation if data.get("kind") == ORGANISATION else self.person).setChecked(True)
        index = self.id_type.findData(data.get("person_id_type", IdType.RESIDENT_ID.value))
        self.id_type.setCurrentIndex(max(index, 0))
        for key in ("id_number", "name", "phone", "address", "postal_code"):
            getattr(self, key).set_text(str(data.get(key, "")))
        self.legal_representative.set_text(str(data.get("legal_representative", "")))
        self.contact_name.set_text(str(data.get("contact_name", "")))
        self.agent_check.setChecked(bool(data.get("agent_on")))
        self.agent.load_json(dict(data.get("agent") or {}))
