"""printing: printers per PC and print jobs stored before they are sent

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _keyed_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def _create_printer() -> None:
    op.create_table(
        "printer",
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("url", sa.String(length=400), nullable=False),
        sa.Column("paper_mm", sa.Integer(), nullable=False),
        sa.Column("chinese_font", sa.Boolean(), nullable=False),
        sa.Column("boots_in_chinese_mode", sa.Boolean(), nullable=False),
        sa.Column("label_language", sa.String(length=8), nullable=False),
        sa.Column("label_template", sa.String(length=16), nullable=False),
        sa.Column("label_mode", sa.String(length=8), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        *_keyed_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_printer")),
        sa.UniqueConstraint("station", "name", name=op.f("uq_printer_station_name")),
    )
    with op.batch_alter_table("printer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_printer_station"), ["station"], unique=False)


def _create_print_job() -> None:
    op.create_table(
        "print_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("printer_id", sa.Uuid(), nullable=True),
        sa.Column("printer_name", sa.String(length=40), nullable=False),
        sa.Column("printer_url", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("auto_retry", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("ticket_id", sa.Uuid(), nullable=True),
        sa.Column("reprint_of", sa.Uuid(), nullable=True),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["printer_id"], ["printer.id"], name=op.f("fk_print_job_printer_id_printer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_job")),
    )
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_print_job_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            op.f("ix_print_job_printer_state"), ["printer_id", "state"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_print_job_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_job_station"), ["station"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_job_ticket_id"), ["ticket_id"], unique=False)


def upgrade() -> None:
    _create_printer()
    _create_print_job()


def downgrade() -> None:
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_print_job_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_print_job_station"))
        batch_op.drop_index(batch_op.f("ix_print_job_state"))
        batch_op.drop_index(op.f("ix_print_job_printer_state"))
        batch_op.drop_index(batch_op.f("ix_print_job_case_id"))
    op.drop_table("print_job")
    with op.batch_alter_table("printer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_printer_station"))
    op.drop_table("printer")
