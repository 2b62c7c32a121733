"""central roles: kiosks and boards pull only reference data; queue rows one at a time

On PostgreSQL: ``sync_pull`` filtered by the account's kind, triggers that refuse an update of
more than one queue row per statement and any change of the queue's log by an account that is
not an administrator's (db/sync/central_roles.py). Nothing changes on SQLite.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

from db.sync import central_roles

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_roles.PULL)
        op.execute(central_roles.GUARD)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_roles.DOWNGRADE)
