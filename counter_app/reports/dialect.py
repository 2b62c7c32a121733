"""The few SQL fragments that differ between SQLite and PostgreSQL, and the parameters.

Durations are whole seconds (rounded on both engines, so the medians agree); a local day or
hour is a UTC moment moved by the hall's offset (China has no summer time). Percentiles are
``percentile_cont``'s linear interpolation, computed the same way on both engines from value
histograms and running counts — see ``percentiles``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, TextClause, bindparam, text

from db import visits as derived
from db.base import UTCDateTime

# Log kinds (counter_app/queue/rules/tickets.py EventKind) as SQL lists.
WINDOW_ON = "('window_open', 'window_resume')"
WINDOW_STATES = "('window_open', 'window_resume', 'window_pause', 'window_close')"


@dataclass(frozen=True)
class Dialect:
    name: str  # sqlite | postgresql
    offset: timedelta  # the hall's offset from UTC

    @property
    def pg(self) -> bool:
        return self.name == "postgresql"

    @property
    def _minutes(self) -> int:
        return int(self.offset.total_seconds() // 60)

    def secs(self, end: str, start: str) -> str:
        """``end - start`` in whole seconds (NULL if either is NULL)."""
        return derived.secs(self.pg, end, start)

    def local(self, moment: str) -> str:
        if self.pg:
            return f"(({moment}) AT TIME ZONE 'UTC' + INTERVAL '{self._minutes} minutes')"
        return f"datetime({moment}, '{self._minutes:+d} minutes')"

    def local_day(self, moment: str) -> str:
        if self.pg:
            return f"CAST({self.local(moment)} AS DATE)"
        return f"date({moment}, '{self._minutes:+d} minutes')"

    def local_hour(self, moment: str) -> str:
        if self.pg:
            return f"CAST(EXTRACT(HOUR FROM {self.local(moment)}) AS INTEGER)"
        return f"CAST(strftime('%H', {moment}, '{self._minutes:+d} minutes') AS INTEGER)"

    def as_text(self, value: str) -> str:
        return f"CAST({value} AS VARCHAR)" if self.pg else f"CAST({value} AS TEXT)"

    def window_categories(self) -> str:
        """(w, c): each active window with each category it calls."""
        if self.pg:
            return (
                "SELECT qw.number AS w, j.c AS c FROM queue_window qw "
                "CROSS JOIN LATERAL json_array_elements_text(qw.categories) AS j(c) "
                "WHERE qw.active AND NOT qw.deleted"
            )
        return (
            "SELECT qw.number AS w, j.value AS c FROM queue_window qw, json_each(qw.categories) j "
            "WHERE qw.active AND NOT qw.deleted"
        )

    def percentiles(self, vals: str) -> str:
        """SELECT k, m, n, p50, p90 FROM ``vals`` (a CTE name with columns k, m, v)."""
        return self.percentiles_of_histogram(
            f"(SELECT k, m, v, COUNT(*) AS c FROM {vals} GROUP BY k, m, v)"
        )

    def percentiles_of_histogram(self, hist: str) -> str:
        """SELECT k, m, n, p50, p90 from ``hist`` (rows k, m, v, c: c values equal to v):
        ``percentile_cont`` computed the same way on both engines. Equal values are counted
        once (durations are whole seconds: a year of waits has a few thousand distinct values
        per group; PostgreSQL's own percentile_cont sorted every value and took twice as
        long), then running counts: the value at rank r is the one whose run of ranks
        [hi - c + 1, hi] holds r."""
        return (
            "SELECT k, m, MAX(n) AS n, "
            f"{_interpolated(1, 2)} AS p50, {_interpolated(9, 10)} AS p90 FROM ("
            "SELECT k, m, v, c, CAST(SUM(c) OVER (PARTITION BY k, m ORDER BY v "
            "ROWS UNBOUNDED PRECEDING) AS BIGINT) AS hi, "
            "CAST(SUM(c) OVER (PARTITION BY k, m) AS BIGINT) AS n "
            f"FROM {hist} h) ranked GROUP BY k, m"
        )


def _interpolated(num: int, den: int) -> str:
    """percentile_cont(num/den) over ranked runs: position 1 + (n-1)·p, linear between the
    ranks on either side (integer arithmetic, so exact on SQLite)."""
    lo = f"(1 + ((n - 1) * {num}) / {den})"
    frac = f"((((n - 1) * {num}) % {den}) * 1.0 / {den})"
    return (
        f"SUM(CASE WHEN {lo} BETWEEN hi - c + 1 AND hi THEN v * (1 - {frac}) ELSE 0 END) + "
        f"SUM(CASE WHEN {lo} + 1 BETWEEN hi - c + 1 AND hi AND {frac} > 0 "
        f"THEN v * {frac} ELSE 0 END)"
    )


def dialect_of(conn_dialect_name: str, offset: timedelta) -> Dialect:
    return Dialect("postgresql" if conn_dialect_name == "postgresql" else "sqlite", offset)


def query(sql: str, **params: Any) -> TextClause:
    """``text(sql)`` with dates bound as dates on both engines."""
    clause = text(sql)
    params = {k: v for k, v in params.items() if f":{k}" in sql}
    binds = [
        bindparam(k, v, type_=UTCDateTime() if isinstance(v, datetime) else Date())
        for k, v in params.items()
        if isinstance(v, date)
    ]
    others = {k: v for k, v in params.items() if not isinstance(v, date)}
    return clause.bindparams(*binds, **others)
