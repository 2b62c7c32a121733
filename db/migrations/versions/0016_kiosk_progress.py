"""On the central: 查询办理进度 for hall kiosks, one masked answer per look-up with the tries
counted and limited by the central (db/sync/central_kiosk.py)

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

from alembic import op

from db.sync import central_kiosk

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_kiosk.UPGRADE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_kiosk.DOWNGRADE)
