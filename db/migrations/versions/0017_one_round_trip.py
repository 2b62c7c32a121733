"""call next in one round trip, set-based apply on the central, typed pull pages

Everywhere: ``ix_queue_ticket_at_window`` (window_no, state, called_at), the index the
lookup of a window's current ticket needs. On PostgreSQL: ``queue_call_next`` (finish the
window's ticket and call the next in one statement: db/sync/central_queue.py) and the sync
functions that apply a batch one statement per table and hand pages out as typed rows
(db/sync/central_bulk.py). See docs/decisions/0018.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from alembic import op

from db.sync import central_bulk, central_queue

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        central_queue.INDEX, "queue_ticket", ["window_no", "state", "called_at"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_queue.FUNCTION)
        op.execute(central_bulk.UPGRADE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_bulk.DOWNGRADE)
        op.execute(central_queue.DROP)
    op.drop_index(central_queue.INDEX, table_name="queue_ticket")
