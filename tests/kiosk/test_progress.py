"""查询办理进度 at the kiosk: by the notice's code or number + phone, masked, locked after five
wrong tries (a number that does not exist is answered exactly like a wrong phone), audited."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.kiosk.lockout import Lockout
from counter_app.kiosk.progress import CaseProgress, TicketProgress
from counter_app.kiosk.scan import case_key
from db.models import Case
from db.models.audit import AuditLog
from tests.cases.reception.support import PERSON, form
from tests.kiosk.support import desk
from tests.supervision.rating_support import RatingHall, open_rating_hall


@pytest.fixture
def hall(services: Services) -> RatingHall:
    return open_rating_hall(services)


def _receive(hall: RatingHall, lacking: int = 0) -> str:
    data = form(hall.services, 11, applicant=PERSON, lacking=lacking)
    return hall.services.reception.receive(hall.clerk, data).number


def _qr(hall: RatingHall, number: str, portal: str = "") -> str:
    """What the case's notice QR holds: its number and key (the portal's URL when set)."""
    with hall.services.db.read() as session:
        case_id = session.scalars(select(Case.id).where(Case.number == number)).one()
    if portal:
        return f"{portal}?case={number}&k={case_key(case_id)}"
    return f"{number}#{case_key(case_id)}"


def _audited(hall: RatingHall) -> list[AuditLog]:
    with hall.services.db.read() as session:
        query = select(AuditLog).where(AuditLog.action == "kiosk_progress").order_by(AuditLog.seq)
        return list(session.scalars(query))


def test_number_and_phone_show_the_state_in_plain_words_masked(hall: RatingHall) -> None:
    number = _receive(hall)
    promised = hall.services.reception.open_case(hall.clerk, number).promised_on
    found = desk(hall).progress.typed(number.lower(), "5678")
    assert isinstance(found, CaseProgress)
    assert found.number == number and found.applicant == "王*"  # 王五, masked
    assert found.state == CaseState.RECEIVED.label and "办理中" in found.plain
    assert found.promised_on == promised is not None and found.missing == ()
    assert "领取" in found.collect
    assert "13812345678" not in repr(found) and "1101" not in repr(found)
    rows = _audited(hall)
    assert [(r.actor, r.entity_id, r.after) for r in rows] == [
        ("kiosk:K1", number, {"how": "typed", "right": True})
    ]


def test_what_is_missing_when_a_supplement_is_awaited(hall: RatingHall) -> None:
    number = _receive(hall, lacking=1)
    found = desk(hall).progress.typed(number, "5678")
    assert found.state == CaseState.AWAITING_SUPPLEMENT.label
    assert len(found.missing) == 1 and found.missing[0]


def test_a_wrong_phone_and_a_number_that_does_not_exist_read_the_same(hall: RatingHall) -> None:
    number = _receive(hall)
    progress = desk(hall).progress
    with pytest.raises(CounterError) as wrong_phone:
        progress.typed(number, "1234")
    with pytest.raises(CounterError) as no_such:
        progress.typed(number[:-1] + ("9" if number[-1] != "9" else "8"), "5678")
    first, second = wrong_phone.value.message, no_such.value.message
    assert first.replace("4 次", "N 次") == second.replace("3 次", "N 次")
    assert wrong_phone.value.field == no_such.value.field == "number"
    assert [r.after for r in _audited(hall)] == [
        {"how": "typed", "right": False},
        {"how": "typed", "right": False},
    ]


def test_five_wrong_tries_lock_the_kiosk_even_for_a_right_answer(hall: RatingHall) -> None:
    number = _receive(hall)
    shared = Lockout()
    kiosk, other = desk(hall, "K1", shared), desk(hall, "K2", shared)
    for _ in range(4):
        with pytest.raises(CounterError, match="不对"):
            kiosk.progress.typed(number, "0000")
    other.progress.typed(number, "5678")  # another kiosk's right answer resets nothing
    with pytest.raises(CounterError, match="暂停到") as caught:
        kiosk.progress.typed("LYG-20260101-W03-9999", "5678")
    assert caught.value.field == "locked"
    with pytest.raises(CounterError, match="暂停到"):
        kiosk.progress.typed(number, "5678")
    with pytest.raises(CounterError, match="暂停到"):
        kiosk.progress.scanned(_qr(hall, number))
    assert other.progress.typed(number, "5678").number == number  # K2 is not locked
    hall.clock.advance(minutes=15)
    assert kiosk.progress.typed(number, "5678").number == number
    assert len(_audited(hall)) == 8  # refused while locked: not looked up, not audited


def test_a_scanned_qr_needs_no_phone_a_barcode_asks_for_it(hall: RatingHall) -> None:
    number = _receive(hall)
    progress = desk(hall).progress
    # The barcode (and a number typed by a scanner-like device) is only the number, which is
    # easy to guess: the page asks the phone's last four; nothing is looked up yet.
    assert progress.needs_phone(number + "\r") == number
    with pytest.raises(CounterError) as asked:
        progress.scanned(number)
    assert asked.value.field == "phone" and _audited(hall) == []
    url = _qr(hall, number, "https://ipc.example.cn/progress")
    assert progress.needs_phone(url) == ""
    assert progress.scanned(url).number == number  # the QR with the hall's portal
    assert progress.scanned(_qr(hall, number)).number == number  # the bare QR
    forged = _qr(hall, number)[:-1] + ("0" if _qr(hall, number)[-1] != "0" else "1")
    with pytest.raises(CounterError, match="不对"):
        progress.scanned(forged)  # a guessed key: a wrong try
    with pytest.raises(CounterError, match="不对"):
        progress.scanned("https://someone-else.example.com/x?y=1")  # not ours: a wrong try
    with pytest.raises(CounterError, match="不对"):
        progress.scanned("LYG-20261127-W03-9999#0123456789ab")
    assert progress.lockout.tries_left("K1", hall.clock()) == 2
    assert [r.after["how"] for r in _audited(hall) if r.after] == ["scan"] * 5


def test_a_ticket_qr_shows_the_queue(hall: RatingHall) -> None:
    queue = hall.services.queue
    first = queue.issue("A").ticket
    second = queue.issue("A").ticket
    found = desk(hall).progress.scanned(f"https://ipc.example.cn/ticket/{second.id}")
    assert isinstance(found, TicketProgress)
    assert (found.number, found.people_ahead) == (second.number, 1)
    found = desk(hall).progress.scanned(str(first.id))
    assert isinstance(found, TicketProgress) and found.people_ahead == 0


def test_a_kiosk_without_cases_says_it_cannot_look_up(hall: RatingHall) -> None:
    number = _receive(hall)
    progress = desk(hall, cases=False).progress
    for _ in range(6):
        with pytest.raises(CounterError, match="暂时无法查询") as caught:
            progress.typed(number, "5678")
    assert caught.value.field == "unavailable"
    assert progress.lockout.tries_left("K1", hall.clock()) == 5 and _audited(hall) == []


def test_bad_phone_digits_are_asked_again_not_counted(hall: RatingHall) -> None:
    progress = desk(hall).progress
    with pytest.raises(CounterError, match="后四位") as caught:
        progress.typed("LYG-20261127-W03-0001", "56")
    assert caught.value.field == "phone"
    assert progress.lockout.tries_left("K1", hall.clock()) == 5


def test_the_notice_on_paper_answers_at_the_kiosk(hall: RatingHall, tmp_path: Path) -> None:
    """The acceptance notice as printed: its QR (read back with zbarimg) answers at once, its
    barcode (the bare number) asks the phone's last four."""
    number = _receive(hall)
    pdf = hall.services.documents.render(hall.clerk, number, "acceptance").pdf
    (tmp_path / "n.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "200",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "n.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    png = next(tmp_path.glob("p*.png"))
    out = subprocess.run(["zbarimg", "-q", str(png)], capture_output=True, text=True).stdout
    symbols = dict(line.split(":", 1) for line in out.split())
    assert symbols["CODE-128"] == number and symbols["QR-Code"] == _qr(hall, number)
    progress = desk(hall).progress
    assert progress.needs_phone(symbols["CODE-128"]) == number
    assert progress.scanned(symbols["QR-Code"]).number == number
