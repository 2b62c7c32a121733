"""日对账单: one counter's payments of one day, totals per channel, A4 landscape."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from printers.pdf.blocks import Cell, Short, heading, list_table, section, sign_row
from printers.pdf.models import PaymentChannel, ReconciliationList, ReconciliationRow
from printers.pdf.page import PageDecor, body_width, build_pdf
from printers.pdf.text import cn_date, para, yuan

TITLE = "收费日对账单"
PAGE = landscape(A4)
HEADER = (
    "序号", "收据号", "时间", "缴款人", "收费项目", "支付方式", "金额（元）", "交易流水号", "状态",
)  # fmt: skip
FIXED = (12, 36, 20, 0, 40, 20, 26, 46, 14)  # mm; 0 = the payer takes the rest
ALIGNS = ("center", "", "center", "", "", "center", "right", "", "center")


def _widths() -> list[float]:
    rest = body_width(PAGE) - sum(FIXED) * mm
    return [w * mm if w else rest for w in FIXED]


def _row(i: int, row: ReconciliationRow) -> list[Cell]:
    return [
        Short(i),
        row.receipt_number,
        Short(f"{row.paid_at:%H:%M:%S}"),
        row.payer,
        row.item,
        Short(row.channel.value),
        Short(yuan(row.amount)),
        row.transaction_ref or "—",
        Short("作废" if row.voided else "正常"),
    ]


def channel_totals(doc: ReconciliationList) -> dict[PaymentChannel, tuple[int, Decimal]]:
    """Count and sum per channel of the rows not voided (every channel, even when 0)."""
    totals = {channel: (0, Decimal("0")) for channel in PaymentChannel}
    for row in doc.rows:
        if not row.voided:
            count, amount = totals[row.channel]
            totals[row.channel] = (count + 1, amount + row.amount)
    return totals


def _summary(doc: ReconciliationList) -> list[Flowable]:
    totals = channel_totals(doc)
    rows: list[list[Cell]] = [[c.value, str(n), yuan(a)] for c, (n, a) in totals.items()]
    count = sum(n for n, _ in totals.values())
    amount = sum((a for _, a in totals.values()), Decimal("0"))
    voided = sum(1 for row in doc.rows if row.voided)
    footer: list[list[Cell]] = [["合计", str(count), yuan(amount)], ["作废", str(voided), "—"]]
    widths = (40 * mm, 30 * mm, 40 * mm)
    table = list_table(
        ("支付方式", "笔数", "金额（元）"), rows, widths, ("center", "center", "right"), footer
    )
    table.hAlign = "LEFT"
    return [KeepTogether([section("按支付方式汇总（不含作废）"), table])]


def render_reconciliation_list(doc: ReconciliationList) -> bytes:
    """PDF bytes of the day list; every row, then the per-channel totals and signatures."""
    meta = (
        f"窗口：{doc.counter}　　收款人：{doc.cashier}　　"
        f"对账日期：{cn_date(doc.business_date)}　　共{len(doc.rows)}笔"
    )
    rows = [_row(i, row) for i, row in enumerate(doc.rows, start=1)]
    story: list[Flowable] = [
        *heading(doc, TITLE),
        para(meta),
        Spacer(1, 2 * mm),
        list_table(HEADER, rows, _widths(), ALIGNS),
        *_summary(doc),
        Spacer(1, 8 * mm),
        sign_row("收款人", "复核人"),
    ]
    decor = PageDecor(
        barcode=doc.number,
        qr_payload=doc.qr_payload,
        qr_lines=(f"对账单编号：{doc.number}", f"窗口：{doc.counter}"),
        reprinted_at=doc.reprinted_at,
        issued_on=doc.issued_on,
        title=f"{TITLE} {doc.number}",
    )
    return build_pdf(story, decor, PAGE)
