"""applicant.id_type wide enough for every ID type ("foreign_permanent_residence" is 27)

SQLite never enforced the old VARCHAR(24); PostgreSQL did, so a central refused such an
applicant. On SQLite the table is rebuilt (batch mode); db.migrate runs migrations with foreign
keys off and checks them before the commit.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _alter(old: int, new: int) -> None:
    with op.batch_alter_table("applicant") as batch:
        batch.alter_column(
            "id_type", existing_type=sa.String(length=old), type_=sa.String(length=new)
        )


def upgrade() -> None:
    _alter(24, 32)


def downgrade() -> None:
    _alter(32, 24)
