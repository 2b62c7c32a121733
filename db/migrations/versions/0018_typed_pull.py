"""pull pages in SQLite's stored form; push numbering in the bulk statement

On PostgreSQL: ``sync_pull_rows`` (db/sync/central_pull.py), the pages of ``sync_pull`` as
rows of text in the form SQLite stores, granted to every account that may call
``sync_pull``; ``sync_apply_bulk`` numbers a batch's last run of inserts as it writes them
(db/sync/central_push.py). Nothing changes on SQLite. See docs/decisions/0019.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

from alembic import op

from db.sync import central_pull, central_push

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_pull.UPGRADE)
        op.execute(central_push.UPGRADE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_push.DOWNGRADE)
        op.execute(central_pull.DOWNGRADE)
