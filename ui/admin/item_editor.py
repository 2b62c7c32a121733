"""The catalogue item editor: every field of one item; each save makes a new version. Most
fields carry a 待核实 mark (local practice still to confirm), seen only here and in the
catalogue admin list, never in a guide or a printout."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.catalog import CatalogService
from counter_app.hall.rules.catalog import (
    APPLICANT_TYPES,
    NAME_MAX,
    Category,
    ItemContent,
    ItemView,
    parse_item_content,
)
from counter_app.hall.rules.legal import LegalKind, legal_kind_of
from counter_app.i18n import tr
from ui.admin.common import dialog_buttons, show_failure
from ui.admin.item_marks import MARK_KEY, FieldMarks, mark_hint
from ui.admin.rows_editor import CellKind, RowColumn, RowsEditor
from ui.form import FieldForm
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel

MATERIAL_COLUMNS = (
    RowColumn("name", tr("材料名称")),
    RowColumn("requirement", tr("要求")),
    RowColumn("original", tr("原件"), CellKind.CHECK, 70),
    RowColumn("copies", tr("份数"), CellKind.COUNT, 70),
)
FEE_COLUMNS = (
    RowColumn("name", tr("收费项目")),
    RowColumn("amount", tr("金额（元）"), CellKind.TEXT, 130),
    RowColumn("note", tr("说明")),
)


def _line(max_length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    edit.setPlaceholderText(placeholder)
    return edit


def _text_box(placeholder: str = "", height: int = 0) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    if height:
        box.setMaximumHeight(height)
    return box


class ItemEditorDialog(QDialog):
    """Add an item (``item`` None) or edit one; nothing is saved unless everything checks."""

    def __init__(
        self,
        catalog: CatalogService,
        actor: Actor,
        item: ItemView | None = None,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog, self._actor, self._item = catalog, actor, item
        self._runner: Runner = runner or SyncRunner()
        self.saved: ItemView | None = None
        self.marks = FieldMarks()  # 待核实 of the fields
        title = tr("新增事项") if item is None else tr("编辑事项 {c}", c=item.code)
        self.setWindowTitle(title)
        self.resize(1120, 680)
        self.banner = BannerLabel(self)
        self.pages = QTabWidget(self)
        self.basic_form, self.lists_form, self.texts_form = FieldForm(), FieldForm(), FieldForm()
        self.legal_form = FieldForm()
        self._add_page(self.basic_form, tr("基本信息 (Alt+1)"), "Alt+1")
        self._add_page(self.lists_form, tr("材料与收费 (Alt+2)"), "Alt+2")
        self._add_page(self.texts_form, tr("依据与流程 (Alt+3)"), "Alt+3")
        self._add_page(self.legal_form, tr("事项性质 (Alt+4)"), "Alt+4")
        self._build_basic()
        self._build_lists()
        self._build_texts()
        self._build_legal(item)
        self.note_form = FieldForm()
        self.note = self.note_form.line(
            "note", tr("修改说明"), tr("如：调整承诺时限"), max_length=200
        )
        self.pages.setCornerWidget(mark_hint())
        self._layout()
        if item is not None:
            self.set_content(item.content)
        self.name.setFocus()

    def _add_page(self, form: FieldForm, label: str, keys: str) -> None:
        page = QWidget(self.pages)
        page.setLayout(form)
        index = self.pages.addTab(page, label)
        QShortcut(QKeySequence(keys), self, lambda: self._show_page(index))

    def _show_page(self, index: int) -> None:
        """Alt+n: the page, with the focus in its first field."""
        self.pages.setCurrentIndex(index)
        page = self.pages.currentWidget()
        fields = (
            w for w in page.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        )
        first = next((w for w in fields if w.isVisibleTo(page)), None)
        if first is not None:
            first.setFocus()

    def _build_basic(self) -> None:
        f = self.basic_form
        self.name = f.line("name", tr("事项名称"), max_length=NAME_MAX)
        self.category = QComboBox()
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.category.setPlaceholderText(tr("请选择"))
        self.category.setCurrentIndex(-1)
        f.add("category", tr("事项类型"), self.category)
        self.authority = _line(200)
        self.marks.add(f, "authority", tr("实施机关"), self.authority)
        self.applicant_boxes = {key: QCheckBox(label) for key, label in APPLICANT_TYPES.items()}
        f.add(
            "applicant_types", tr("申请人类型"), self._row_of(list(self.applicant_boxes.values()))
        )
        self.time_limit = _line(3, tr("留空表示未定"))
        self.time_limit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,3}")))
        self.marks.add(f, "time_limit_days", tr("承诺时限（工作日）"), self.time_limit)
        self.time_limit_note = _line(400)
        self.marks.add(f, "time_limit_note", tr("时限说明"), self.time_limit_note)
        self.four_eyes = QCheckBox(tr("办结前须另一人复核（双人审核）"))
        f.add("four_eyes", tr("复核"), self.four_eyes)

    def _row_of(self, widgets: list[QCheckBox]) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return box

    def _build_lists(self) -> None:
        f = self.lists_form
        self.materials = RowsEditor(MATERIAL_COLUMNS)
        self.marks.add(f, "materials", tr("申请材料"), self.materials)
        self.fees = RowsEditor(FEE_COLUMNS)
        self.marks.add(f, "fees", tr("收费项目"), self.fees)
        self.fee_reductions = _text_box(tr("减缴、免收的条件；不收费的写“本事项不收费。”"), 90)
        self.marks.add(f, "fee_reductions", tr("费用减缴"), self.fee_reductions)

    def _build_texts(self) -> None:
        f = self.texts_form
        self.legal_basis = _text_box(tr("一行一部法律法规"), 90)
        self.marks.add(f, "legal_basis", tr("设定依据"), self.legal_basis)
        self.process = _text_box(tr("一行一步"), 90)
        self.marks.add(f, "process", tr("办理流程"), self.process)
        self.guide = _text_box(tr("办事指南正文"))
        self.marks.add(f, "guide", tr("办事指南"), self.guide)
        self.rejection_reasons = _text_box(tr("一行一条"), 110)
        self.marks.add(f, "rejection_reasons", tr("不予受理情形"), self.rejection_reasons)

    def _build_legal(self, item: ItemView | None) -> None:
        f = self.legal_form
        self.legal_kind = QComboBox()
        default = legal_kind_of(item.number if item else 0, "")
        self.legal_kind.addItem(tr("按序号默认（{k}）", k=default.label), "")
        for kind in LegalKind:
            self.legal_kind.addItem(kind.label, kind.value)
        self.marks.add(f, "legal_kind", tr("事项性质"), self.legal_kind)
        self.acceptance_basis = _line(200, tr("如：《中华人民共和国行政许可法》第三十二条"))
        self.marks.add(f, "acceptance_basis", tr("受理依据"), self.acceptance_basis)
        self.decision_basis = _line(200, tr("如：《中华人民共和国行政许可法》第三十八条"))
        self.marks.add(f, "decision_basis", tr("不予许可决定依据"), self.decision_basis)
        self.handling_note = _text_box(
            tr("非行政许可事项：决定是否受理的期限或办理期限及其依据"), 110
        )
        self.marks.add(f, "handling_note", tr("受理与办理期限"), self.handling_note)

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        layout.addLayout(self.note_form)  # before the buttons: Tab reaches the note first
        layout.addWidget(dialog_buttons(self, tr("保存"), self._on_save))
        QShortcut(QKeySequence("Ctrl+S"), self, self._on_save)
        QShortcut(QKeySequence(MARK_KEY), self, self.marks.toggle_focused)

    @property
    def forms(self) -> tuple[FieldForm, ...]:
        return (
            self.basic_form,
            self.lists_form,
            self.texts_form,
            self.legal_form,
            self.note_form,
        )

    def set_content(self, content: ItemContent) -> None:
        self.name.setText(content.name)
        self.category.setCurrentIndex(self.category.findData(content.category.value))
        self.authority.setText(content.authority)
        for key, box in self.applicant_boxes.items():
            box.setChecked(key in content.applicant_types)
        days = content.time_limit_days
        self.time_limit.setText("" if days is None else str(days))
        self.time_limit_note.setText(content.time_limit_note)
        self.four_eyes.setChecked(content.four_eyes)
        data = content.to_json()
        self.materials.set_rows(data["materials"])
        self.fees.set_rows(data["fees"])
        self.fee_reductions.setPlainText(content.fee_reductions)
        self.legal_basis.setPlainText(content.legal_basis)
        self.process.setPlainText(content.process)
        self.guide.setPlainText(content.guide)
        self.rejection_reasons.setPlainText("\n".join(content.rejection_reasons))
        self.legal_kind.setCurrentIndex(max(self.legal_kind.findData(content.legal_kind), 0))
        self.acceptance_basis.setText(content.acceptance_basis)
        self.decision_basis.setText(content.decision_basis)
        self.handling_note.setPlainText(content.handling_note)
        self.marks.set(content.to_confirm)

    def form_data(self) -> dict[str, Any]:
        """The form as the dict ``parse_item_content`` checks."""
        data: dict[str, Any] = {
            "name": self.name.text(),
            "authority": self.authority.text(),
            "applicant_types": [k for k, b in self.applicant_boxes.items() if b.isChecked()],
            "time_limit_days": self.time_limit.text().strip(),
            "time_limit_note": self.time_limit_note.text(),
            "materials": self.materials.rows(),
            "fees": self.fees.rows(),
            "fee_reductions": self.fee_reductions.toPlainText(),
            "legal_basis": self.legal_basis.toPlainText(),
            "process": self.process.toPlainText(),
            "guide": self.guide.toPlainText(),
            "rejection_reasons": self.rejection_reasons.toPlainText().splitlines(),
            "four_eyes": self.four_eyes.isChecked(),
            "legal_kind": self.legal_kind.currentData(),
            "acceptance_basis": self.acceptance_basis.text(),
            "decision_basis": self.decision_basis.text(),
            "handling_note": self.handling_note.toPlainText(),
            "to_confirm": self.marks.names(),
        }
        if self.category.currentIndex() >= 0:
            data["category"] = self.category.currentData()
        return data

    def _on_save(self) -> None:
        self._clear_errors()
        try:
            content = parse_item_content(self.form_data())
        except CounterError as exc:
            self._show_failure(exc)
            return
        item_id = None if self._item is None else self._item.id
        note = self.note.text().strip()
        self.setEnabled(False)
        self._runner.run(
            lambda: self._catalog.save(self._actor, item_id, content, note),
            self._on_saved,
            self._on_failed,
        )

    def _on_saved(self, view: ItemView) -> None:
        self.saved = view
        self.setEnabled(True)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.setEnabled(True)
        self._show_failure(exc)

    def _clear_errors(self) -> None:
        self.banner.clear()
        for form in self.forms:
            form.clear_errors()

    def _show_failure(self, exc: Exception) -> None:
        show_failure(exc, self.banner, self.forms)
        if isinstance(exc, CounterError):
            self._reveal_field(exc.field or "")

    def _reveal_field(self, field: str) -> None:
        for index, form in enumerate(self.forms[:4]):
            try:
                editor = form.editor(field)
            except KeyError:
                continue
            self.pages.setCurrentIndex(index)
            editor.setFocus()
            return

    def error_text(self, field: str) -> str:
        """The inline message under ``field`` (empty when none)."""
        for form in self.forms:
            try:
                return form.error_text(field)
            except KeyError:
                continue
        return ""
