"""PDF documents: render time (p50) of each document beside a bare one-page reportlab PDF
with the same embedded font and one line of Chinese, measured in the same run."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace

from reportlab.pdfgen.canvas import Canvas

from benchmarks.common import report, time_calls
from printers import pdf
from printers.pdf.fonts import ensure_font
from tests.pdf import samples as s

REPEAT = 30


def floor_pdf() -> bytes:
    """The least a PDF with the embedded CJK font costs: one page, one line."""
    font = ensure_font()
    out = io.BytesIO()
    canvas = Canvas(out, initialFontName=font)
    canvas.setFont(font, 12)
    canvas.drawString(72, 720, "受理通知书 连云港某某科技有限公司 LYG-20261128-W03-0001")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def documents() -> dict[str, tuple[Callable[[], bytes], int]]:
    """Name -> (render call, repeat)."""
    mailing_120 = replace(s.MAILING, rows=s.mailing_rows(120))
    recon_150 = replace(s.RECONCILIATION, rows=s.reconciliation_rows(150))
    return {
        "acceptance notice (2 pages)": (lambda: pdf.render_acceptance_notice(s.ACCEPTANCE), REPEAT),
        "supplement notice": (lambda: pdf.render_supplement_notice(s.SUPPLEMENT), REPEAT),
        "refusal notice": (lambda: pdf.render_refusal_notice(s.REFUSAL), REPEAT),
        "rejection notice": (lambda: pdf.render_rejection_notice(s.REJECTION), REPEAT),
        "payment receipt": (lambda: pdf.render_payment_receipt(s.RECEIPT), REPEAT),
        "pickup notice": (lambda: pdf.render_pickup_notice(s.PICKUP), REPEAT),
        "mail label 100x150": (lambda: pdf.render_mail_label(s.LABEL), REPEAT),
        "mailing list, 8 rows": (lambda: pdf.render_mailing_list(s.MAILING), REPEAT),
        "mailing list, 120 rows": (lambda: pdf.render_mailing_list(mailing_120), 10),
        "reconciliation, 150 rows": (lambda: pdf.render_reconciliation_list(recon_150), 10),
    }


def main() -> None:
    floor = time_calls(floor_pdf, REPEAT).p50
    for name, (render, repeat) in documents().items():
        timing = time_calls(render, repeat)
        report(f"pdf render: {name}", timing.p50, floor, note=f"p99 {timing.p99 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
