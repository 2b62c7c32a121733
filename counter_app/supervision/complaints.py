"""The complaints, consultations and suggestions register: registration, assignment,
investigation, result, reply, archive.

Anyone at a counter (and the kiosk) registers; a supervisor assigns a handler and archives;
the handler or a supervisor investigates, resolves and replies. Each step is a row of the
insert-only ``supervision_step`` log and an audit record, in the same transaction, and is
refused out of order (field "step") or on a stale ``row_version``.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.calendar import load_calendar
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.supervision import complaint_dispute as dispute
from counter_app.supervision import complaint_store as store
from counter_app.supervision import settings as supervision_settings
from counter_app.supervision.complaint_intake import checked_fields
from counter_app.supervision.complaint_letter import build_letter
from counter_app.supervision.rules.complaint_forms import (
    NOTE_MAX,
    ComplaintDetail,
    ComplaintForm,
    ComplaintRow,
    ComplaintSummary,
    ComplaintView,
    check_reply,
    check_step,
    required_text,
)
from counter_app.supervision.rules.complaints import (
    Cause,
    Kind,
    ReplyMethod,
    State,
)
from db.engine import Database
from db.ids import utc_now
from db.models import Staff
from db.models.supervision import Complaint
from printers.pdf.supervision.reply_letter import render_reply_letter

SEES_ALL = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})


def _state(row: Complaint) -> dict[str, Any]:
    return {"state": row.state, "handler": row.handler, "row_version": row.row_version}


def _may_handle(actor: Actor, row: Complaint) -> None:
    if not (actor.has(Role.SUPERVISOR) or actor.username == row.handler):
        raise CounterError(tr("只有承办人或主管可以办理此件（承办人：{h}）", h=row.handler), "step")


class ComplaintService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today

    # --- registration ---------------------------------------------------------------------

    def register(self, actor: Actor, form: ComplaintForm, answered_now: str = "") -> ComplaintView:
        """Register a complaint, consultation or suggestion (any staff member; the kiosk with
        channel kiosk). ``answered_now``: a consultation answered on the spot is registered
        already answered (resolved and replied) by ``actor``."""
        answer = ""
        if answered_now.strip():
            answer = self._check_answer(form, answered_now)
        counter_code = self._hall.settings().counter_code
        today = self._today()
        with self._db.write() as session:
            values = checked_fields(session, form)
            days = supervision_settings.read(session).complaint_days
            row = Complaint(
                **values,
                number=store.new_number(session, counter_code, today),
                state=State.REGISTERED.value,
                business_date=today,
                received_at=utc_now(),
                due_date=load_calendar(session).add_working_days(today, days),
                registered_by=actor.username,
                device=counter_code,
            )
            session.add(row)
            session.flush()
            store.log_step(
                session, actor.username, row, "register", row.text[:200], channel=row.channel
            )
            if answer:
                self._answer(session, actor, row, answer)
            audit.record(
                session,
                actor.username,
                "complaint_register",
                "complaint",
                str(row.id),
                after={"number": row.number, "kind": row.kind, "channel": row.channel},
            )
            return store.view(row)

    def _check_answer(self, form: ComplaintForm, text: str) -> str:
        if form.kind is not Kind.CONSULTATION:
            raise CounterError(tr("只有咨询可以当场答复登记，投诉须分派办理"), "answered_now")
        if form.channel is not None and form.channel.written:
            raise CounterError(tr("书面咨询须书面答复，请按步骤办理"), "answered_now")
        return required_text(text, tr("当场答复内容"), "answered_now")

    def _answer(self, session: Session, actor: Actor, row: Complaint, answer: str) -> None:
        row.handler = actor.username
        row.result = answer
        row.state = State.REPLIED.value
        row.reply_method = ReplyMethod.PHONE.value if row.channel == "phone" else "onsite"
        row.reply_text = answer
        row.replied_at = utc_now()
        store.log_step(session, actor.username, row, "answer", answer, method=row.reply_method)

    # --- the steps ------------------------------------------------------------------------

    def assign(
        self, actor: Actor, complaint_id: str, handler_username: str, row_version: int
    ) -> ComplaintView:
        """A supervisor names the handler (an active staff member)."""
        require(actor, Role.SUPERVISOR)
        username = handler_username.strip()
        if not username:
            raise CounterError(tr("请选择承办人"), "handler")
        with self._db.write() as session:
            staff = session.scalar(select(Staff).where(Staff.username == username))
            if staff is None or not staff.active or staff.deleted:
                raise CounterError(tr("承办人“{u}”不是在岗的工作人员", u=username), "handler")
            row = store.locked(session, complaint_id, row_version)

            def apply(row: Complaint) -> str:
                row.handler = username
                return tr("分派给{n}（{u}）", n=staff.display_name, u=username)

            return self._take(session, actor, row, State.ASSIGNED, "assign", apply)

    def investigate(
        self, actor: Actor, complaint_id: str, finding: str, row_version: int
    ) -> ComplaintView:
        text = required_text(finding, tr("调查情况"), "finding")
        with self._db.write() as session:
            row = store.locked(session, complaint_id, row_version)
            _may_handle(actor, row)

            def apply(row: Complaint) -> str:
                row.finding = text
                return text

            return self._take(session, actor, row, State.INVESTIGATING, "investigate", apply)

    def resolve(
        self,
        actor: Actor,
        complaint_id: str,
        result: str,
        cause: Cause,
        upheld: bool | None,
        row_version: int,
        *,
        finding: str = "",
    ) -> ComplaintView:
        """The result, its cause and whether the complaint was upheld (None: not judged, as
        for a consultation or a suggestion). ``finding`` completes the investigation's."""
        text = required_text(result, tr("处理结果"), "result")
        if not isinstance(cause, Cause):
            raise CounterError(tr("请选择原因分类"), "cause")
        more = required_text(finding, "", "finding") if finding.strip() else ""
        with self._db.write() as session:
            row = store.locked(session, complaint_id, row_version)
            _may_handle(actor, row)
            if row.kind == Kind.COMPLAINT.value and upheld is None:
                raise CounterError(tr("请认定投诉是否属实"), "upheld")

            def apply(row: Complaint) -> str:
                row.result, row.cause, row.upheld = text, cause.value, upheld
                if more:
                    row.finding = f"{row.finding}\n{more}".strip()[:NOTE_MAX]
                return text

            return self._take(session, actor, row, State.RESOLVED, "resolve", apply)

    def reply(
        self, actor: Actor, complaint_id: str, method: ReplyMethod, text: str, row_version: int
    ) -> ComplaintView:
        """How and what was answered: a written complaint needs a letter; an SMS is the text
        sent (at most 200 characters)."""
        if not isinstance(method, ReplyMethod):
            raise CounterError(tr("请选择答复方式"), "method")
        with self._db.write() as session:
            row = store.locked(session, complaint_id, row_version)
            _may_handle(actor, row)
            check_step(State(row.state), State.REPLIED)
            words = check_reply(store.view(row).channel, row.anonymous, method, text)

            def apply(row: Complaint) -> str:
                row.reply_method, row.reply_text = method.value, words
                row.replied_at = utc_now()
                return f"{method.label}：{words}"

            return self._take(session, actor, row, State.REPLIED, "reply", apply)

    def archive(self, actor: Actor, complaint_id: str, row_version: int) -> ComplaintView:
        require(actor, Role.SUPERVISOR)
        with self._db.write() as session:
            row = store.locked(session, complaint_id, row_version)

            def apply(row: Complaint) -> str:
                row.archived_at = utc_now()
                return ""

            return self._take(session, actor, row, State.ARCHIVED, "archive", apply)

    def _take(
        self,
        session: Session,
        actor: Actor,
        row: Complaint,
        target: State,
        step: str,
        apply: Callable[[Complaint], str],
    ) -> ComplaintView:
        check_step(State(row.state), target)
        before = _state(row)
        text = apply(row)
        row.state = target.value
        row.row_version += 1
        store.log_step(session, actor.username, row, step, text)
        audit.record(
            session,
            actor.username,
            f"complaint_{step}",
            "complaint",
            str(row.id),
            before=before,
            after={**_state(row), "text": text[:200]},
        )
        return store.view(row)

    # --- reading --------------------------------------------------------------------------

    def list(
        self,
        actor: Actor,
        open_only: bool = False,
        overdue_only: bool = False,
        kind: Kind | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> builtins.list[ComplaintRow]:
        """The register, newest first, names and phones masked. Supervisors and
        administrators see all; other staff what they registered or handle."""
        today = self._today()
        query = store.list_query(today, open_only, overdue_only, kind, date_from, date_to)
        if not SEES_ALL & actor.roles:
            mine = (Complaint.handler == actor.username) | (
                Complaint.registered_by == actor.username
            )
            query = query.where(mine)
        with self._db.read() as session:
            return [
                store.to_row(row, today, staff or row.about_staff, case or "", False, name or "")
                for row, staff, case, name in session.execute(query)
            ]

    def find(self, actor: Actor, number: str) -> ComplaintView:
        """A complaint by its number (or id)."""
        with self._db.read() as session:
            return store.view(self._visible(actor, store.by_number(session, number)))

    def get(self, actor: Actor, complaint_id: str, reveal: bool = False) -> ComplaintDetail:
        """One complaint with its history. ``reveal`` (a supervisor, or its handler) shows the
        complainant's name, phone and address in full; each such view is audited."""
        with self._db.write() if reveal else self._db.read() as session:
            row = self._visible(actor, store.locked(session, complaint_id))
            if reveal:
                if not (actor.has(Role.SUPERVISOR) or actor.username == row.handler):
                    raise CounterError(tr("只有主管或承办人可以查看投诉人的联系方式"), "reveal")
                audit.record(
                    session,
                    actor.username,
                    "view_personal_data",
                    "complaint",
                    str(row.id),
                    after={"number": row.number},
                )
            return store.detail(session, row, self._today(), reveal)

    def _visible(self, actor: Actor, row: Complaint) -> Complaint:
        if SEES_ALL & actor.roles or actor.username in (row.handler, row.registered_by):
            return row
        raise CounterError(tr("您不是此件的登记人或承办人，不能查看"), "complaint")

    def summary(self, actor: Actor, date_from: date, date_to: date) -> ComplaintSummary:
        """Counts by kind, channel, cause, state and upheld, and how many are overdue now,
        of the complaints registered from ``date_from`` to ``date_to`` (the dashboard and the
        improvement report)."""
        if not SEES_ALL & actor.roles:
            require(actor, Role.SUPERVISOR)
        if date_to < date_from:
            raise CounterError(tr("结束日期不能早于开始日期"), "date_to")
        with self._db.read() as session:
            return store.summarize(session, date_from, date_to, self._today())

    # --- the written reply and the dispute case -------------------------------------------

    def reply_letter(self, actor: Actor, complaint_id: str) -> bytes:
        """The written reply (答复函) as PDF bytes: a supervisor or the handler; audited."""
        with self._db.write() as session:
            row = store.locked(session, complaint_id)
            _may_handle(actor, row)
            letter = build_letter(session, row, self._hall.settings(), self._today())
            audit.record(
                session,
                actor.username,
                "complaint_letter",
                "complaint",
                str(row.id),
                after={"number": row.number},
            )
        return render_reply_letter(letter)

    def reception_prefill(self, actor: Actor, complaint_id: str) -> dict[str, Any]:
        """What the reception form needs to receive a complaint that is really an IP dispute
        as a case: ``applicant_name``, ``phone``, ``address``, ``matter`` (the text),
        ``item_number`` (18-20, or None when only the cause says dispute), ``complaint_id``
        and ``complaint_number``. Reception or a supervisor; audited (it shows the phone)."""
        with self._db.write() as session:
            return dispute.prefill(session, actor, store.locked(session, complaint_id))

    def link_case(self, actor: Actor, complaint_id: str, case_id: str) -> ComplaintView:
        """Record the dispute case the complaint became (a step 转为纠纷案件受理); the
        complaint itself still goes on to its reply and archive."""
        with self._db.write() as session:
            row = store.locked(session, complaint_id)
            dispute.link(session, actor, row, case_id)
            return store.view(row)
