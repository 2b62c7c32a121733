"""The demo's queue history: the dashboard's figures on demo data, every case on a finished
ticket of its window, a log in order, numbers the kiosk continues, nothing twice on reseeding."""

from __future__ import annotations

import csv
import itertools
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.demo.seed import seed_demo
from counter_app.hall.settings import HallSettings
from counter_app.queue.rules.tickets import EventKind, Priority
from counter_app.queue.rules.times import LogLine, visits
from counter_app.queue.service import QueueService
from db.models import Case
from db.models.queue import QueueCounter, QueueEvent, QueueTicket, QueueWindow
from db.models.supervision import Evaluation
from tests.conftest import ADMIN_PASSWORD

TODAY = date(2026, 11, 27)  # a Friday: the last seeded day is today, cut at 10:30
CHIEF = Actor("chief", "钱科长", frozenset({Role.SUPERVISOR}))
_K = EventKind


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at).astimezone(UTC)


@pytest.fixture
def hall(sqlite_url: str, hall_settings: HallSettings) -> Iterator[Services]:
    services = Services.open(sqlite_url, today=lambda: TODAY)
    services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
    yield services
    services.close()


@pytest.fixture
def seeded(hall: Services) -> Services:
    result = seed_demo(hall, 2_400, seed=4, method="bulk", today=TODAY)
    assert result.queue.windows == ("01", "02", "03", "05") and not result.queue.skipped
    assert result.queue.linked == 2_400 and result.queue.days == 20
    return hall


def _tickets(services: Services) -> list[QueueTicket]:
    with services.db.read() as session:
        rows = list(session.scalars(select(QueueTicket)))
        session.expunge_all()
        return rows


def _log(services: Services) -> list[QueueEvent]:
    with services.db.read() as session:
        rows = list(session.scalars(select(QueueEvent).order_by(QueueEvent.seq)))
        session.expunge_all()
        return rows


def test_the_dashboard_has_figures_per_window_and_a_morning_peak(seeded: Services) -> None:
    first = TODAY - timedelta(days=25)
    table = seeded.reports.period(CHIEF, first, TODAY, "window", compare=False)
    rows = {row.key: row for row in table.rows}
    for window in ("01", "02", "03", "05"):
        row = rows[window]
        assert row.tickets_served > 50 and row.cases_received > 50, row
        assert row.wait_median_s and row.wait_p90_s and row.wait_p90_s > row.wait_median_s > 0
        assert row.service_median_s and 120 < row.service_median_s < 1200
        assert row.walk_median_s and 20 <= row.walk_median_s <= 90
        assert row.open_s and row.open_s > 20 * 6 * 3600  # about eight hours a day
    done = sum(1 for t in _tickets(seeded) if t.state == "done")
    assert table.total.tickets_served == done
    assert table.total.cases_received == 2_400
    served_by_hour: Counter[int] = Counter()
    for point in seeded.reports.series(CHIEF, first, TODAY).by_hour:
        served_by_hour[point.hour] += point.served
    peak = max(served_by_hour, key=lambda h: served_by_hour[h])
    assert peak in (9, 10, 11), served_by_hour
    assert served_by_hour[12] < served_by_hour[peak] * 0.7  # the lunch dip
    assert set(served_by_hour) <= set(range(8, 19))


def test_today_is_live_people_wait_and_windows_serve(seeded: Services) -> None:
    seeded.reports._now = lambda: _local(TODAY, time(10, 31))  # a minute after the cutoff
    today = seeded.reports.today(CHIEF)
    assert sum(w.waiting for w in today.waiting) > 0
    assert today.longest_wait_s is not None and 60 < today.longest_wait_s < 2 * 3600
    assert today.windows_serving >= 1 and today.windows_open >= 1
    assert today.tickets_issued > today.tickets_served > 0
    assert today.cases_received > 0
    with seeded.db.read() as session:
        states = dict(session.execute(select(QueueWindow.number, QueueWindow.state)).all())
        staff = dict(session.execute(select(QueueWindow.number, QueueWindow.staff)).all())
    assert set(states.values()) <= {"open", "paused"} and staff["03"] == "demo_w03"
    cutoff = _local(TODAY, time(10, 30))
    assert all(e.at < cutoff for e in _log(seeded) if e.business_date == TODAY)


def test_every_case_was_received_on_a_finished_ticket_of_its_window(seeded: Services) -> None:
    tickets = {t.id: t for t in _tickets(seeded)}
    with seeded.db.read() as session:
        cases = session.execute(
            select(Case.ticket_id, Case.counter_code, Case.received_on).add_columns(
                Case.received_at, Case.received_by
            )
        ).all()
    assert len(cases) == 2_400
    per_ticket: Counter[object] = Counter()
    for ticket_id, counter, received_on, received_at, received_by in cases:
        t = tickets[ticket_id]
        assert t.state == "done" and t.business_date == received_on
        assert t.window_no == counter[1:]
        assert t.called_by == received_by == f"demo_{counter.lower()}"
        assert t.service_started_at is not None and t.finished_at is not None
        assert t.service_started_at <= received_at <= t.finished_at
        per_ticket[ticket_id] += 1
    assert max(per_ticket.values()) <= 6  # an agent with several matters, not a crowd
    assert sum(1 for n in per_ticket.values() if n == 1) > len(per_ticket) / 2
    # The consultations and the no-shows left no case.
    assert len(per_ticket) < sum(1 for t in tickets.values() if t.state == "done")


def test_the_log_is_in_order_and_agrees_with_the_tickets(seeded: Services) -> None:
    tickets = {t.id: t for t in _tickets(seeded)}
    lines: dict[object, list[QueueEvent]] = defaultdict(list)
    windows: dict[tuple[str, date], list[str]] = defaultdict(list)
    for e in _log(seeded):  # in seq order: the order they were written
        if e.ticket_id is None:
            windows[(e.window_no, e.business_date)].append(e.kind)
        else:
            lines[e.ticket_id].append(e)
    assert set(lines) == set(tickets)
    for ticket_id, group in lines.items():
        t = tickets[ticket_id]
        kinds = [e.kind for e in group]
        assert all(a.at < b.at for a, b in itertools.pairwise(group)), kinds
        assert kinds[0] == _K.ISSUE and group[0].at == t.issued_at
        assert {e.number for e in group} == {t.number}
        assert {e.business_date for e in group} == {t.business_date}
        assert kinds.count(_K.RECALL) == t.recall_count
        if t.state == "done":
            assert kinds[1] == _K.CALL and kinds[-2:] == [_K.START, _K.FINISH]
            assert (group[-1].at, group[-2].at) == (t.finished_at, t.service_started_at)
        elif t.state == "no_show":
            assert kinds[1] == _K.CALL and kinds[-1] == _K.NO_SHOW and t.recall_count >= 1
        else:  # today, at the cutoff
            assert t.business_date == TODAY and t.state in ("waiting", "called", "serving")
        if t.called_at is not None:
            calls = [e.at for e in group if e.kind in (_K.CALL, _K.RECALL)]
            assert (t.first_called_at, t.called_at) == (calls[0], calls[-1])
    for (_window, day), kinds in windows.items():
        assert kinds[0] == _K.WINDOW_OPEN
        if day != TODAY:
            assert kinds[-1] == _K.WINDOW_CLOSE and kinds.count(_K.WINDOW_PAUSE) == 1
    # The queue's own definition of a visit (queue/rules/times.py) reads the same services.
    log = [
        LogLine(e.ticket_id, e.number, _K(e.kind), e.at, e.window_no, e.staff)
        for group in lines.values()
        for e in group
    ]
    finished = [v for v in visits(log) if v.outcome is _K.FINISH]
    assert len(finished) == sum(1 for t in tickets.values() if t.state == "done")


def _numbers_are_whole(services: Services) -> None:
    """Per day and prefix: 1..last, no gap, no repeat, queue_counter holding the last."""
    seqs: dict[tuple[date, str], list[int]] = defaultdict(list)
    for t in _tickets(services):
        assert t.number == f"{t.number[0]}{t.seq:03d}"
        seqs[(t.business_date, t.number[0])].append(t.seq)
    with services.db.read() as session:
        last = {(r.business_date, r.prefix): r.last for r in session.scalars(select(QueueCounter))}
    assert set(last) == set(seqs)
    for key, numbers in seqs.items():
        assert sorted(numbers) == list(range(1, last[key] + 1)), key


def test_reseeding_adds_cases_on_the_same_tickets_and_the_kiosk_carries_on(
    seeded: Services,
) -> None:
    before = Counter(t.business_date for t in _tickets(seeded))
    events = len(_log(seeded))
    _numbers_are_whole(seeded)
    again = seed_demo(seeded, 600, seed=9, method="bulk", today=TODAY)
    assert again.queue.tickets == 0 and again.queue.linked == 600
    assert Counter(t.business_date for t in _tickets(seeded)) == before
    assert len(_log(seeded)) == events
    _numbers_are_whole(seeded)
    with seeded.db.read() as session:
        unlinked = session.scalar(select(func.count()).where(Case.ticket_id.is_(None)))
        rated = session.scalars(select(Evaluation).where(Evaluation.ticket_id.is_not(None)))
        keys = [(e.service_key, e.ticket_id, e.ticket_number, e.window_no) for e in rated]
    assert unlinked == 0
    # A kiosk issuing today, after the seeding: the next number of the day, not 001 again,
    # behind the people the demo left waiting in that category.
    waiting = Counter(t.category_code for t in _tickets(seeded) if t.state == "waiting")
    code, ahead = waiting.most_common(1)[0]
    with seeded.db.read() as session:
        last = session.scalar(
            select(QueueCounter.last).where(
                QueueCounter.business_date == TODAY, QueueCounter.prefix == code
            )
        )
    assert ahead > 0 and last and last > ahead
    kiosk = QueueService(seeded.db, clock=lambda: _local(TODAY, time(10, 32)))
    issued = kiosk.issue(code, Priority.NORMAL, "after-demo")
    assert issued.ticket.number == f"{code}{last + 1:03d}"
    assert issued.estimate.people_ahead == ahead
    # The demo's ratings of ticketed services name the ticket, one rating per ticket.
    tickets = {t.id: t for t in _tickets(seeded)}
    assert keys and len({k[1] for k in keys}) == len(keys)
    for key, ticket_id, number, window in keys:
        t = tickets[ticket_id]
        assert key == f"t:{ticket_id}" and (number, window) == (t.number, t.window_no)
        assert t.state == "done"


def test_through_the_services_one_window_and_every_case_on_a_ticket(hall: Services) -> None:
    result = seed_demo(hall, 40, seed=2, method="service", today=TODAY)
    assert result.queue.windows == ("03",) and result.queue.linked == 40
    tickets = {t.id: t for t in _tickets(hall)}
    with hall.db.read() as session:
        cases = session.execute(select(Case.ticket_id, Case.received_on)).all()
    assert len(cases) == 40
    for ticket_id, received_on in cases:
        t = tickets[ticket_id]
        assert (t.state, t.window_no, t.business_date) == ("done", "03", received_on)
    _numbers_are_whole(hall)


def test_a_pc_joined_to_a_central_writes_no_queue_history(hall: Services) -> None:
    with hall.db.write() as session:
        session.execute(
            text(
                "INSERT INTO setting (key, scope, value, updated_at) "
                "VALUES ('sync.enabled', 'local', '1', CURRENT_TIMESTAMP)"
            )
        )
    result = seed_demo(hall, 30, seed=1, method="bulk", today=TODAY)
    assert result.queue.tickets == 0 and "中心数据库" in result.queue.skipped
    assert _tickets(hall) == [] and _log(hall) == []
    with hall.db.read() as session:
        assert session.scalar(select(func.count()).where(Case.ticket_id.is_not(None))) == 0


def test_the_same_seed_gives_the_same_queue(
    sqlite_url: str, hall_settings: HallSettings, tmp_path: Path
) -> None:
    seen = []
    for index in range(2):
        url = sqlite_url.replace("counter.db", f"q{index}.db")
        services = Services.open(url, today=lambda: TODAY)
        services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
        seed_demo(services, 200, seed=6, method="bulk", today=TODAY)
        seen.append(
            sorted(
                (t.number, t.business_date, t.window_no, t.state, t.issued_at, t.finished_at)
                for t in _tickets(services)
            )
        )
        services.close()
    assert seen[0] == seen[1] and len(seen[0]) > 200


CLI = str(Path(sys.executable).parent / "counter-admin")


def test_the_command_seeds_the_queue_and_the_report_reads_it(
    sqlite_url: str, hall_settings: HallSettings, tmp_path: Path
) -> None:
    services = Services.open(sqlite_url)
    services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
    services.close()
    seeded = subprocess.run(
        [CLI, "--db", sqlite_url, "demo", "seed", "--cases", "300", "--seed", "3"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert seeded.returncode == 0, seeded.stderr
    assert "叫号记录" in seeded.stdout and "03" in seeded.stdout
    services = Services.open(sqlite_url)
    try:
        with services.db.read() as session:
            first, last = session.execute(
                select(func.min(QueueTicket.business_date), func.max(QueueTicket.business_date))
            ).one()
    finally:
        services.close()
    out = tmp_path / "throughput.csv"
    command = [CLI, "--db", sqlite_url, "report", "throughput", "--by", "window"]
    command += ["--from", str(first), "--to", str(last), "--format", "csv", "--out", str(out)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    header, body = rows[0], rows[1:]
    served, wait = header.index("服务人次"), header.index(next(h for h in header if "等候" in h))
    window_rows = [r for r in body if r and r[0].startswith("03")]
    assert window_rows and int(window_rows[0][served]) > 100, rows[:3]
    assert float(window_rows[0][wait]) > 0


def test_a_new_user_reads_today_then_last_months_slowest_window(
    qtbot, sqlite_url: str, hall_settings: HallSettings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Issue 14's walk on demo data: 主管 → 统计, today's figures, 上月, the slowest window's
    median wait, its tickets (rendered at 1366x768; PNGs in /tmp/demo_dashboard_*.png)."""
    from PySide6.QtWidgets import QApplication

    from counter_app.reports.service import ReportService
    from ui.dashboard.dashboard_page import DashboardWidget
    from ui.fonts import install_app_font
    from ui.tasks import SyncRunner

    day = date(2026, 11, 4)  # a Wednesday: its 20 working days reach back into October
    services = Services.open(sqlite_url, today=lambda: day)
    services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
    seed_demo(services, 2_400, seed=8, method="bulk", today=day)
    now = _local(day, time(10, 31))
    services.reports = ReportService(
        services.db, services.hall, lambda: None, lambda: day, now=lambda: now
    )
    app = QApplication.instance()
    font = app.font()  # type: ignore[union-attr]
    install_app_font(app)  # type: ignore[arg-type]
    try:
        page = DashboardWidget(services, CHIEF, SyncRunner())
        qtbot.addWidget(page)
        page.resize(1366, 768)
        page.show()
        page.reload()
        tiles = page.today.tiles
        assert int(tiles["waiting"].number.text()) > 0 and int(tiles["served"].number.text()) > 0
        shots = {"today": page.grab()}
        page.show_tab(1)
        view = page.period
        view.choose("last_month")
        assert view.period() == (date(2026, 10, 1), date(2026, 10, 31))
        assert view.table is not None
        rows = [r for r in view.table.rows if r.wait_median_s is not None]
        assert {r.key for r in rows} == {"01", "02", "03", "05"}
        assert all(r.tickets_served > 50 and r.cases_received > 50 for r in rows)
        shots["last_month"] = page.grab()
        slowest = max(rows, key=lambda r: r.wait_median_s or 0)
        column = next(i for i, c in enumerate(view.model.columns) if c.attr == "wait_median_s")
        view.open_cell(view.table.rows.index(slowest), column + 1)
        listed = view.drill.rows()
        assert listed and {r.window for r in listed} == {slowest.key}
        waits = [r.wait_s for r in listed]
        assert waits == sorted(waits, reverse=True) and waits[0] > slowest.wait_median_s
        shots["tickets"] = page.grab()
        for name, image in shots.items():
            assert (image.width(), image.height()) == (1366, 768)
            image.save(str(tmp_path / f"demo_dashboard_{name}.png"))
            image.save(f"/tmp/demo_dashboard_{name}.png")
    finally:
        app.setFont(font)  # type: ignore[union-attr]
        services.close()
