"""The hall's queue on the central: a kiosk PC issues, windows at other PCs call; with the central
down, a degraded mode (reserved numbers, calling by number) that merges back without
duplicate numbers or lost times."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from counter_app.core.roles import SYSTEM_ACTOR, Role
from counter_app.queue.rules.tickets import TicketState, WindowView
from tests.support.pgserver import PgServer
from tests.sync.conftest import Hall, add_staff


def _central_tickets(hall: Hall) -> list[tuple[str, str, str]]:
    with hall.central.connect() as conn:
        rows = conn.execute(
            text("SELECT number, state, window_no FROM queue_ticket ORDER BY number")
        ).all()
    return [(r.number, r.state, r.window_no) for r in rows]


def test_kiosk_and_windows_share_one_queue_and_survive_the_central_going_down(
    stoppable_hall: Hall, own_server: PgServer
) -> None:
    hall = stoppable_hall
    a, kiosk = hall.counter("W01"), hall.counter("W09")
    q_a, q_k = a.services.queue, kiosk.services.queue
    clerk = add_staff(a, "li", Role.RECEPTION, "recept2026")
    q_a.save_window(SYSTEM_ACTOR, WindowView("1", "", ("A", "B")))
    q_a.open_window(clerk, "1")
    # Online: the kiosk PC issues, window 1 at another PC calls it.
    first = q_k.issue("A").ticket
    second = q_k.issue("A").ticket
    assert (first.number, second.number) == ("A001", "A002")
    called = q_a.call_next(clerk, "1")
    assert called is not None and called.number == "A001"
    board = q_k.board()  # the kiosk PC's board reads the same queue
    assert "A001" in str(board)

    own_server.stop("immediate")
    # Degraded: the kiosk issues from its own block; the window calls what people show.
    offline = q_k.issue("A").ticket
    assert q_k.degraded and offline.number == "A9001"
    again = q_k.issue("A").ticket
    assert again.number == "A9002"
    served = q_a.call_number(clerk, "1", "a002")  # the central's ticket, typed in
    assert q_a.degraded and served.number == "A002" and served.state is TicketState.CALLED
    q_a.start_service(clerk, "1", served.id)
    by_scan = q_a.call_number(clerk, "1", "A9001")  # finishes A002 first
    assert by_scan.number == "A9001"

    own_server.restart()
    for counter in hall.counters:
        counter.services.sync.close()  # dead pooled connections go
    assert q_k.reconnect() and q_a.reconnect()
    assert not q_k.degraded and not q_a.degraded
    tickets = _central_tickets(hall)
    numbers = [n for n, _, _ in tickets]
    assert numbers == sorted(set(numbers))  # no number twice
    assert dict((n, (s, w)) for n, s, w in tickets) == {
        "A001": ("called", "1"),
        "A002": ("done", "1"),
        "A9001": ("called", "1"),
        "A9002": ("waiting", ""),
    }
    with hall.central.connect() as conn:
        kinds = (
            conn.execute(
                text(
                    "SELECT e.kind FROM queue_event e JOIN queue_ticket t ON t.id = e.ticket_id "
                    "WHERE t.number = 'A002' ORDER BY e.at"
                )
            )
            .scalars()
            .all()
        )
    assert kinds == ["issue", "call", "start", "finish"]  # the window's times arrived
    # Merging again (a replay) changes nothing.
    q_a.reconnect()
    assert _central_tickets(hall) == tickets
    # Back online, the queue goes on from the central's numbers.
    assert q_k.issue("A").ticket.number == "A003"


def test_the_queue_tab_shows_the_degraded_mode_and_calls_by_typed_number(
    stoppable_hall: Hall, own_server: PgServer, qtbot: object, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt
    from pytestqt.qtbot import QtBot

    from ui.queue.queue_panel import QueuePanel
    from ui.tasks import SyncRunner

    assert isinstance(qtbot, QtBot)
    hall = stoppable_hall
    a, kiosk = hall.counter("W03"), hall.counter("W09")
    clerk = add_staff(a, "li", Role.RECEPTION, "recept2026")
    a.services.queue.save_window(SYSTEM_ACTOR, WindowView("1", "", ("A",)))
    a.services.queue.open_window(clerk, "1")
    kiosk.services.queue.issue("A")
    panel = QueuePanel(a.services, clerk, SyncRunner())
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    panel.reload()
    assert panel.degraded_label.isHidden()
    own_server.stop("immediate")
    qtbot.keyClick(panel, Qt.Key.Key_F10)
    qtbot.keyClicks(panel.number_edit, "a001")
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    assert not panel.degraded_label.isHidden()
    assert "A3001" in panel.degraded_label.text()
    assert "A001" in panel.current.text(), panel.banner.text()
    assert panel.number_edit.text() == ""
    assert (
        "已开窗" in panel.window_state.text()
        or "服务中" in panel.window_state.text()
        or ("未开窗" not in panel.window_state.text())
    )
    panel.grab().save(str(tmp_path / "queue_degraded.png"))
    if shots := __import__("os").environ.get("COUNTER_SHOTS"):
        panel.grab().save(str(Path(shots) / "queue_degraded.png"))


def test_the_sync_finding_the_central_gone_turns_the_queue_degraded_at_once(
    stoppable_hall: Hall, own_server: PgServer
) -> None:
    hall = stoppable_hall
    a = hall.counter("W03")
    clerk = add_staff(a, "li", Role.RECEPTION, "recept2026")
    a.services.queue.save_window(SYSTEM_ACTOR, WindowView("1", "", ("A",)))
    issued = a.services.queue.issue("A").ticket
    assert not a.services.queue.degraded
    own_server.stop("immediate")
    with pytest.raises(OperationalError):
        a.sync()
    assert a.services.queue.degraded  # before anyone pressed a key
    # Scanning the ticket's QR code finds it when this PC knows it, else asks for the number.
    from counter_app.core.errors import CounterError

    with pytest.raises(CounterError) as info:
        a.services.queue.call_number(clerk, "1", f"https://example.cn/ticket/{issued.id}")
    assert info.value.field == "number" and "号码" in info.value.message
    here = a.services.queue.issue("A").ticket
    assert here.number == "A3001"
    called = a.services.queue.call_number(clerk, "1", f"https://example.cn/ticket/{here.id}")
    assert called.number == "A3001"
    own_server.restart()
    a.services.sync.close()
    a.sync()  # the sync is back: the queue merges and leaves the degraded mode
    assert not a.services.queue.degraded
    with hall.central.connect() as conn:
        state = conn.execute(
            text("SELECT state FROM queue_ticket WHERE number = 'A3001'")
        ).scalar_one()
    assert state == "called"
