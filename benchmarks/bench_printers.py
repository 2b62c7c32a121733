"""Printers: a 58 mm ticket over a 9600-baud pseudo-terminal against the line rate, and the
rendering time of each document against a floor doing the least part of the same work."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from functools import partial

from PIL import Image, ImageDraw

from benchmarks.common import report, time_calls
from printers.escpos import (
    PAPER_58,
    PAPER_80,
    render_acceptance_escpos,
    render_payment_escpos,
    render_test_page_escpos,
    render_ticket_escpos,
)
from printers.escpos.layout import Block, PrintLine, layout
from printers.escpos.receipts import acceptance_blocks, ticket_blocks
from printers.fonts import cjk_font
from printers.job import send_job
from printers.label import (
    TEMPLATE_76X130,
    TEMPLATE_100X150,
    LabelMode,
    LabelTemplate,
    render_mail_label_tspl,
    render_mail_label_zpl,
)
from printers.label.layout import PlacedText, TextKind, place_label
from printers.transports import open_transport
from tests.printers.fakes import FakeSerialPrinter
from tests.printers.samples import ACCEPTANCE, MAIL, PAGE, PAYMENT, TICKET

RASTER_58 = dataclasses.replace(PAPER_58, chinese_font=False)


def _ticket_over_serial(paced: bool) -> tuple[float, int]:
    """Seconds from opening the port until the fake printer holds the whole ticket."""
    job = render_ticket_escpos(TICKET, PAPER_58)
    printer = FakeSerialPrinter()
    try:
        started = time.perf_counter()
        transport = open_transport(f"serial://{printer.path}?baud=9600&pace={int(paced)}")
        send_job(transport, job, timeout=5)
        received = printer.wait_for(len(job))
        elapsed = time.perf_counter() - started
        transport.close()
    finally:
        printer.close()
    assert received == job
    return elapsed, len(job)


def bench_serial() -> None:
    paced = sorted(_ticket_over_serial(True)[0] for _ in range(5))
    unpaced, size = _ticket_over_serial(False)
    note = (
        "a pty does not throttle, so the transport paces writes at 10 bits/byte; "
        f"time until the fake printer read the last byte; unpaced {unpaced * 1000:.1f} ms"
    )
    report(
        f"58mm ticket, {size} B, 9600-baud pty", paced[len(paced) // 2], size * 10 / 9600, note=note
    )


def _text_floor(lines: list[str]) -> Callable[[], object]:
    text = "\n".join(lines)
    return lambda: text.encode("gb18030")


def _image_floor(size: tuple[int, int], lines: list[tuple[str, int]]) -> Callable[[], object]:
    def draw() -> bytes:
        image = Image.new("1", size, 1)
        pen = ImageDraw.Draw(image)
        for index, (line, font_px) in enumerate(lines):
            pen.text((0, index * font_px * 5 // 4), line, font=cjk_font(font_px), fill=0)
        return image.tobytes()

    return draw


def _receipt_lines(blocks: list[Block], columns: int) -> list[str]:
    return [item.text for item in layout(blocks, columns) if isinstance(item, PrintLine)]


def _label_lines(template: LabelTemplate) -> list[tuple[str, int]]:
    placed = place_label(MAIL, template, TextKind.MEASURED)
    return [(line, p.size) for p in placed if isinstance(p, PlacedText) for line in p.lines]


Case = tuple[str, Callable[[], object], Callable[[], object]]
TEXT_NOTE = "floor: the same text encoded to GB18030"
IMAGE_NOTE = "floor: a bare PIL image of the same size with the same text lines"


def _receipt_cases() -> list[Case]:
    ticket = _text_floor(_receipt_lines(ticket_blocks(TICKET), 32))
    acceptance_lines = _receipt_lines(acceptance_blocks(ACCEPTANCE), 32)
    return [
        ("ticket 58mm ESC/POS", lambda: render_ticket_escpos(TICKET, PAPER_58), ticket),
        (
            "acceptance 80mm ESC/POS",
            lambda: render_acceptance_escpos(ACCEPTANCE, PAPER_80),
            _text_floor(acceptance_lines),
        ),
        ("payment 58mm ESC/POS", lambda: render_payment_escpos(PAYMENT, PAPER_58), ticket),
        ("test page 58mm ESC/POS", lambda: render_test_page_escpos(PAGE, PAPER_58), ticket),
        (
            "acceptance 58mm raster (GS v 0)",
            lambda: render_acceptance_escpos(ACCEPTANCE, RASTER_58),
            _image_floor((384, 816), [(line, 24) for line in acceptance_lines]),
        ),
    ]


def _label_cases() -> list[Case]:
    font_lines = [line for line, _ in _label_lines(TEMPLATE_100X150)]
    cases: list[Case] = [
        (
            "mail label 100x150 TSPL printer font",
            lambda: render_mail_label_tspl(MAIL, TEMPLATE_100X150, LabelMode.PRINTER_FONT),
            _text_floor(font_lines),
        )
    ]
    for t in (TEMPLATE_100X150, TEMPLATE_76X130):
        floor = _image_floor(t.size_dots, _label_lines(t))
        tspl = partial(render_mail_label_tspl, MAIL, t, LabelMode.BITMAP)
        zpl = partial(render_mail_label_zpl, MAIL, t, LabelMode.BITMAP)
        cases += [
            (f"mail label {t.name} TSPL bitmap", tspl, floor),
            (f"mail label {t.name} ZPL ^GFA compressed", zpl, floor),
        ]
    return cases


def bench_render() -> None:
    for name, ours, floor in _receipt_cases() + _label_cases():
        note = TEXT_NOTE if "ESC/POS" in name or "font" in name else IMAGE_NOTE
        report(f"render {name} p50", time_calls(ours, 30).p50, time_calls(floor, 30).p50, note=note)


def main() -> None:
    bench_serial()
    bench_render()


if __name__ == "__main__":
    main()
