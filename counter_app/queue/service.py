"""The queue: issue at the kiosk, call and serve at the windows, the board's snapshot.

One public method = one unit of work; each returns frozen views. Printing goes through the
``TicketPrinter`` protocol (wired to the print queue by the composition root): a print that
fails (at once, or later through ``ticket_print_failed``) takes the ticket out of the
waiting count until staff ``confirm_handed_over``. The queue keeps its own insert-only log
(``queue_event``) for times and the board; configuration changes go to the audit chain.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.orm import Session

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.rules.catalog import ItemView
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.queue import actions as actions
from counter_app.queue import admin as admin
from counter_app.queue import board as board_q
from counter_app.queue import call_next as calling
from counter_app.queue import issue as issuing
from counter_app.queue import links as links
from counter_app.queue import rating_screens as rating_screens
from counter_app.queue import store as store
from counter_app.queue.admin import QueueOptions
from counter_app.queue.board import WindowStatus
from counter_app.queue.route import (
    CONNECTION_ERRORS,
    DEGRADED,
    QueueRoute,
    degraded_number_seq,
)
from counter_app.queue.rules.policy import requeue_key
from counter_app.queue.rules.tickets import (
    BoardView,
    CategoryView,
    IssuedTicket,
    Priority,
    TicketView,
    WaitEstimate,
    WindowState,
    WindowView,
)
from counter_app.queue.rules.times import TimesSummary, Visit, summarise, visits
from db.engine import Database
from db.models.queue import QueueTicket as TicketRow
from printers.documents import QueueTicket as TicketDocument

logger = logging.getLogger(__name__)

__all__ = ["QueueOptions", "QueueService", "TicketPrinter", "WindowStatus"]


class TicketPrinter(Protocol):
    """Where the kiosk's tickets go. ``submit`` stores/queues the job and returns at once; it
    raises if the job cannot even be queued. A later failure is reported back through
    ``QueueService.ticket_print_failed(ticket_id)``."""

    def submit(self, ticket_id: uuid.UUID, ticket: TicketDocument) -> None: ...


TicketAction = Callable[[Session, uuid.UUID, str, str, datetime], object]


class QueueService:
    def __init__(
        self,
        database: Database,
        clock: store.Clock = store.default_clock,
        printer: TicketPrinter | None = None,
        progress_url: str = "",
        route: QueueRoute | None = None,
    ) -> None:
        self._local = database
        self._route = route
        self._clock = clock
        self.printer = printer
        self._progress_url = progress_url

    @property
    def _db(self) -> Database:
        """The hall's central database, or this PC's own (lone PC, or degraded mode)."""
        return self._local if self._route is None else self._route.database()

    @property
    def degraded(self) -> bool:
        """The central is down: tickets from this PC's reserved range, calls by number."""
        return self._route is not None and self._route.degraded

    def central_down(self, exc: Exception) -> None:
        """The sync found the central gone: go degraded now, before anyone presses a key."""
        route = self._route
        if route is not None and route.hall and not route.degraded:
            route.went_down(exc)

    def reserved_slot(self) -> int:
        return 1 if self._route is None else self._route.slot()

    def watch_database(self) -> Database:
        return self._db

    def reconnect(self) -> bool:
        """Try the central again: merge the degraded mode's work and refresh this PC's copy of
        the categories and windows. True when the central is there (or there is none)."""
        return self._route is None or not self._route.hall or self._route.probe()

    # -- kiosk -------------------------------------------------------------------------
    def kiosk_categories(self) -> list[CategoryView]:
        with self._db.read() as session:
            return store.categories(session)

    def preview(self, category: str) -> WaitEstimate:
        with self._db.read() as session:
            return issuing.preview(session, category, self._clock())

    def issue(
        self,
        category: str,
        priority: Priority = Priority.NORMAL,
        request_id: str | None = None,
        issued_by: str = store.KIOSK,
    ) -> IssuedTicket:
        """A new ticket (or the one this ``request_id`` already got), sent to the printer."""
        route = self._route
        offset = degraded_number_seq(route.slot(), 0) if route and route.degraded else 0
        issued = issuing.issue(
            self._db, category, priority, request_id, issued_by, self._clock(), offset
        )
        if issued.repeated:
            return issued
        return replace(issued, print_submitted=self._print(issued))

    def _print(self, issued: IssuedTicket) -> bool:
        if self.printer is None:
            return False
        try:
            self.printer.submit(issued.ticket.id, self._document(issued))
        except Exception:
            logger.exception("ticket %s could not be queued for printing", issued.ticket.number)
            self.ticket_print_failed(issued.ticket.id)
            return False
        return True

    def _document(self, issued: IssuedTicket) -> TicketDocument:
        ticket = issued.ticket
        hall = HallService(self._db).settings()
        base = self._progress_url or hall.progress_portal
        return TicketDocument(
            number=ticket.number,
            category=ticket.category_name,
            people_ahead=issued.estimate.people_ahead,
            wait_text=issued.estimate.text,
            issued_at=ticket.issued_at.astimezone(),
            qr_payload=f"{base.rstrip('/')}/ticket/{ticket.id}" if base else str(ticket.id),
            hall_name=hall.hall_name or tr("知识产权服务大厅"),
        )

    def ticket_print_failed(self, ticket_id: uuid.UUID) -> TicketView:
        """The printer reported failure: not counted as waiting until staff confirm."""
        return self._write(lambda s: actions.mark_print_failed(s, ticket_id, self._clock()))

    def confirm_handed_over(self, actor: Actor, ticket_id: uuid.UUID) -> TicketView:
        store.require_counter_staff(actor)
        return self._write(
            lambda s: actions.handed_over(s, ticket_id, actor.username, self._clock())
        )

    def cancel_ticket(self, actor: Actor, ticket_id: uuid.UUID) -> TicketView:
        store.require_counter_staff(actor)
        return self._write(lambda s: actions.cancel(s, ticket_id, actor.username, self._clock()))

    def check_kiosk_pin(self, pin: str) -> bool:
        with self._db.read() as session:
            return admin.check_kiosk_pin(session, pin)

    # -- window --------------------------------------------------------------------------
    def call_next(self, actor: Actor, window: str) -> TicketView | None:
        """Finish the window's current ticket, then call the next; ``None``: nobody waits."""
        store.require_counter_staff(actor)
        claim = calling.call_next(self._db, window, actor.username, self._clock())
        return None if claim is None else claim.view

    def call_number(self, actor: Actor, window: str, number: str) -> TicketView:
        """Call the ticket the applicant shows (typed or scanned), finishing the current one.

        In degraded mode a number this PC has not seen (issued by the central before it went
        down, or by another kiosk) is registered from the number and merged back later."""
        store.require_counter_staff(actor)
        now, staff = self._clock(), actor.username
        register = self.degraded
        return self._write(
            lambda s: actions.call_by_number(s, number, window, staff, now, register, DEGRADED)
        )

    def _open_window_view(self, window: str) -> tuple[WindowView, uuid.UUID | None]:
        with self._db.read() as session:
            view = store.window_view(store.window_row(session, window))
            current = actions.current_at(session, window)
            current_id = current.id if current is not None else None
        store.require_open(window, view.state.value, view.pause_reason)
        return view, current_id

    def _ticket_action(
        self, actor: Actor, window: str, ticket_id: uuid.UUID, action: TicketAction
    ) -> TicketView:
        store.require_counter_staff(actor)
        return self._write(lambda s: action(s, ticket_id, window, actor.username, self._clock()))

    def recall(self, actor: Actor, window: str, ticket_id: uuid.UUID) -> TicketView:
        with self._db.read() as session:
            limit = admin.read_options(session).max_recalls

        def act(s: Session, t: uuid.UUID, w: str, u: str, now: datetime) -> object:
            return actions.recall(s, t, w, u, now, limit)

        return self._ticket_action(actor, window, ticket_id, act)

    def no_show(self, actor: Actor, window: str, ticket_id: uuid.UUID) -> TicketView:
        return self._ticket_action(actor, window, ticket_id, actions.no_show)

    def hold(self, actor: Actor, window: str, ticket_id: uuid.UUID) -> TicketView:
        return self._ticket_action(actor, window, ticket_id, actions.hold)

    def call_back(self, actor: Actor, window: str, ticket_id: uuid.UUID) -> TicketView:
        self._open_window_view(window)
        return self._ticket_action(actor, window, ticket_id, actions.call_back)

    def start_service(self, actor: Actor, window: str, ticket_id: uuid.UUID) -> TicketView:
        return self._ticket_action(actor, window, ticket_id, actions.start)

    def finish(self, actor: Actor, window: str, ticket_id: uuid.UUID) -> TicketView:
        return self._ticket_action(actor, window, ticket_id, actions.finish)

    def transfer(
        self,
        actor: Actor,
        window: str,
        ticket_id: uuid.UUID,
        to_window: str = "",
        to_category: str = "",
    ) -> TicketView:
        def act(s: Session, t: uuid.UUID, w: str, u: str, now: datetime) -> object:
            return actions.transfer(s, t, w, u, now, to_window, to_category)

        return self._ticket_action(actor, window, ticket_id, act)

    def requeue(self, actor: Actor, ticket_id: uuid.UUID) -> TicketView:
        store.require_counter_staff(actor)
        now = self._clock()
        return self._write(
            lambda s: actions.requeue(s, ticket_id, actor.username, now, requeue_key(now))
        )

    def open_window(self, actor: Actor, window: str) -> WindowView:
        return self._window_state(actor, window, WindowState.OPEN)

    def pause_window(self, actor: Actor, window: str, reason: str) -> WindowView:
        return self._window_state(actor, window, WindowState.PAUSED, reason)

    def resume_window(self, actor: Actor, window: str) -> WindowView:
        return self._window_state(actor, window, WindowState.OPEN)

    def close_window(self, actor: Actor, window: str) -> WindowView:
        return self._window_state(actor, window, WindowState.CLOSED)

    def _window_state(
        self, actor: Actor, window: str, state: WindowState, reason: str = ""
    ) -> WindowView:
        store.require_counter_staff(actor)
        with self._db.write() as session:
            row = actions.set_window_state(
                session, window, state, actor.username, self._clock(), reason
            )
            return store.window_view(row)

    # -- reading -------------------------------------------------------------------------
    def ticket(self, ticket_id: uuid.UUID) -> TicketView:
        with self._db.read() as session:
            return store.ticket_view(
                store.ticket_row(session, ticket_id), store.category_names(session)
            )

    def case_numbers(self, ticket_id: uuid.UUID) -> list[str]:
        """Numbers of the cases this ticket produced (R-Q-5)."""
        with self._db.read() as session:
            return board_q.case_numbers(session, ticket_id)

    def window_status(self, window: str) -> WindowStatus:
        with self._db.read() as session:
            return board_q.window_status(session, window, self._clock())

    def board(self) -> BoardView:
        with self._db.read() as session:
            hall = HallService(self._db).settings()
            notice = admin.read_options(session).notice
            return board_q.board(session, hall.hall_name, notice, self._clock())

    def change_marker(self) -> int:
        with self._db.read() as session:
            return board_q.change_marker(session)

    def tickets(self, day: date | None = None) -> list[TicketView]:
        with self._db.read() as session:
            return board_q.tickets_of_day(session, day or store.business_date(self._clock()))

    def visits(self, day: date | None = None) -> list[Visit]:
        """Every ticket's visits to windows with wait and service times (R-Q-5)."""
        with self._db.read() as session:
            return visits(board_q.log_lines(session, day or store.business_date(self._clock())))

    def times(self, day: date | None = None) -> list[TimesSummary]:
        return summarise(self.visits(day))

    # -- administration ------------------------------------------------------------------
    def categories(self, include_inactive: bool = True) -> list[CategoryView]:
        with self._db.read() as session:
            return store.categories(session, active_only=not include_inactive)

    def windows(self, include_inactive: bool = False) -> list[WindowView]:
        with self._db.read() as session:
            return store.windows(session, active_only=not include_inactive)

    # -- guide -> ticket: catalogue items to ticket categories (links.py) -----------------
    def item_links(self) -> links.ItemLinks:
        with self._db.read() as session:
            return links.read_links(session)

    def set_item_links(self, actor: Actor, item_links: links.ItemLinks) -> links.ItemLinks:
        """Administrators only, audited; refused while the central is down (like settings)."""
        if self.degraded:
            raise CounterError(_NO_SETTINGS_WHILE_DEGRADED)
        with self._db.write() as session:
            return links.write_links(session, actor, item_links)

    def ticket_link(self, item: ItemView) -> links.TicketLink | None:
        """The ticket category for ``item`` (mapped, or the fallback: see ``source``)."""
        with self._db.read() as session:
            return links.link_for(session, item)

    def ticket_links(self, items: list[ItemView]) -> list[tuple[ItemView, links.TicketLink | None]]:
        with self._db.read() as session:
            return links.links_table(session, items)

    def save_category(self, actor: Actor, view: CategoryView) -> CategoryView:
        with self._db.write() as session:
            return admin.save_category(session, actor, view)

    def save_window(self, actor: Actor, view: WindowView) -> WindowView:
        with self._db.write() as session:
            return admin.save_window(session, actor, view)

    def options(self) -> QueueOptions:
        with self._db.read() as session:
            return admin.read_options(session)

    def set_options(self, actor: Actor, options: QueueOptions) -> QueueOptions:
        with self._db.write() as session:
            return admin.write_options(session, actor, options)

    def set_kiosk_pin(self, actor: Actor, pin: str) -> None:
        with self._db.write() as session:
            admin.set_kiosk_pin(session, actor, pin)

    def kiosk_pin_is_set(self) -> bool:
        with self._db.read() as session:
            return admin.kiosk_pin_is_set(session)

    def rating_windows(self) -> tuple[str, ...]:
        """Numbers of the windows with a rating screen (评价器), as the administrator set up."""
        with self._db.read() as session:
            return rating_screens.read_rating_windows(session)

    def set_rating_windows(self, actor: Actor, windows: Iterable[str]) -> tuple[str, ...]:
        with self._db.write() as session:
            return rating_screens.write_rating_windows(session, actor, windows)

    def _write(self, work: Callable[[Session], object]) -> TicketView:
        with self._db.write() as session:
            row = work(session)
            assert isinstance(row, TicketRow)
            return store.ticket_view(row, store.category_names(session))


_NO_SETTINGS_WHILE_DEGRADED = tr("中心数据库连不上（应急叫号中），暂不能修改叫号设置")
_ADMIN_WRITES = frozenset(
    {"save_category", "save_window", "set_options", "set_kiosk_pin", "set_rating_windows"}
)
_WINDOW_WRITES = frozenset({"open_window", "pause_window", "resume_window", "close_window"})
_NOT_ROUTED = frozenset(
    {"watch_database", "reconnect", "degraded", "reserved_slot", "central_down"}
)


def _routed(name: str, method: Callable[..., object]) -> Callable[..., object]:
    """Run on the central; when it cannot be reached, go degraded and run here instead."""

    @functools.wraps(method)
    def wrapper(self: QueueService, *args: object, **kwargs: object) -> object:
        route = self._route
        if route is None or not route.hall:
            return method(self, *args, **kwargs)
        if route.degraded and name in _ADMIN_WRITES:
            raise CounterError(_NO_SETTINGS_WHILE_DEGRADED)
        try:
            result = method(self, *args, **kwargs)
        except CONNECTION_ERRORS as exc:
            if route.degraded:
                raise
            route.went_down(exc)
            if name in _ADMIN_WRITES:
                raise CounterError(_NO_SETTINGS_WHILE_DEGRADED) from exc
            return method(self, *args, **kwargs)
        if name in _ADMIN_WRITES or name in _WINDOW_WRITES:
            route.stale()  # this PC's copy of the windows and categories: refresh it
        return result

    return wrapper


for _name, _member in list(vars(QueueService).items()):
    if not _name.startswith("_") and callable(_member) and _name not in _NOT_ROUTED:
        setattr(QueueService, _name, _routed(_name, _member))
