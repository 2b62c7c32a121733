"""The staff page's inline forms: 新增培训记录, and 奖惩建议 (the rule's proposal with its
figures, recorded with an optional note; the figures are shown, never typed)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDoubleSpinBox, QLabel, QWidget

from counter_app.i18n import tr
from counter_app.supervision.rules.assessment_rules import MeritKind
from counter_app.supervision.staff_records import HOURS_MAX, HOURS_MIN, TEXT_MAX, MeritProposal
from ui.admin.common import chain_tab_order
from ui.approval.inline_form import InlineForm

KIND_COLOURS = {MeritKind.REWARD: "#1b5e20", MeritKind.PUNISH: "#b00020", MeritKind.NONE: "#444"}


class DateEdit(QDateEdit):
    """A date field that Tab leaves (QDateEdit's Tab walks its year/month/day sections; the
    arrow keys still do), with the calendar popup and the ISO format."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def basis_text(basis: dict[str, object]) -> str:
    """The figures a proposal rests on, in one line."""

    def rate(key: str) -> str:
        value = basis.get(key)
        return "—" if value is None else f"{value}%"

    return tr(
        "评价 {e} 次，满意率 {s}；按期办结率 {o}，超期 {late} 件；投诉 {c} 件，成立 {u} 件",
        e=basis.get("evaluations"),
        s=rate("satisfaction_rate"),
        o=rate("on_time_rate"),
        late=basis.get("late"),
        c=basis.get("complaints"),
        u=basis.get("complaints_upheld"),
    )


class TrainingForm(InlineForm):
    """新增培训记录: date, subject, hours, provider (Enter saves, Esc cancels)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("新增培训记录"), tr("保存"), parent)
        self.held_on = DateEdit(self)
        self.fields.add("held_on", tr("培训日期"), self.held_on)
        self.subject = self.fields.line(
            "subject", tr("培训内容"), tr("如：专利审查指南修订解读"), max_length=TEXT_MAX
        )
        self.hours = QDoubleSpinBox(self)
        self.hours.setRange(HOURS_MIN, HOURS_MAX)
        self.hours.setSingleStep(0.5)
        self.hours.setDecimals(1)
        self.hours.setSuffix(tr(" 学时"))
        self.fields.add("hours", tr("学时"), self.hours)
        self.provider = self.fields.line(
            "provider", tr("培训单位"), tr("可不填"), max_length=TEXT_MAX
        )
        self.staff_line = QLabel(self)
        self.fields.insertRow(0, tr("工作人员"), self.staff_line)
        chain_tab_order(
            [
                self.held_on,
                self.subject,
                self.hours,
                self.provider,
                self.cancel_button,
                self.ok_button,
            ]
        )

    def prepare(self, staff_name: str, today: date) -> None:
        self.staff_line.setText(staff_name)
        self.held_on.setMaximumDate(qdate(today))
        self.held_on.setDate(qdate(today))
        self.subject.clear()
        self.hours.setValue(2.0)
        self.provider.clear()

    def first_field(self) -> QWidget:
        return self.held_on

    def values(self) -> tuple[date, str, float, str]:
        return (
            pydate(self.held_on.date()),
            self.subject.text(),
            self.hours.value(),
            self.provider.text(),
        )


class MeritForm(InlineForm):
    """奖惩建议: what the rule proposes and why; 记录 saves it with the note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("奖惩建议"), tr("记录"), parent)
        self.kind = QLabel(self)
        self.kind.setStyleSheet("font-size:15pt; font-weight:bold;")
        self.fields.add("kind", tr("建议"), self.kind)
        self.reasons = QLabel(self)
        self.reasons.setWordWrap(True)
        self.fields.add("reasons", tr("依据"), self.reasons)
        self.basis = QLabel(self)
        self.basis.setWordWrap(True)
        self.fields.add("basis", tr("考核数据"), self.basis)
        self.rule = QLabel(self)
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("color:#555;")
        self.fields.add("rule", tr("规则"), self.rule)
        self.note = self.fields.line("note", tr("备注"), tr("可不填，如：约谈一次"), max_length=500)
        self.proposal: MeritProposal | None = None
        chain_tab_order([self.note, self.cancel_button, self.ok_button])

    def prepare(self, proposal: MeritProposal) -> None:
        self.proposal = proposal
        self.title.setText(
            tr(
                "奖惩建议：{n}（{f} 至 {t}）",
                n=proposal.staff_name,
                f=proposal.date_from,
                t=proposal.date_to,
            )
        )
        self.kind.setText(proposal.kind.label)
        self.kind.setStyleSheet(
            f"font-size:15pt; font-weight:bold; color:{KIND_COLOURS[proposal.kind]};"
        )
        self.reasons.setText("；".join(proposal.reasons) or tr("（无）"))
        self.basis.setText(basis_text(proposal.basis))
        self.rule.setText(proposal.rule)
        self.note.clear()

    def first_field(self) -> QWidget:
        return self.note
