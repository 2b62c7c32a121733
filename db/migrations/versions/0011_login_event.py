"""login events: failed logins and resets shared by the hall, for a hall-wide lockout

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("counter", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_event")),
    )
    op.create_index("ix_login_event_username_at", "login_event", ["username", "at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "INSERT INTO sync_table (tbl, position, pk, pk_type, direction, local_columns) "
            "VALUES ('login_event', 21, 'id', 'uuid', 'both', '{}')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DELETE FROM sync_row WHERE tbl = 'login_event'")
        op.execute("DELETE FROM sync_table WHERE tbl = 'login_event'")
    op.drop_index("ix_login_event_username_at", table_name="login_event")
    op.drop_table("login_event")
