"""sync: the outbox on every database; on PostgreSQL the central's sync tables and functions

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base
from db.sync import central_sql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The shared tables as of this revision: name, primary key, its SQL type, direction, columns
# each PC keeps for itself.
_SHARED = [
    ("setting", "key", "varchar", "both", []),
    ("staff", "id", "uuid", "both", ["failed_logins", "locked_until"]),
    ("catalog_item", "id", "uuid", "both", []),
    ("catalog_item_version", "id", "uuid", "both", []),
    ("bundle", "id", "uuid", "both", []),
    ("info_entry", "id", "uuid", "both", []),
    ("holiday_override", "day", "date", "both", []),
    ("holiday_year", "year", "integer", "both", []),
    ("applicant", "id", "uuid", "both", []),
    ("cases", "id", "uuid", "both", []),
    ("case_item", "id", "uuid", "both", []),
    ("case_material", "id", "uuid", "both", []),
    ("case_event", "id", "uuid", "both", []),
    ("case_pause", "id", "uuid", "both", []),
    ("payment", "id", "uuid", "both", []),
    ("document_issue", "id", "uuid", "both", []),
    ("case_decision", "id", "uuid", "both", []),
    ("case_extension", "id", "uuid", "both", []),
    ("delivery", "id", "uuid", "both", []),
    ("printer", "id", "uuid", "push", []),
    ("print_job", "id", "uuid", "push", ["payload"]),
]


def upgrade() -> None:
    op.create_table(
        "sync_change",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=True),
        sa.Column("tbl", sa.String(length=40), nullable=False),
        sa.Column("pk", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_change")),
    )
    op.create_index(
        "ix_sync_change_unstamped",
        "sync_change",
        ["seq"],
        unique=False,
        sqlite_where=sa.text("op_id IS NULL"),
        postgresql_where=sa.text("op_id IS NULL"),
    )
    op.create_index("ix_sync_change_op_id", "sync_change", ["op_id"], unique=False)
    op.create_table(
        "sync_capture",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("paused", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_capture")),
    )
    op.execute("INSERT INTO sync_capture (id, paused) VALUES (1, 1)")
    op.create_table(
        "sync_parked",
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_sync_parked")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_sql.TABLES)
        for position, (name, pk, pk_type, direction, local) in enumerate(_SHARED):
            op.get_bind().execute(
                sa.text(
                    "INSERT INTO sync_table (tbl, position, pk, pk_type, direction, "
                    "local_columns) VALUES (:t, :p, :pk, :ty, :d, :l)"
                ),
                {"t": name, "p": position, "pk": pk, "ty": pk_type, "d": direction, "l": local},
            )
        op.execute(
            "UPDATE sync_table SET state_column = 'status', history_table = 'case_event', "
            "history_key = 'case_id', history_from = 'from_status', history_to = 'to_status' "
            "WHERE tbl = 'cases'"
        )
        op.execute(central_sql.FUNCTIONS)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(central_sql.DROP)
    else:
        from db.sync.capture import drop_triggers

        drop_triggers(bind)
    op.drop_table("sync_parked")
    op.drop_table("sync_capture")
    op.drop_index("ix_sync_change_op_id", table_name="sync_change")
    op.drop_index("ix_sync_change_unstamped", table_name="sync_change")
    op.drop_table("sync_change")
