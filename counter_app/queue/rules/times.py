"""Times per ticket, window and staff (R-Q-5), from the queue log alone (no I/O).

A *visit* is one ticket at one window: from its call (or call-back) to the event that ends it
there (finish, no-show, hold, transfer). Its wait is counted from the issue for the first
visit and from the transfer for a later one; its service from "start" (or the call when staff
finished without pressing start) to the end.
"""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from counter_app.queue.rules.tickets import EventKind

_K = EventKind
_OPENS = frozenset({_K.CALL, _K.CALL_BACK})
_ENDS = frozenset({_K.FINISH, _K.NO_SHOW, _K.HOLD, _K.TRANSFER})


@dataclass(frozen=True)
class LogLine:
    ticket_id: uuid.UUID
    number: str
    kind: EventKind
    at: datetime
    window: str
    staff: str


@dataclass(frozen=True)
class Visit:
    ticket_id: uuid.UUID
    number: str
    window: str
    staff: str
    queued_at: datetime
    called_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    outcome: EventKind | None

    @property
    def wait_seconds(self) -> float:
        return (self.called_at - self.queued_at).total_seconds()

    @property
    def service_seconds(self) -> float | None:
        if self.ended_at is None or self.outcome is not _K.FINISH:
            return None
        return (self.ended_at - (self.started_at or self.called_at)).total_seconds()


@dataclass(frozen=True)
class TimesSummary:
    window: str
    staff: str
    served: int
    no_shows: int
    wait_median_min: float | None
    service_median_min: float | None


def _visits_of(lines: list[LogLine]) -> list[Visit]:
    visits: list[Visit] = []
    queued = lines[0].at
    open_: dict[str, object] | None = None
    for line in lines:
        if line.kind is _K.ISSUE or line.kind is _K.REQUEUE:
            queued = line.at
        elif line.kind in _OPENS:
            open_ = {"window": line.window, "staff": line.staff, "called": line.at, "start": None}
        elif line.kind is _K.START and open_ is not None:
            open_["start"] = line.at
        elif line.kind in _ENDS and open_ is not None:
            visits.append(_visit(line, open_, queued, line.at, line.kind))
            open_ = None
            if line.kind is _K.TRANSFER:
                queued = line.at
    if open_ is not None:
        visits.append(_visit(lines[-1], open_, queued, None, None))
    return visits


def _visit(
    line: LogLine,
    open_: dict[str, object],
    queued: datetime,
    end: datetime | None,
    outcome: EventKind | None,
) -> Visit:
    start = open_["start"]
    called = open_["called"]
    assert isinstance(called, datetime)
    return Visit(
        ticket_id=line.ticket_id,
        number=line.number,
        window=str(open_["window"]),
        staff=str(open_["staff"]),
        queued_at=queued,
        called_at=called,
        started_at=start if isinstance(start, datetime) else None,
        ended_at=end,
        outcome=outcome,
    )


def visits(lines: list[LogLine]) -> list[Visit]:
    """Every visit in ``lines`` (any order), grouped by ticket, in time order."""
    by_ticket: dict[uuid.UUID, list[LogLine]] = defaultdict(list)
    for line in sorted(lines, key=lambda x: x.at):
        by_ticket[line.ticket_id].append(line)
    out: list[Visit] = []
    for group in by_ticket.values():
        out += _visits_of(group)
    return sorted(out, key=lambda v: v.called_at)


def _median_minutes(values: list[float]) -> float | None:
    return round(statistics.median(values) / 60, 1) if values else None


def summarise(all_visits: list[Visit]) -> list[TimesSummary]:
    """Per (window, staff): served, no-shows, median wait and service in minutes."""
    groups: dict[tuple[str, str], list[Visit]] = defaultdict(list)
    for visit in all_visits:
        groups[(visit.window, visit.staff)].append(visit)
    out = []
    for (window, staff), group in sorted(groups.items(), key=lambda g: (int(g[0][0]), g[0][1])):
        services = [s for v in group if (s := v.service_seconds) is not None]
        out.append(
            TimesSummary(
                window=window,
                staff=staff,
                served=len(services),
                no_shows=sum(1 for v in group if v.outcome is _K.NO_SHOW),
                wait_median_min=_median_minutes([v.wait_seconds for v in group]),
                service_median_min=_median_minutes(services),
            )
        )
    return out
