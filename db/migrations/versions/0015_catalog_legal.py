"""catalog_item_version: the kind of act an item is in law and the articles its notices cite
(acceptance, refusal decision), its handling period when it is not a licence, and the fields
still to confirm locally (待核实)

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_TEXT = ("acceptance_basis", "decision_basis", "handling_note")


def upgrade() -> None:
    with op.batch_alter_table("catalog_item_version") as batch:
        batch.add_column(sa.Column("legal_kind", sa.String(16), nullable=False, server_default=""))
        for name in _TEXT:
            batch.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("to_confirm", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("catalog_item_version") as batch:
        for name in ("to_confirm", *_TEXT, "legal_kind"):
            batch.drop_column(name)
