"""The table models of the reception tab pass Qt's model tester; their edits behave."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from counter_app.cases.rules.reception import MaterialLine
from counter_app.container import Services
from tests.cases.reception.support import items
from ui.reception.fees_model import AMOUNT, CHARGE, FeeTableModel, fee_rows, parse_amount
from ui.reception.form_page import remerge
from ui.reception.materials_model import COPIES, NAME, RECEIVED, MaterialsTableModel
from ui.reception.rows_model import TextRowsTableModel

LINES = (
    MaterialLine("申请表", original_required=True),
    MaterialLine("合同", requirement="复印件须加盖公章", copies_required=2),
)
CHECK = Qt.ItemDataRole.CheckStateRole


def test_materials_model(qtmodeltester) -> None:
    model = MaterialsTableModel()
    model.set_lines(LINES)
    qtmodeltester.check(model)
    assert model.setData(model.index(0, RECEIVED), Qt.CheckState.Checked.value, CHECK)
    first = model.lines()[0]
    assert first.received and first.received_original and first.received_copies == 1
    assert model.setData(model.index(1, COPIES), 1)
    assert model.index(1, 0).data() == "缺"  # one copy of two
    model.add_extra("补充说明")
    assert model.index(2, NAME).data() == "补充说明（补充）"
    assert model.index(2, NAME).flags() & Qt.ItemFlag.ItemIsEditable
    assert not model.remove_extra(0) and model.remove_extra(2)
    qtmodeltester.check(model)
    model.set_editable(False)
    assert not model.setData(model.index(1, RECEIVED), Qt.CheckState.Checked.value, CHECK)


def test_fee_model(qtmodeltester, services: Services) -> None:
    model = FeeTableModel()
    model.set_rows(fee_rows(items(services, 5, 6)))
    qtmodeltester.check(model)
    assert [r.name for r in model.charged()] == [
        "商标注册申请费（每类，10个商品或服务以内）",
        "续展注册费（每件）",
    ]
    assert model.total() == Decimal("800")
    assert not model.setData(model.index(0, AMOUNT), "三百")
    assert model.setData(model.index(0, AMOUNT), "６００．５０")
    assert model.total() == Decimal("1100.50")
    model.toggle(3)
    assert model.index(3, CHARGE).data(CHECK) == Qt.CheckState.Checked
    assert len(model.fee_lines()) == 3


def test_amounts_as_typed() -> None:
    assert parse_amount("¥300") == Decimal("300")
    assert parse_amount("45.5元") == Decimal("45.5")
    for bad in ("0", "-3", "1.234", "abc", "NaN", ""):
        assert parse_amount(bad) is None


def test_text_rows_model(qtmodeltester) -> None:
    model = TextRowsTableModel(("时间", "操作"))
    model.set_rows([("2026-11-27 09:00", "受理登记"), ("2026-11-28 10:00", "收费")], dimmed=[1])
    qtmodeltester.check(model)
    assert model.index(1, 1).data() == "收费"
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_remerge_keeps_ticks_and_added_materials() -> None:
    ticked = MaterialLine("申请表", received=True, received_copies=1)
    extra = MaterialLine("补充说明", extra=True, received=True)
    merged = (MaterialLine("申请表"), MaterialLine("合同"))
    lines = remerge((ticked, extra), merged)
    assert [m.name for m in lines] == ["申请表", "合同", "补充说明"]
    assert lines[0].received and not lines[1].received
