"""central authority: protected tables change only with an administrator's own account

On PostgreSQL: ``sync_table.protected``, the founding window in ``sync_meta``, the
``sync_security_event`` table, the ``ipc_administrators`` group and the guarded sync functions
(db/sync/central_authority.py). Nothing changes on SQLite.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

from db.sync import central_authority

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_authority.TABLES)
        op.execute(central_authority.FUNCTIONS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_authority.DOWNGRADE)
