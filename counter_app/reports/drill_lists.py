"""The ratings and complaints behind a figure (drill_reviews.py), as ReportService methods:
the period's 评价数 / 满意率 / 投诉 / 投诉属实 of a row, today's open bad reviews and open
complaints. Supervisors and administrators; complainants masked unless a supervisor reveals
them (audited)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counter_app.core.roles import Actor, Role, require
from counter_app.reports import drill_reviews
from counter_app.reports.drill_reviews import ComplaintEntry, EvaluationRow
from counter_app.reports.rules.periods import check_range
from counter_app.reports.rules.views import TOTAL_KEY, By
from counter_app.reports.source import Reader


class ReviewLists:
    """Mixed into ReportService, which sets ``reader`` and ``_today`` and writes the audit."""

    reader: Reader
    _today: Callable[[], date]

    def audit(self, actor: Actor, action: str, entity_id: str, after: dict[str, object]) -> None:
        raise NotImplementedError

    def _check_viewer(self, actor: Actor) -> None:
        raise NotImplementedError

    def _view(self, by: By | str) -> By:
        raise NotImplementedError

    def evaluations(
        self,
        actor: Actor,
        start: date,
        end: date,
        by: By | str = By.WINDOW,
        key: str = TOTAL_KEY,
        measure: str | None = None,
        limit: int = 500,
    ) -> list[EvaluationRow]:
        """The ratings behind 评价数 / 满意率 of the row ``key`` (TOTAL_KEY: the totals row)
        of view ``by``; ``measure`` good (levels 4, 5) or bad (1, 2) keeps those only. Who
        rated is never read."""
        self._check_viewer(actor)
        check_range(start, end, allow_long=True)
        view = self._view(by)
        with self.reader.connect() as (conn, d, _source):
            return drill_reviews.evaluation_rows(conn, d, start, end, view, key, measure, limit)

    def complaints(
        self,
        actor: Actor,
        start: date,
        end: date,
        by: By | str = By.WINDOW,
        key: str = TOTAL_KEY,
        measure: str | None = None,
        reveal: bool = False,
        limit: int = 500,
    ) -> list[ComplaintEntry]:
        """The complaints behind 投诉 (``measure`` None) / 投诉属实 (``upheld``) of the row
        ``key`` of view ``by``; complainants masked unless a supervisor ``reveal``\\ s them
        (audited)."""
        self._check_viewer(actor)
        if reveal:
            require(actor, Role.SUPERVISOR)
        check_range(start, end, allow_long=True)
        view = self._view(by)
        with self.reader.connect() as (conn, d, _source):
            rows = drill_reviews.complaint_rows(
                conn, d, start, end, view, key, measure, limit, reveal
            )
        if reveal:
            self._audit_reveal(actor, f"{start}..{end}", view.value, key, rows)
        return rows

    def open_bad_reviews(
        self, actor: Actor, overdue_only: bool = False, limit: int = 500
    ) -> list[EvaluationRow]:
        """Today's 差评待整改: bad reviews whose follow-up is open (``overdue_only``: past its
        due date), the most urgent first."""
        self._check_viewer(actor)
        with self.reader.connect() as (conn, _d, _source):
            return drill_reviews.open_bad_reviews(conn, self._today(), overdue_only, limit)

    def open_complaints(
        self, actor: Actor, overdue_only: bool = False, reveal: bool = False, limit: int = 500
    ) -> list[ComplaintEntry]:
        """Today's 投诉未办结 (``overdue_only``: past the reply's due date), the most urgent
        first; complainants masked unless a supervisor ``reveal``\\ s them (audited)."""
        self._check_viewer(actor)
        if reveal:
            require(actor, Role.SUPERVISOR)
        day = self._today()
        with self.reader.connect() as (conn, _d, _source):
            rows = drill_reviews.open_complaints(conn, day, overdue_only, limit, reveal)
        if reveal:
            self._audit_reveal(actor, f"open@{day}", "open", TOTAL_KEY, rows)
        return rows

    def _audit_reveal(
        self, actor: Actor, entity_id: str, by: str, key: str, rows: list[ComplaintEntry]
    ) -> None:
        self.audit(
            actor,
            "report.reveal",
            entity_id,
            {"list": "complaints", "by": by, "key": key, "complaints": [r.number for r in rows]},
        )
