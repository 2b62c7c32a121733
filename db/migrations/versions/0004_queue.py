"""queue: categories, windows, per-day counters, tickets and the queue log

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base
from db.ids import new_uuid7, utc_now

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DEFAULT_CATEGORIES = (
    ("A", "专利"),
    ("B", "商标"),
    ("C", "版权"),
    ("D", "保护与维权"),
    ("E", "咨询"),
)


def _keyed() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def _categories() -> None:
    category = op.create_table(
        "queue_category",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("prefix", sa.String(length=1), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("daily_limit", sa.Integer(), nullable=True),
        sa.Column("service_minutes", sa.Integer(), nullable=False),
        *_keyed(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_category")),
        sa.UniqueConstraint("code", name=op.f("uq_queue_category_code")),
    )
    now = utc_now()
    op.bulk_insert(
        category,
        [
            {
                "id": new_uuid7(),
                "code": code,
                "name": name,
                "prefix": code,
                "active": True,
                "sort_order": index,
                "daily_limit": None,
                "service_minutes": 10,
                "row_version": 1,
                "created_at": now,
                "updated_at": now,
                "deleted": False,
            }
            for index, (code, name) in enumerate(DEFAULT_CATEGORIES)
        ],
    )


def _windows_and_counters() -> None:
    op.create_table(
        "queue_window",
        sa.Column("number", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("pause_reason", sa.String(length=80), nullable=False),
        sa.Column("staff", sa.String(length=32), nullable=False),
        sa.Column("led_address", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_keyed(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_window")),
        sa.UniqueConstraint("number", name=op.f("uq_queue_window_number")),
    )
    op.create_table(
        "queue_counter",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("prefix", sa.String(length=1), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("business_date", "prefix", name=op.f("pk_queue_counter")),
    )


def _events() -> None:
    op.create_table(
        "queue_event",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=True),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("category_code", sa.String(length=8), nullable=False),
        sa.Column("window_no", sa.String(length=3), nullable=False),
        sa.Column("staff", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_queue_event")),
    )
    with op.batch_alter_table("queue_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_queue_event_at"), ["at"], unique=False)
        batch_op.create_index("ix_queue_event_day_kind", ["business_date", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_queue_event_ticket_id"), ["ticket_id"], unique=False)


def _tickets() -> None:
    op.create_table(
        "queue_ticket",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("category_code", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("priority", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("place_key", sa.BigInteger(), nullable=False),
        sa.Column("window_no", sa.String(length=3), nullable=False),
        sa.Column("target_window", sa.String(length=3), nullable=False),
        sa.Column("recall_count", sa.Integer(), nullable=False),
        sa.Column("issued_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("first_called_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("called_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("service_started_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("called_by", sa.String(length=32), nullable=False),
        sa.Column("issued_by", sa.String(length=32), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        *_keyed(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_ticket")),
        sa.UniqueConstraint("business_date", "number", name="uq_queue_ticket_day_number"),
        sa.UniqueConstraint("request_id", name=op.f("uq_queue_ticket_request_id")),
    )
    with op.batch_alter_table("queue_ticket", schema=None) as batch_op:
        batch_op.create_index(
            "ix_queue_ticket_callable",
            ["business_date", "state", "target_window", "category_code", "place_key", "seq"],
            unique=False,
        )


def upgrade() -> None:
    _categories()
    _windows_and_counters()
    _events()
    _tickets()


def downgrade() -> None:
    with op.batch_alter_table("queue_ticket", schema=None) as batch_op:
        batch_op.drop_index("ix_queue_ticket_callable")
    op.drop_table("queue_ticket")
    with op.batch_alter_table("queue_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_queue_event_ticket_id"))
        batch_op.drop_index("ix_queue_event_day_kind")
        batch_op.drop_index(batch_op.f("ix_queue_event_at"))
    op.drop_table("queue_event")
    op.drop_table("queue_counter")
    op.drop_table("queue_window")
    op.drop_table("queue_category")
