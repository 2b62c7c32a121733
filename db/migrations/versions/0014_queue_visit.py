"""queue_visit: the queue's visits kept as a table (one row per ticket and call), derived from
queue_event by a trigger that marks the ticket and a refresh run before figures are read
(db/visits.py, docs/decisions/0015); every ticket already logged is marked for the first
refresh; an index on case_decision.decided_at for the reports' decisions of a period

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base
from db import visits

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    moment = db.base.UTCDateTime(timezone=True)
    op.create_table(
        "queue_visit",
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("vno", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("window_no", sa.String(length=3), nullable=False),
        sa.Column("staff", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("queued_at", moment, nullable=True),
        sa.Column("called_at", moment, nullable=True),
        sa.Column("started_at", moment, nullable=True),
        sa.Column("ended_at", moment, nullable=True),
        sa.Column("recalls", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("served", sa.Integer(), nullable=False),
        sa.Column("no_show", sa.Integer(), nullable=False),
        sa.Column("wait_s", sa.Double(), nullable=True),
        sa.Column("service_s", sa.Double(), nullable=True),
        sa.Column("walk_s", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("ticket_id", "vno", name=op.f("pk_queue_visit")),
    )
    op.create_index("ix_queue_visit_day", "queue_visit", ["day"])
    op.create_index("ix_queue_visit_ticket", "queue_visit", ["ticket_id"])
    op.create_table(
        "queue_visit_dirty",
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_queue_visit_dirty")),
    )
    # Decisions of a period (reports) are found by their time.
    op.create_index(op.f("ix_case_decision_decided_at"), "case_decision", ["decided_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(visits.PG_UPGRADE)
        op.execute(visits.PG_GRANT_EXISTING)
    else:
        for trigger in visits.SQLITE_TRIGGERS:
            op.execute(trigger)
    op.execute(visits.MARK_ALL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(visits.PG_DOWNGRADE)
    else:
        for drop in visits.SQLITE_DROP:
            op.execute(drop)
    op.drop_index(op.f("ix_case_decision_decided_at"), table_name="case_decision")
    op.drop_table("queue_visit_dirty")
    op.drop_index("ix_queue_visit_ticket", table_name="queue_visit")
    op.drop_index("ix_queue_visit_day", table_name="queue_visit")
    op.drop_table("queue_visit")
