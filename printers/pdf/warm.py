"""Everything the first PDF of a session would build, built ahead of it.

The first render after start-up pays for parsing the embedded font (~200 ms, pure Python:
it holds the interpreter) and for the first pass through reportlab's page templates,
paragraph and table layout, the Code128 and the QR encoder (their lazy imports and tables).
``warm_up`` does all of it once with a throwaway notice; ``warm_up_in_background`` runs it on
a daemon thread so an application can start it after the login and the first notice of the
day costs what every later one does.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import date

from printers.pdf.acceptance import render_acceptance_notice
from printers.pdf.fonts import ensure_font
from printers.pdf.models import AcceptanceNotice, Applicant, HallInfo, MaterialReceived, Officer

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_thread: threading.Thread | None = None
_done = threading.Event()

_DAY = date(2026, 1, 5)
_SAMPLE = AcceptanceNotice(
    hall=HallInfo(
        office_name="知识产权局",
        hall_name="知识产权保护一站式服务大厅",
        address="市民中心二楼",
        phone="0000-00000000",
        complaint_phone="12345",
        progress_portal="https://example.invalid/progress",
    ),
    number="WARM-20260105-W00-0001",
    case_number="WARM-20260105-W00-0001",
    qr_payload="https://example.invalid/progress?case=WARM-20260105-W00-0001&k=0",
    issued_on=_DAY,
    reprinted_at=None,
    applicant=Applicant("预热有限公司", "91320700000000000X", contact="张三", phone="13900000000"),
    items=("专利权质押登记",),
    received_on=_DAY,
    materials=(MaterialReceived("申请表", 1, "原件", 1), MaterialReceived("营业执照", 1, "复印件")),
    legal_basis=("《中华人民共和国行政许可法》第三十二条",),
    promised_on=_DAY,
    officer=Officer("李四", "0000-00000001"),
)


def warm_up() -> float:
    """Register the font and render one throwaway notice; returns the seconds it took.

    Safe to call from any thread and more than once (later calls are a cheap render)."""
    started = time.perf_counter()
    ensure_font()
    render_acceptance_notice(_SAMPLE)
    _done.set()
    return time.perf_counter() - started


def _run(delay: float) -> None:
    if delay > 0:
        time.sleep(delay)
    if _done.is_set():  # already warmed in this process (e.g. while the database opened):
        return  # another throwaway render would only hold the interpreter again
    try:
        seconds = warm_up()
    except Exception:  # a real render will report the problem to the staff
        logger.exception("PDF warm-up failed")
        _done.set()
        return
    logger.info("PDF renderer warmed up in %.0f ms", seconds * 1000)


def warm_up_in_background(delay: float = 0.0) -> threading.Thread:
    """Start ``warm_up`` once per process on a daemon thread (later calls return it), after
    ``delay`` seconds (the screen's own work after a login first: both need the interpreter).
    """
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_run, args=(delay,), name="pdf-warm-up", daemon=True)
            _thread.start()
        return _thread


def warmed_up() -> bool:
    """Whether a warm-up has finished (successfully or not) in this process."""
    return _done.is_set()
