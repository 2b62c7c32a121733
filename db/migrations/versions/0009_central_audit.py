"""central audit: each PC's audit chain anchored at the central, and the central's own chain

Everywhere: ``sync_change.outside`` marks changes another program committed to this PC's
database (found unstamped before a push; the central refuses and records them).
On PostgreSQL: ``audit_anchor`` and ``central_audit`` (append-only), ``sync_anchor`` and
``sync_anchors`` for counters, and the sync functions recording security-relevant acts
(db/sync/central_audit.py).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.sync import central_audit

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch rebuild would trip the capture triggers naming the table.
    op.add_column(
        "sync_change",
        sa.Column("outside", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_audit.TABLES)
        op.execute(central_audit.FUNCTIONS)
        op.execute(central_audit.RECORDING)
        op.execute(central_audit.NEW_EPOCH)
        op.execute(central_audit.APPLY_COMMAND)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_audit.DOWNGRADE)
    op.execute("ALTER TABLE sync_change DROP COLUMN outside")
