"""A rating screen's PC joined with a kiosk account (issue 13): its rating of a finished ticket
reaches the central and the counters, once, also when it was made offline; whatever else such
an account pushes is refused and recorded as a security event. Roles are cluster-wide: the
codes here (IK*) are this file's own."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.queue.rules.tickets import TicketView, WindowView
from counter_app.supervision.evaluations import ServiceToRate
from counter_app.supervision.rules.evaluation import Source
from db.models.supervision import Evaluation
from db.sync import outbox, roles
from db.sync.client import SyncReport
from db.sync.codec import dumps
from tests.cases.reception.support import form
from tests.conftest import TODAY
from tests.support.pgserver import PgServer
from tests.sync.conftest import Counter, Hall, add_staff

WINDOW = "03"


class RatingPc:
    """A PC on its own SQLite joined as ``kiosk_<code>`` (no cases, applicants or staff)."""

    def __init__(self, hall: Hall, code: str) -> None:
        with hall.central.begin() as conn:
            self.role = roles.grant(conn, "kiosk", code, "")
        path = hall.folder / f"{code}.db"
        shutil.copyfile(hall.template, path)
        self.code = code
        self.services = Services.open(f"sqlite+pysqlite:///{path}", today=lambda: TODAY)
        self.services.sync.join(replace(hall.config(), user=self.role), "", counter_code=code)
        evaluations = self.services.evaluations
        evaluations.attach_queue(self.services.queue.watch_database)

    def sync(self) -> SyncReport:
        report = self.services.sync.run_once()
        assert report is not None
        return report

    def add(self, **values: object) -> None:
        """A row written straight into this PC's database (a script on a stolen PC)."""
        with self.services.db.write() as session:
            session.add(Evaluation(**values))

    def close(self) -> None:
        self.services.close()


def _window_pc(hall: Hall) -> tuple[Counter, Actor]:
    a = hall.counter("W01")
    clerk = add_staff(a, "li", Role.RECEPTION, "recept2026")
    add_staff(a, "zhao", Role.RECEPTION, "recept2026")
    a.sync()
    a.services.queue.save_window(a.admin, WindowView(WINDOW, "", ("A", "B")))
    a.services.queue.open_window(clerk, WINDOW)
    return a, clerk


def _serve(a: Counter, clerk: Actor) -> TicketView:
    queue = a.services.queue
    issued = queue.issue("A")
    called = queue.call_number(clerk, WINDOW, issued.ticket.number)
    return queue.finish(clerk, WINDOW, called.id)


def _central(hall: Hall, sql: str, **params: object) -> object:
    with hall.central.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def _events(hall: Hall, role: str) -> int:
    count = _central(hall, "SELECT count(*) FROM sync_security_event WHERE db_user = :u", u=role)
    assert isinstance(count, int)
    return count


def _as(hall: Hall, user: str) -> psycopg.Connection:
    url = make_url(hall.central_url)
    return psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=user, autocommit=True
    )


def _forged(ticket: TicketView, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "service_key": f"t:{ticket.id}",
        "source": "screen",
        "level": 1,
        "reasons": [],
        "comment": "",
        "business_date": ticket.business_date,
        "rated_at": datetime.now(UTC),
        "window_no": WINDOW,
        "staff": "li",
        "ticket_id": ticket.id,
        "ticket_number": ticket.number,
        "device": "IK1",
    }
    values.update(changes)
    return values


@pytest.fixture
def rating_pcs(hall: Hall) -> Iterator[list[RatingPc]]:
    pcs: list[RatingPc] = []
    yield pcs
    for pc in pcs:
        pc.close()


def test_a_kiosk_accounts_rating_reaches_a_counter_and_forgeries_are_refused(
    hall: Hall, rating_pcs: list[RatingPc]
) -> None:
    a, clerk = _window_pc(hall)
    ticket = _serve(a, clerk)
    rating = RatingPc(hall, "IK1")
    rating_pcs.append(rating)

    service = rating.services.evaluations.pending(WINDOW)
    assert service is not None and service.ticket_id == ticket.id
    assert service.staff == "li" and service.staff_name == ""  # a kiosk PC holds no staff
    rating.services.evaluations.rate(service, 1, ["attitude"], "态度差", Source.SCREEN, "IK1")
    report = rating.sync()
    assert not report.conflicts and report.pushed == 1
    key = f"t:{ticket.id}"
    assert _central(hall, "SELECT level FROM evaluation WHERE service_key = :k", k=key) == 1
    a.sync()
    boss = add_staff(a, "zhou", Role.SUPERVISOR, "superv2026")
    (row,) = a.services.evaluations.list(boss, ticket.business_date, ticket.business_date)
    assert (row.level_label, row.staff, row.window_no) == ("非常不满意", "li", WINDOW)
    assert row.reasons == "服务态度"
    assert _events(hall, rating.role) == 0

    waiting = a.services.queue.issue("A").ticket  # issued, not yet served
    forgeries = {
        "wrong staff": _forged(_serve(a, clerk), staff="zhao"),
        "wrong window": _forged(_serve(a, clerk), window_no="09"),
        "not finished": _forged(waiting),
        "unknown ticket": {
            **_forged(ticket),
            "ticket_id": (unknown := uuid.uuid4()),
            "service_key": f"t:{unknown}",
        },
        "third party from a kiosk": _forged(_serve(a, clerk), source="third_party"),
    }
    for values in forgeries.values():
        rating.add(**values)
    report = rating.sync()
    assert len(report.conflicts) == len(forgeries)
    assert all("不对应一次已办结的服务" in c for c in report.conflicts)
    assert _central(hall, "SELECT count(*) FROM evaluation") == 1
    assert _events(hall, rating.role) == len(forgeries)

    # Changing or deleting a rating already sent, from the same PC.
    with rating.services.db.write() as session:
        session.execute(text("UPDATE evaluation SET level = 5 WHERE level = 1"))
    rating.sync()
    with rating.services.db.write() as session:
        session.execute(text("DELETE FROM evaluation WHERE ticket_id = :t"), {"t": ticket.id.hex})
    rating.sync()
    assert _central(hall, "SELECT level FROM evaluation") == 1
    assert _events(hall, rating.role) == len(forgeries) + 2


def test_a_case_or_a_staff_row_pushed_by_a_kiosk_account_is_refused(hall: Hall) -> None:
    a, _clerk = _window_pc(hall)
    a.services.reception.receive(a.admin, form(a.services, 1))
    with a.services.db.engine.connect() as conn:
        (command,) = outbox.read_commands(conn, 10)
    with hall.central.begin() as conn:
        role = roles.grant(conn, "kiosk", "IK3", "")
    staff = {
        "t": "staff",
        "k": (key := str(uuid.uuid4())),
        "o": "i",
        "new": {"id": key, "username": "evil", "display_name": "evil", "roles": ["administrator"]},
    }
    with _as(hall, role) as conn:
        for op in (
            {**command.wire(), "op": str(uuid.uuid4())},
            {"op": str(uuid.uuid4()), "changes": [staff]},
        ):
            (raw,) = conn.execute(  # type: ignore[misc]
                "SELECT sync_push('IK3', %s::jsonb)::text", (dumps([op]),)
            ).fetchone()
            (result,) = json.loads(raw)["results"]
            assert result["result"] == "refused", result
    assert _central(hall, "SELECT count(*) FROM cases") == 0
    assert _central(hall, "SELECT count(*) FROM staff WHERE username = 'evil'") == 0
    assert _events(hall, role) == 2


def test_a_second_rating_of_one_ticket_from_another_device_is_not_applied(
    hall: Hall, rating_pcs: list[RatingPc]
) -> None:
    a, clerk = _window_pc(hall)
    ticket = _serve(a, clerk)
    first, second = RatingPc(hall, "IK4"), RatingPc(hall, "IK5")
    rating_pcs.extend([first, second])
    services = [pc.services.evaluations.pending(WINDOW) for pc in (first, second)]
    assert all(s is not None and s.ticket_id == ticket.id for s in services)
    first.services.evaluations.rate(services[0], 5, [], "", Source.SCREEN, "IK4")  # type: ignore[arg-type]
    second.services.evaluations.rate(services[1], 1, [], "", Source.KEYPAD, "IK5")  # type: ignore[arg-type]
    first.sync()
    report = second.sync()
    assert len(report.conflicts) == 1
    assert _central(hall, "SELECT count(*) FROM evaluation") == 1
    assert _central(hall, "SELECT level FROM evaluation") == 5
    a.sync()
    with a.services.db.read() as session:
        assert session.scalars(select(Evaluation.level)).all() == [5]


def test_a_rating_made_offline_arrives_once(
    stoppable_hall: Hall, own_server: PgServer, tmp_path: Path
) -> None:
    hall = stoppable_hall
    a, clerk = _window_pc(hall)
    ticket = _serve(a, clerk)
    rating = RatingPc(hall, "IK6")
    try:
        service: ServiceToRate | None = rating.services.evaluations.pending(WINDOW)
        assert service is not None
        own_server.stop("immediate")
        view = rating.services.evaluations.rate(service, 2, ["waiting"], "", Source.SCREEN, "IK6")
        assert view.level_label == "不满意"  # saved here; the screen thanks as usual
        with pytest.raises(OperationalError):
            rating.sync()
        assert rating.services.sync.status().pending == 1
        own_server.restart()
        report = rating.sync()
        assert report.pushed == 1
        again = rating.sync()
        assert again.pushed == 0
        assert _central(hall, "SELECT count(*) FROM evaluation") == 1
        assert _central(hall, "SELECT ticket_id::text FROM evaluation") == str(ticket.id)
        a.sync()
        a.sync()
        with a.services.db.read() as session:
            assert session.scalars(select(Evaluation.level)).all() == [2]
    finally:
        rating.close()


def test_a_kiosk_account_cannot_make_up_a_finished_service_to_rate(
    hall: Hall, rating_pcs: list[RatingPc]
) -> None:
    """A kiosk issues tickets with direct table rights: a made-up finished ticket, or a log line
    other than an issue, is refused, so the rating of it has nothing to match."""
    _window_pc(hall)
    pc = RatingPc(hall, "IK9")
    rating_pcs.append(pc)
    made_up = uuid.uuid4()
    with _as(hall, pc.role) as conn:
        with pytest.raises(psycopg.Error, match="只能发放新号票"):
            conn.execute(
                "INSERT INTO queue_ticket (id, row_version, created_at, updated_at, deleted,"
                " business_date, category_code, seq, number, priority, state, place_key,"
                " window_no, target_window, recall_count, issued_at, finished_at, called_by,"
                " issued_by) VALUES (%s, 1, now(), now(), false, %s, 'A', 901, 'A901',"
                " 'normal', 'done', 901, '03', '', 0, now(), now(), 'li', 'kiosk')",
                (made_up, TODAY),
            )
        with pytest.raises(psycopg.Error, match="只能记录发号"):
            conn.execute(
                "INSERT INTO queue_event (at, business_date, kind, number, window_no, staff)"
                " VALUES (now(), %s, 'finish', 'A901', '03', 'li')",
                (TODAY,),
            )
        issued = uuid.uuid4()  # what a kiosk does: a waiting ticket and its issue line
        conn.execute(
            "INSERT INTO queue_ticket (id, row_version, created_at, updated_at, deleted,"
            " business_date, category_code, seq, number, priority, state, place_key,"
            " window_no, target_window, recall_count, issued_at, called_by, issued_by)"
            " VALUES (%s, 1, now(), now(), false, %s, 'A', 902, 'A902', 'normal', 'waiting',"
            " 902, '', '', 0, now(), '', 'kiosk')",
            (issued, TODAY),
        )
    assert _central(hall, "SELECT count(*) FROM queue_ticket WHERE id = :i", i=made_up) == 0
