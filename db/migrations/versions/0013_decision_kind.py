"""case_decision.kind holds 32 characters: 'returned_for_correction' (23) was refused by
PostgreSQL, so a return for correction pushed to the central was parked as a conflict

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite rebuilds the table (its sync triggers are put back by db.migrate at head).
    with op.batch_alter_table("case_decision") as batch:
        batch.alter_column("kind", existing_type=sa.String(16), type_=sa.String(32))


def downgrade() -> None:
    with op.batch_alter_table("case_decision") as batch:
        batch.alter_column("kind", existing_type=sa.String(32), type_=sa.String(16))
