"""ESC/POS receipt output: native Chinese text (GB18030 in ``FS &`` mode) or a raster image."""

from printers.escpos.profile import PAPER_58, PAPER_80, ReceiptProfile
from printers.escpos.receipts import (
    render_acceptance_escpos,
    render_acceptance_image,
    render_payment_escpos,
    render_payment_image,
    render_test_page_escpos,
    render_test_page_image,
    render_ticket_escpos,
    render_ticket_image,
)

__all__ = [
    "PAPER_58",
    "PAPER_80",
    "ReceiptProfile",
    "render_acceptance_escpos",
    "render_acceptance_image",
    "render_payment_escpos",
    "render_payment_image",
    "render_test_page_escpos",
    "render_test_page_image",
    "render_ticket_escpos",
    "render_ticket_image",
]
