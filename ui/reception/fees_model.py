"""Fee lines of a payment: taken from the items' fees, amounts editable, ticked to charge."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from counter_app.cases.payments import FeeLine
from counter_app.hall.rules.catalog import ItemView
from counter_app.i18n import tr

Index = QModelIndex | QPersistentModelIndex
CHARGE, NAME, AMOUNT, NOTE = range(4)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class FeeRow:
    charge: bool
    name: str
    amount: Decimal | None
    note: str = ""


def fee_rows(items: list[ItemView]) -> list[FeeRow]:
    """Every fee of every item; the first known fee of each item is ticked."""
    rows = []
    for item in items:
        first = True
        for fee in item.content.fees:
            charge = first and fee.amount is not None
            first = first and not charge
            note = fee.note or item.name
            rows.append(FeeRow(charge, fee.name, fee.amount, note))
    return rows


def parse_amount(value: Any) -> Decimal | None:
    """Yuan as typed (full-width digits, "¥", "元" allowed); None when it is not an amount."""
    text = str(value).strip().translate({0xFF10 + d: ord("0") + d for d in range(10)})
    text = text.replace("．", ".").lstrip("¥￥").removesuffix("元").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        return None
    return amount


class FeeTableModel(QAbstractTableModel):
    HEADERS = (tr("收取"), tr("收费项目"), tr("金额（元）"), tr("说明"))

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[FeeRow] = []

    def set_rows(self, rows: list[FeeRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[FeeRow]:
        return list(self._rows)

    def charged(self) -> list[FeeRow]:
        return [r for r in self._rows if r.charge]

    def unpriced(self) -> list[FeeRow]:
        """Ticked lines still without an amount (the catalogue did not know it)."""
        return [r for r in self._rows if r.charge and r.amount is None]

    def total(self) -> Decimal:
        return sum((r.amount or Decimal(0) for r in self._rows if r.charge), Decimal(0))

    def fee_lines(self) -> tuple[FeeLine, ...]:
        return tuple(
            FeeLine(r.name, r.amount, note=r.note)
            for r in self._rows
            if r.charge and r.amount is not None
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == CHARGE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == AMOUNT:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == CHARGE:
            return Qt.CheckState.Checked if row.charge else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(row: FeeRow, column: int, edit: bool) -> str:
        if column == CHARGE:
            return ""
        if column == NAME:
            return row.name
        if column == AMOUNT:
            if row.amount is None:
                return "" if edit else tr("待填写")
            return f"{row.amount:.2f}"
        return row.note

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == CHARGE:
            new = replace(row, charge=Qt.CheckState(value) == Qt.CheckState.Checked)
        elif role == Qt.ItemDataRole.EditRole and index.column() == AMOUNT:
            amount = parse_amount(value)
            if amount is None:
                return False
            new = replace(row, amount=amount, charge=True)
        else:
            return False
        self._rows[index.row()] = new
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), NOTE))
        return True

    def toggle(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            state = Qt.CheckState.Unchecked if self._rows[row].charge else Qt.CheckState.Checked
            self.setData(self.index(row, CHARGE), state.value, Qt.ItemDataRole.CheckStateRole)
