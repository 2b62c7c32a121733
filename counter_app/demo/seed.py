"""Demo data for training staff and for benchmarks: applicants and cases across the catalogue.

``seed_demo(services, n)`` plans ``n`` realistic cases over the past working days (see
``demo_plan``) and writes them either through the real reception and payment services (small
numbers; one counter, this one) or in bulk with Core inserts (any number; several counters
on a PC of its own, this counter only on a PC joined to a hall's central).
Both keep what the services rely on: unique case and receipt numbers taken from
``daily_counter`` in the transaction that uses them, UUIDv7 keys, UTC timestamps, whole cases.
"""

from __future__ import annotations

import gc
import math
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select, update

from counter_app.audit import trail as audit
from counter_app.cases.numbering import resume_from_records
from counter_app.cases.payments import FeeLine, PaymentService
from counter_app.cases.reception import ReceptionService
from counter_app.cases.rules.reception import AgentInput, ApplicantInput, ReceptionInput
from counter_app.cases.rules.states import CaseState, transition
from counter_app.cases.store import add_event, get_case
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.demo.bulk import TABLES, BulkWriter
from counter_app.demo.data import DemoPeople
from counter_app.demo.outcomes import outcome_rows, planned_stamps
from counter_app.demo.plan import (
    CachedCalendar,
    CasePlan,
    PlannedEvent,
    Planner,
    working_days,
)
from counter_app.demo.queue_history import QueueHistory, QueueSeed, skipped_message
from counter_app.demo.supervision import seed_supervision
from counter_app.i18n import tr
from db.models import Applicant, AuditLog, CaseDecision, CasePause, Delivery, Payment
from db.sync.client import is_enabled

SERVICE_LIMIT = 1_000  # "auto" goes through the real services up to this many cases
MAX_CASES = 5_000_000
PER_COUNTER_DAY = 50  # cases a window takes on a working day, before the span is capped
MIN_DAYS, MAX_DAYS = 20, 1_250  # about five years of working days at most
OTHER_COUNTERS = ("W01", "W02", "W05", "W06")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SeedResult:
    cases: int
    applicants: int  # new applicants (returning ones are reused)
    rows: int  # rows written in all tables
    method: str  # "bulk" or "service"
    first_day: date
    last_day: date
    seconds: float
    by_status: dict[str, int] = field(default_factory=dict)
    queue: QueueSeed = field(default_factory=QueueSeed)  # the hall's queue history


def seed_demo(
    services: Services,
    cases: int,
    *,
    seed: int | None = None,
    method: str = "auto",
    counters: tuple[str, ...] | None = None,
    today: date | None = None,
    batch_size: int = 5_000,
    progress: Progress | None = None,
    actor: Actor = SYSTEM_ACTOR,
) -> SeedResult:
    """Add ``cases`` demo cases received on the working days up to ``today``.

    ``method``: "service" (the real reception path, this counter only), "bulk" (Core
    executemany in transactions of ``batch_size`` cases) or "auto" (service up to
    ``SERVICE_LIMIT`` cases). Refuses a database whose hall is not set up. On a PC joined to a
    central every case is this counter's, numbered after the highest number already there.
    """
    started = time.perf_counter()
    if not 1 <= cases <= MAX_CASES:
        raise CounterError(tr("案件数应在 1 到 {m} 之间", m=MAX_CASES), "cases")
    if method not in ("auto", "bulk", "service"):
        raise CounterError(tr("未知的生成方式：{m}", m=method), "method")
    settings = services.hall.settings()
    if not (settings.hall_name and settings.hall_code and settings.counter_code):
        raise CounterError(
            tr("数据库尚未完成初始设置（大厅名称、大厅代码、窗口代码），请先启动程序完成首次设置"),
            "hall",
        )
    if method == "auto":
        method = "service" if cases <= SERVICE_LIMIT else "bulk"
    local = settings.counter_code
    joined = is_enabled(services.db.engine)
    if joined and counters is not None and set(counters) != {local}:
        raise CounterError(
            tr("本机已加入大厅（中心数据库），演示案件只能以本窗口 {c} 的名义生成", c=local),
            "counters",
        )
    if method == "service" or joined:
        # A PC of a hall never writes under another counter's code: those numbers are the
        # other PCs' to give, and the central would refuse or duplicate them.
        counters = (local,)
    elif counters is None:
        counters = (local, *[c for c in OTHER_COUNTERS if c != local][:3])
    items = services.catalog.list_items()
    if not items:
        raise CounterError(tr("事项清单为空，无法生成演示案件"), "catalog")
    rng = random.Random(seed)
    calendar = CachedCalendar(services.calendar.calendar())
    span = min(MAX_DAYS, max(MIN_DAYS, math.ceil(cases / (len(counters) * PER_COUNTER_DAY))))
    days = working_days(calendar, today or date.today(), span)
    with services.db.read() as session:
        rows = session.execute(select(Applicant.id_type, Applicant.id_number))
        taken = [(id_type, number) for id_type, number in rows]
    planner = Planner(
        rng,
        DemoPeople(rng, taken),
        items,
        [b.item_numbers for b in services.bundles.bundles()],
        days,
        calendar,
    )
    if joined:
        # Numbers received from the central (cases this counter gave before a reinstall, or
        # pulled since) come first: each day's numbering continues after the highest of them.
        with services.db.write() as session:
            resume_from_records(session, local)
    before = _row_count(services) if method == "service" else 0
    writer = _Writer(services, method, settings.hall_code, days, rng, progress, cases)
    writer.batch_limit, writer.actor = max(1, batch_size), actor
    history = QueueHistory.start(services, seed, days, counters, today or date.today(), actor)
    share = history.today_share if history else 1.0
    plans = _plans(rng, planner, cases, days, counters, share)
    with _no_cycle_collection(method == "bulk"):
        for plan in history.assign(plans) if history else plans:  # each case on a queue ticket
            writer.add(plan)
        writer.flush()
    if method == "service":
        writer.rows = _row_count(services) - before
    seed_supervision(services, seed, days[-1], actor)  # evaluations, complaints, ... (issue 13)
    return SeedResult(
        cases,
        writer.applicants,
        writer.rows,
        method,
        days[0],
        days[-1],
        time.perf_counter() - started,
        dict(sorted(writer.by_status.items())),
        history.result() if history else QueueSeed(skipped=skipped_message()),
    )


@contextmanager
def _no_cycle_collection(bulk: bool) -> Iterator[None]:
    """The cyclic garbage collector paused while a bulk seed builds its rows: each batch
    makes ~10^5 tuples, and every collection of the older generations walked all of them
    again (~1.5 s of a 20,000-case seed). The rows hold no cycles; plain reference counting
    frees them. The collector's own state is restored afterwards."""
    was = gc.isenabled()
    if bulk:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _plans(
    rng: random.Random,
    planner: Planner,
    cases: int,
    days: list[date],
    counters: tuple[str, ...],
    today_share: float = 1.0,
) -> Iterator[CasePlan]:
    """Plans in day order; busier Mondays, a quieter day now and then; the last day, when it
    is today, only as far as ``today_share`` of its business."""
    weights = [rng.uniform(0.6, 1.4) * (1.25 if d.weekday() == 0 else 1.0) for d in days]
    weights[-1] *= today_share
    total = sum(weights)
    counts = [int(cases * w / total) for w in weights]
    for _ in range(cases - sum(counts)):
        counts[rng.randrange(len(days))] += 1
    for day, count in enumerate(counts):
        for _ in range(count):
            counter = rng.choice(counters)
            yield planner.plan(day, counter, f"demo_{counter.lower()}")


class _Writer:
    """Collects plans into batches and writes each batch in its own transaction."""

    def __init__(
        self,
        services: Services,
        method: str,
        hall_code: str,
        days: list[date],
        rng: random.Random,
        progress: Progress | None,
        total: int,
    ) -> None:
        self._services, self._method, self._days = services, method, days
        self._bulk = BulkWriter(rng, hall_code, days)
        self._progress, self._total = progress, total
        self._batch: list[CasePlan] = []
        self.batch_limit = 5_000
        self.actor = SYSTEM_ACTOR
        self.done = self.rows = self.applicants = 0
        self.by_status: Counter[str] = Counter()

    def add(self, plan: CasePlan) -> None:
        self.by_status[plan.status] += 1
        self.applicants += plan.new_applicant
        if self._method == "service":
            _through_services(self._services, plan, self._days)
            self.done += 1
            if self._progress and (self.done % 50 == 0 or self.done == self._total):
                self._progress(self.done, self._total)
            return
        self._batch.append(plan)
        if len(self._batch) >= self.batch_limit:
            self.flush()

    def flush(self) -> None:
        if not self._batch:
            return
        with self._services.db.write() as session:
            rows = self._bulk.write(session.connection(), self._batch)
            first, last = self._days[self._batch[0].day], self._days[self._batch[-1].day]
            audit.record(  # one audit row per batch, in the batch's own transaction
                session,
                self.actor.username,
                "demo_seed",
                "case",
                "",
                after={"cases": len(self._batch), "rows": rows, "from": first, "to": last},
            )
            self.rows += rows
        self.done += len(self._batch)
        self._batch = []
        if self._progress:
            self._progress(self.done, self._total)


def _row_count(services: Services) -> int:
    """Rows in the tables a case lives in, and the audit trail."""
    tables = [*TABLES.values(), AuditLog.__table__]
    with services.db.read() as session:
        return sum(int(session.scalar(select(func.count()).select_from(t)) or 0) for t in tables)


def _on(day: date) -> Callable[[], date]:
    return lambda: day


def _through_services(services: Services, plan: CasePlan, days: list[date]) -> None:
    """One planned case through the real reception (and payment) services."""
    day = days[plan.day]
    actor = Actor(plan.staff, tr("演示受理员"), frozenset({Role.RECEPTION}))
    a = plan.applicant
    data = ReceptionInput(
        draft_key=str(uuid.uuid4()),
        applicant=ApplicantInput(
            a.kind,
            a.name,
            a.id_type,
            a.id_number,
            a.phone,
            a.address,
            a.postal_code,
            a.legal_representative,
            a.contact_name,
        ),
        item_ids=tuple(i.id for i in plan.items),
        materials=plan.window_materials,
        outcome=plan.outcome,
        agent=AgentInput(**plan.agent) if plan.agent else None,
        reasons=plan.reasons,
        ticket_id=str(plan.ticket_id) if plan.ticket_id else None,
        competent_authority=plan.competent_authority,
    )
    view = ReceptionService(services.db, services.hall, _on(day)).receive(actor, data)
    stamps = planned_stamps(plan, days)
    if plan.payment is not None:
        lines = tuple(
            FeeLine(str(ln["item"]), Decimal(str(ln["amount"]))) for ln in plan.payment.lines
        )
        paid = PaymentService(services.db, services.hall, _on(day)).record(
            actor, view.id, lines, plan.payment.channel, plan.payment.transaction_ref
        )
        # Paid on the case's day, just after it was received (not at the seed's run time).
        paid_at = (plan.received_at or stamps[0]) + timedelta(minutes=2)
        with services.db.write() as session:
            session.execute(
                update(Payment)
                .where(Payment.receipt_number == paid.receipt_number)
                .values(paid_at=paid_at)
            )
    version = view.row_version
    for event in plan.events[1:]:
        if event.action == "supplement_complete":
            reception = ReceptionService(services.db, services.hall, _on(days[event.day]))
            version = reception.supplement(actor, view.id, plan.materials, version).row_version
        else:
            version = _step(services, view.id, actor, event, plan.result)
    decisions, deliveries = outcome_rows(uuid.UUID(view.id), plan, stamps)
    with services.db.write() as session:
        if decisions:
            session.execute(insert(CaseDecision), decisions)
        if deliveries:
            session.execute(insert(Delivery), deliveries)
        if plan.correction is not None:
            start, end = plan.correction
            session.add(
                CasePause(
                    case_id=uuid.UUID(view.id),
                    reason="correction",
                    start_on=days[start],
                    end_on=None if end is None else days[end],
                )
            )


def _step(services: Services, case_id: str, actor: Actor, event: PlannedEvent, result: str) -> int:
    """A later step of the case (examination, decision, delivery) as its history records it;
    a decision also leaves on the case what the approval service leaves there (the result,
    or the reasons of a rejection or return)."""
    with services.db.write() as session:
        case = get_case(session, case_id)
        old = case.status
        case.status = transition(CaseState(old), CaseState(event.to_status)).value
        case.row_version += 1
        if event.action == "approve":
            case.result = result
        elif event.action in ("rejected", "returned_for_correction"):
            case.reasons = [r for r in event.note.split("；") if r]
        add_event(session, case, actor, event.action, old, case.status, event.note)
        return case.row_version
