"""supervision: evaluations and their follow-up, complaints, training, reward/punishment,
improvement reports, surveys and the integrity file; on the central, the intake guard

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base
from db.sync import central_intake

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaint",
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("about_window", sa.String(length=3), nullable=False),
        sa.Column("about_staff", sa.String(length=32), nullable=False),
        sa.Column("about_case_id", sa.Uuid(), nullable=True),
        sa.Column("about_item", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("received_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("registered_by", sa.String(length=32), nullable=False),
        sa.Column("handler", sa.String(length=32), nullable=False),
        sa.Column("finding", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("cause", sa.String(length=16), nullable=False),
        sa.Column("upheld", sa.Boolean(), nullable=True),
        sa.Column("reply_method", sa.String(length=12), nullable=False),
        sa.Column("reply_text", sa.Text(), nullable=False),
        sa.Column("replied_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("archived_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("device", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint")),
        sa.UniqueConstraint("number", name=op.f("uq_complaint_number")),
    )
    op.create_index(
        op.f("ix_complaint_business_date"), "complaint", ["business_date"], unique=False
    )
    op.create_index("ix_complaint_state_due", "complaint", ["state", "due_date"], unique=False)
    op.create_table(
        "evaluation",
        sa.Column("service_key", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("rated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("window_no", sa.String(length=3), nullable=False),
        sa.Column("staff", sa.String(length=32), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=True),
        sa.Column("ticket_number", sa.String(length=12), nullable=False),
        sa.Column("case_ids", sa.JSON(), nullable=False),
        sa.Column("item_no", sa.Integer(), nullable=True),
        sa.Column("rater_name", sa.String(length=40), nullable=False),
        sa.Column("rater_phone", sa.String(length=20), nullable=False),
        sa.Column("device", sa.String(length=16), nullable=False),
        sa.Column("batch", sa.String(length=40), nullable=False),
        sa.Column("rater_org", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_evaluation_level")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation")),
        sa.UniqueConstraint("service_key", name=op.f("uq_evaluation_service_key")),
    )
    op.create_index("ix_evaluation_business_date", "evaluation", ["business_date"], unique=False)
    op.create_index(
        "ix_evaluation_staff_date", "evaluation", ["staff", "business_date"], unique=False
    )
    op.create_index(op.f("ix_evaluation_ticket_id"), "evaluation", ["ticket_id"], unique=False)
    op.create_table(
        "evaluation_followup",
        sa.Column("evaluation_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("handler", sa.String(length=32), nullable=False),
        sa.Column("rectify_mode", sa.String(length=12), nullable=False),
        sa.Column("rectify_due", sa.Date(), nullable=True),
        sa.Column("appeal_state", sa.String(length=12), nullable=False),
        sa.Column("appeal_by", sa.String(length=32), nullable=False),
        sa.Column("appeal_reason", sa.Text(), nullable=False),
        sa.Column("appeal_decided_by", sa.String(length=32), nullable=False),
        sa.Column("closed_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_followup")),
        sa.UniqueConstraint("evaluation_id", name=op.f("uq_evaluation_followup_evaluation_id")),
    )
    op.create_index(
        op.f("ix_evaluation_followup_due_date"), "evaluation_followup", ["due_date"], unique=False
    )
    op.create_table(
        "improvement_action",
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("done_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=32), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_action")),
    )
    op.create_index(
        op.f("ix_improvement_action_report_id"), "improvement_action", ["report_id"], unique=False
    )
    op.create_table(
        "improvement_report",
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("analysis", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=32), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_report")),
        sa.UniqueConstraint("period", name=op.f("uq_improvement_report_period")),
    )
    op.create_table(
        "integrity_record",
        sa.Column("subject_kind", sa.String(length=12), nullable=False),
        sa.Column("subject_name", sa.String(length=100), nullable=False),
        sa.Column("subject_code", sa.String(length=30), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("source_doc", sa.String(length=120), nullable=False),
        sa.Column("authority", sa.String(length=100), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=True),
        sa.Column("repair", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrity_record")),
    )
    op.create_index(
        op.f("ix_integrity_record_subject_code"), "integrity_record", ["subject_code"], unique=False
    )
    op.create_table(
        "staff_merit",
        sa.Column("staff", sa.String(length=32), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("basis", sa.JSON(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=32), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_merit")),
    )
    op.create_index(op.f("ix_staff_merit_staff"), "staff_merit", ["staff"], unique=False)
    op.create_table(
        "supervision_step",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=12), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=32), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_step")),
    )
    op.create_index(
        "ix_supervision_step_subject", "supervision_step", ["subject_id", "at"], unique=False
    )
    op.create_table(
        "survey",
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey")),
    )
    op.create_table(
        "survey_answer",
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("device", sa.String(length=16), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
    )
    op.create_index(
        op.f("ix_survey_answer_survey_id"), "survey_answer", ["survey_id"], unique=False
    )
    op.create_table(
        "training_record",
        sa.Column("staff", sa.String(length=32), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("provider", sa.String(length=100), nullable=False),
        sa.Column("entered_by", sa.String(length=32), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_record")),
    )
    op.create_index(op.f("ix_training_record_staff"), "training_record", ["staff"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_intake.UPGRADE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(central_intake.DOWNGRADE)
    op.drop_index(op.f("ix_training_record_staff"), table_name="training_record")
    op.drop_table("training_record")
    op.drop_index(op.f("ix_survey_answer_survey_id"), table_name="survey_answer")
    op.drop_table("survey_answer")
    op.drop_table("survey")
    op.drop_index("ix_supervision_step_subject", table_name="supervision_step")
    op.drop_table("supervision_step")
    op.drop_index(op.f("ix_staff_merit_staff"), table_name="staff_merit")
    op.drop_table("staff_merit")
    op.drop_index(op.f("ix_integrity_record_subject_code"), table_name="integrity_record")
    op.drop_table("integrity_record")
    op.drop_table("improvement_report")
    op.drop_index(op.f("ix_improvement_action_report_id"), table_name="improvement_action")
    op.drop_table("improvement_action")
    op.drop_index(op.f("ix_evaluation_followup_due_date"), table_name="evaluation_followup")
    op.drop_table("evaluation_followup")
    op.drop_index(op.f("ix_evaluation_ticket_id"), table_name="evaluation")
    op.drop_index("ix_evaluation_staff_date", table_name="evaluation")
    op.drop_index("ix_evaluation_business_date", table_name="evaluation")
    op.drop_table("evaluation")
    op.drop_index("ix_complaint_state_due", table_name="complaint")
    op.drop_index(op.f("ix_complaint_business_date"), table_name="complaint")
    op.drop_table("complaint")
