"""Which tables the hall shares, and how.

``both``: every counter sends its changes and receives everyone's (cases and their records,
applicants, the catalogue, staff, bundles, information pages, holidays, hall settings).
``push``: sent to the central for the record, never handed to other counters (printers and
print jobs belong to one PC). Everything else (audit chain, daily number counters, queue,
sync bookkeeping) stays local.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy import Delete, Select, Table

import db.models  # noqa: F401  (registers every table)
from db.base import Base

S = TypeVar("S", Select[Any], Delete)


@dataclass(frozen=True)
class SyncedTable:
    name: str
    direction: str = "both"  # both | push
    # Columns kept per PC: never sent, never overwritten by a pull (sent as ``blank`` on insert).
    local_columns: dict[str, Any] = field(default_factory=dict)
    # Only the rows whose column has this value are shared (settings: scope = 'hall').
    shared_only: tuple[str, str] | None = None
    # Changed at the central only with an administrator's own account (central_authority.py).
    protected: bool = False

    @cached_property
    def table(self) -> Table:
        return Base.metadata.tables[self.name]

    @cached_property
    def pk(self) -> str:
        (column,) = self.table.primary_key.columns
        return str(column.name)

    def shared(self, statement: S) -> S:
        """``statement`` (a select or delete of this table) narrowed to the shared rows."""
        if self.shared_only is None:
            return statement
        column, value = self.shared_only
        return statement.where(self.table.c[column] == value)

    def shared_sql(self, row: str) -> str:
        """The same condition in SQL, on ``row`` (a trigger's NEW or OLD); "" for every row."""
        if self.shared_only is None:
            return ""
        column, value = self.shared_only
        return f"{row}.\"{column}\" = '{value}'"


# Parents before children: the order a full snapshot is sent in.
SYNCED: tuple[SyncedTable, ...] = (
    SyncedTable("setting", shared_only=("scope", "hall"), protected=True),
    SyncedTable("staff", local_columns={"failed_logins": 0, "locked_until": None}, protected=True),
    SyncedTable("login_event"),  # the hall-wide lockout: failures counted wherever they happen
    SyncedTable("catalog_item", protected=True),
    SyncedTable("catalog_item_version", protected=True),
    SyncedTable("bundle", protected=True),
    SyncedTable("info_entry", protected=True),
    SyncedTable("holiday_override", protected=True),
    SyncedTable("holiday_year", protected=True),
    SyncedTable("applicant"),
    SyncedTable("cases"),
    SyncedTable("case_item"),
    SyncedTable("case_material"),
    SyncedTable("case_event"),
    SyncedTable("case_pause"),
    SyncedTable("payment"),
    SyncedTable("document_issue"),
    SyncedTable("case_decision"),
    SyncedTable("case_extension"),
    SyncedTable("delivery"),
    SyncedTable("evaluation"),
    SyncedTable("evaluation_followup"),
    SyncedTable("supervision_step"),
    SyncedTable("complaint"),
    SyncedTable("training_record"),
    SyncedTable("staff_merit"),
    SyncedTable("improvement_report"),
    SyncedTable("improvement_action"),
    SyncedTable("survey"),
    SyncedTable("survey_answer"),
    SyncedTable("integrity_record"),
    SyncedTable("printer", direction="push"),
    SyncedTable("print_job", direction="push", local_columns={"payload": b""}),
)

BY_NAME = {t.name: t for t in SYNCED}
PULLED = tuple(t for t in SYNCED if t.direction == "both")

# Columns every counter may write without a conflict check: versions and stamps.
META_COLUMNS = frozenset({"row_version", "updated_at"})
