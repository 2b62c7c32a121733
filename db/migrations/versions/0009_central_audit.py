"""central audit: each PC's audit chain anchored at the central, and the central's own chain

On PostgreSQL: ``audit_anchor`` and ``central_audit`` (append-only), ``sync_anchor`` and
``sync_anchors`` for counters, and the sync functions recording security-relevant acts
(db/sync/central_audit.py). Nothing changes on SQLite.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

from db.sync import central_audit

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_audit.TABLES)
        op.execute(central_audit.FUNCTIONS)
        op.execute(central_audit.RECORDING)
        op.execute(central_audit.NEW_EPOCH)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_audit.DOWNGRADE)
