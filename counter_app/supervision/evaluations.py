"""Evaluations (好差评): recording one rating per service from a rating screen, a keypad or the
kiosk; the supervisor's list; third-party surveys imported from CSV/XLSX.

A rating is written to THIS PC's database (its sync carries it to the central, later if the
central is away); the service it rates is read from the queue's database (the central in a
hall: ``attach_queue``). On the central a kiosk-kind account may only add an evaluation whose
service key, window, staff member and business date are its finished ticket's, so they are
always copied from the ticket row here. The staff rated never see who rated them: the rater's
name and phone leave this module only masked, and only to a supervisor.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.identity.masking import mask_name
from counter_app.supervision import evaluation_reads as reads
from counter_app.supervision.evaluation_reads import (
    EvaluationRow,
    EvaluationView,
    Filters,
    ServiceToRate,
    view_of,
)
from counter_app.supervision.rules.evaluation import DEVICE_SOURCES, Level, Source
from counter_app.supervision.rules.rating import (
    ALREADY_RATED,
    PENDING_SECONDS,
    case_key,
    check_level,
    check_reasons,
    clean_comment,
    self_key,
)
from db.engine import Database
from db.ids import new_uuid7, utc_now
from db.models.queue import QueueTicket
from db.models.reception import Case
from db.models.staff import Staff
from db.models.supervision import Evaluation

if TYPE_CHECKING:
    from counter_app.supervision.evaluation_import import ImportReport

__all__ = ["EvaluationRow", "EvaluationService", "EvaluationView", "ServiceToRate"]


def _short(text: str, limit: int, field: str, what: str) -> str:
    value = clean_comment(text)
    if len(value) > limit:
        raise CounterError(tr("{w}不能超过 {n} 字", w=what, n=limit), field)
    return value


class EvaluationService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today
        self._queue_db: Callable[[], Database] = lambda: database
        self.clock: Callable[[], datetime] = utc_now  # tests move it with the queue's clock

    def attach_queue(self, source: Callable[[], Database]) -> None:
        """Where the queue lives (``QueueService.watch_database``): the central in a hall."""
        self._queue_db = source

    # -- at the window ----------------------------------------------------------------------
    def pending(self, window_no: str) -> ServiceToRate | None:
        """The service this window finished last, within PENDING_SECONDS, if not yet rated."""
        since = self.clock() - timedelta(seconds=PENDING_SECONDS)
        with self._queue_db().read() as session:
            ticket = reads.last_finished(session, window_no, since)
            service = None if ticket is None else self._service(ticket)
        if service is None:
            return None
        with self._db.read() as session:
            if reads.exists(session, service.service_key):
                return None
        return self._with_local_details(service)

    def _service(self, ticket: QueueTicket) -> ServiceToRate:
        return ServiceToRate(
            ticket.id,
            ticket.number,
            ticket.window_no,
            ticket.called_by,
            "",
            ticket.business_date,
            ticket.finished_at or self.clock(),
        )

    def _with_local_details(self, service: ServiceToRate) -> ServiceToRate:
        """The staff member's name and the cases: this PC's copies (none on a kiosk PC)."""
        with self._db.read() as session:
            name = reads.staff_name(session, service.staff)
            cases, item = reads.linked_cases(session, service.ticket_id)
        return ServiceToRate(
            service.ticket_id,
            service.ticket_number,
            service.window_no,
            service.staff,
            name,
            service.business_date,
            service.finished_at,
            cases,
            item,
        )

    def rate(
        self,
        service: ServiceToRate,
        level: int,
        reasons: Sequence[str],
        comment: str,
        source: Source,
        device: str,
    ) -> EvaluationView:
        """One rating of one service (a second is refused, nothing saved)."""
        checked = check_level(level)
        keys, text = check_reasons(reasons), clean_comment(comment)
        if source not in DEVICE_SOURCES:
            raise CounterError(tr("评价器只能记录现场评价"), "source")
        row = Evaluation(
            service_key=service.service_key,
            source=Source(source).value,
            level=int(checked),
            reasons=keys,
            comment=text,
            business_date=service.business_date,
            rated_at=utc_now(),
            window_no=service.window_no,
            staff=service.staff,
            ticket_id=service.ticket_id,
            ticket_number=service.ticket_number,
            case_ids=list(service.case_ids),
            item_no=service.item_no,
            device=clean_comment(device)[:16],
        )
        return self._insert(row, f"device:{row.device}"[:32])

    def rate_ticket(
        self,
        number: str,
        level: int,
        reasons: Sequence[str],
        comment: str,
        source: Source,
        device: str,
    ) -> EvaluationView:
        """The kiosk's 评价 page: a ticket finished today, by its number or its QR text."""
        text = clean_comment(number)[:200].upper().replace(" ", "")
        if not text:
            raise CounterError(tr("请输入或扫描号票上的号码"), "number")
        check_level(level)
        with self._queue_db().read() as session:
            ticket = reads.ticket_by_text(session, self._today(), text)
            if ticket is None:
                raise CounterError(tr("今天没有 {n} 这张号票", n=text[:20]), "number")
            if ticket.state != "done":
                raise CounterError(
                    tr("号票 {n} 还没有办结，办结后才能评价", n=ticket.number), "number"
                )
            service = self._service(ticket)
        return self.rate(self._with_local_details(service), level, reasons, comment, source, device)

    def _insert(self, row: Evaluation, actor: str) -> EvaluationView:
        try:
            with self._db.write() as session:
                if reads.exists(session, row.service_key):
                    raise CounterError(ALREADY_RATED, "level")
                session.add(row)
                session.flush()
                audit.record(
                    session,
                    actor,
                    "evaluation_add",
                    "evaluation",
                    str(row.id),
                    after={
                        "service": row.service_key,
                        "source": row.source,
                        "level": row.level,
                        "window": row.window_no,
                        "staff": row.staff,
                        "rater": mask_name(row.rater_name),
                    },
                )
                view = view_of(row)
        except IntegrityError:  # the same service rated at the same moment elsewhere
            raise CounterError(ALREADY_RATED, "level") from None
        return view

    # -- the supervisor -----------------------------------------------------------------------
    def record(
        self,
        actor: Actor,
        source: Source,
        level: int,
        reasons: Sequence[str] = (),
        comment: str = "",
        *,
        business_date: date | None = None,
        window_no: str = "",
        staff: str = "",
        case_id: uuid.UUID | str | None = None,
        rater_name: str = "",
        rater_phone: str = "",
    ) -> EvaluationView:
        """A self-evaluation (Source.SELF) or an online one per matter (Source.ONLINE, 一事一评:
        ``case_id`` required), entered by a supervisor."""
        require(actor, Role.SUPERVISOR)
        case_id = _case_uuid(case_id)
        if source not in (Source.SELF, Source.ONLINE):
            raise CounterError(tr("这里只能登记自我评价或网上评价"), "source")
        checked, keys = check_level(level), check_reasons(reasons)
        text = clean_comment(comment)
        day = business_date or self._today()
        if day > self._today():
            raise CounterError(tr("评价日期不能晚于今天"), "business_date")
        if source is Source.ONLINE and case_id is None:
            raise CounterError(tr("网上评价须对应一件办理事项（案件）"), "case")
        name = _short(rater_name, 40, "rater_name", tr("评价人姓名"))
        phone = _short(rater_phone, 20, "rater_phone", tr("评价人电话"))
        row = Evaluation(
            source=source.value,
            level=int(checked),
            reasons=keys,
            comment=text,
            business_date=day,
            rated_at=utc_now(),
            window_no=_short(window_no, 3, "window", tr("窗口号")),
            staff=staff.strip(),
            rater_name=name,
            rater_phone=phone,
            device="",
        )
        with self._db.read() as session:
            if (
                row.staff
                and not session.scalars(select(Staff.id).where(Staff.username == row.staff)).first()
            ):
                raise CounterError(tr("没有用户名为“{u}”的工作人员", u=row.staff[:32]), "staff")
            if case_id is not None:
                case = session.get(Case, case_id)
                if case is None:
                    raise CounterError(tr("没有找到这件案件"), "case")
                row.case_ids = [str(case_id)]
                row.staff = row.staff or case.received_by
                row.item_no = reads.first_item(session, case_id)
        new_id = new_uuid7()
        row.id = new_id
        row.service_key = (
            case_key(case_id)
            if source is Source.ONLINE and case_id is not None
            else self_key(case_id, new_id)
        )
        return self._insert(row, actor.username)

    def list(
        self,
        actor: Actor,
        date_from: date,
        date_to: date,
        window: str | None = None,
        staff: str | None = None,
        level: Level | int | None = None,
        source: Source | None = None,
    ) -> list[EvaluationRow]:
        """Supervisors only: one row per evaluation, oldest first, the rater masked."""
        filters = self._filters(actor, date_from, date_to, window, staff, level, source)
        with self._db.read() as session:
            return reads.rows(session, filters)

    def counts(self, actor: Actor, date_from: date, date_to: date) -> dict[Level, int]:
        """Evaluations per level over the period (every level present, 0 when none)."""
        filters = self._filters(actor, date_from, date_to)
        with self._db.read() as session:
            return reads.level_counts(session, filters)

    def _filters(
        self,
        actor: Actor,
        date_from: date,
        date_to: date,
        window: str | None = None,
        staff: str | None = None,
        level: Level | int | None = None,
        source: Source | None = None,
    ) -> Filters:
        require(actor, Role.SUPERVISOR)
        if date_from > date_to:
            raise CounterError(tr("开始日期不能晚于结束日期"), "date_from")
        checked = None if level is None else check_level(level)
        return Filters(date_from, date_to, window or None, staff or None, checked, source)

    def import_file(self, actor: Actor, path: Path) -> ImportReport:
        """A third-party survey from CSV or XLSX (evaluation_import), all rows or none."""
        from counter_app.supervision.evaluation_import import import_file

        return import_file(self._db, actor, path, self._today)


def _case_uuid(value: uuid.UUID | str | None) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise CounterError(tr("没有找到这件案件"), "case") from None
