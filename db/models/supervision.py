"""Supervision records (standard clause 8): evaluations (好差评) and their follow-up,
complaints and consultations, staff training and reward/punishment, improvement reports with
their actions, satisfaction surveys. Every table is shared by the hall through the central.

The history of a follow-up or a complaint is the insert-only ``supervision_step`` log (who,
when, what); the parent row holds the current state.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed
from db.ids import new_uuid7, utc_now


class Evaluation(Keyed, Base):
    """One rating of one service (一次一评), or one imported survey answer (source third_party).

    ``service_key`` makes "one per service" a unique constraint: ``t:<ticket id>`` for a
    ticket, ``c:<case id>`` for a case served without a ticket, ``x:<batch>:<ref>`` for an
    imported row. ``level`` is 5 非常满意 .. 1 非常不满意. The rater's name and phone are
    optional (real-name reviews) and never shown to the staff rated."""

    __tablename__ = "evaluation"
    __table_args__ = (
        Index("ix_evaluation_business_date", "business_date"),
        Index("ix_evaluation_staff_date", "staff", "business_date"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level"),
    )

    service_key: Mapped[str] = mapped_column(String(80), unique=True)
    source: Mapped[str] = mapped_column(String(12))
    level: Mapped[int]
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    comment: Mapped[str] = mapped_column(Text, default="")
    business_date: Mapped[date] = mapped_column(Date)
    rated_at: Mapped[datetime] = mapped_column(default=utc_now)
    window_no: Mapped[str] = mapped_column(String(3), default="")
    staff: Mapped[str] = mapped_column(String(32), default="")
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    ticket_number: Mapped[str] = mapped_column(String(12), default="")
    case_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    item_no: Mapped[int | None] = mapped_column(default=None)
    rater_name: Mapped[str] = mapped_column(String(40), default="")
    rater_phone: Mapped[str] = mapped_column(String(20), default="")
    device: Mapped[str] = mapped_column(String(16), default="")
    batch: Mapped[str] = mapped_column(String(40), default="")
    rater_org: Mapped[str] = mapped_column(String(100), default="")  # a third party's name


class EvaluationFollowup(Keyed, Base):
    """The rectification of a bad review: verify -> rectify -> feedback -> revisit -> closed;
    an appeal (misjudged or malicious review) is decided by a second supervisor."""

    __tablename__ = "evaluation_followup"

    evaluation_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    state: Mapped[str] = mapped_column(String(12), default="verify")
    opened_on: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    handler: Mapped[str] = mapped_column(String(32), default="")
    rectify_mode: Mapped[str] = mapped_column(String(12), default="")  # at_once|deadline|no_basis
    rectify_due: Mapped[date | None] = mapped_column(Date, default=None)
    appeal_state: Mapped[str] = mapped_column(String(12), default="")  # pending|upheld|rejected
    appeal_by: Mapped[str] = mapped_column(String(32), default="")
    appeal_reason: Mapped[str] = mapped_column(Text, default="")
    appeal_decided_by: Mapped[str] = mapped_column(String(32), default="")
    closed_at: Mapped[datetime | None] = mapped_column(default=None)


class Complaint(Keyed, Base):
    """A complaint, consultation, opinion or suggestion (7.1.3, 8.3, 8.4.1)."""

    __tablename__ = "complaint"
    __table_args__ = (Index("ix_complaint_state_due", "state", "due_date"),)

    number: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(12), default="complaint")
    channel: Mapped[str] = mapped_column(String(12))
    anonymous: Mapped[bool] = mapped_column(default=False)
    name: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    about_window: Mapped[str] = mapped_column(String(3), default="")
    about_staff: Mapped[str] = mapped_column(String(32), default="")
    about_case_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    about_item: Mapped[int | None] = mapped_column(default=None)
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="registered")
    business_date: Mapped[date] = mapped_column(Date, index=True)
    received_at: Mapped[datetime] = mapped_column(default=utc_now)
    due_date: Mapped[date] = mapped_column(Date)
    registered_by: Mapped[str] = mapped_column(String(32), default="")
    handler: Mapped[str] = mapped_column(String(32), default="")
    finding: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    cause: Mapped[str] = mapped_column(String(16), default="")
    upheld: Mapped[bool | None] = mapped_column(default=None)
    reply_method: Mapped[str] = mapped_column(String(12), default="")
    reply_text: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(default=None)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    case_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # turned into a case
    device: Mapped[str] = mapped_column(String(16), default="")


class SupervisionStep(Base):
    """One step of a follow-up, a complaint or an improvement action: insert-only."""

    __tablename__ = "supervision_step"
    __table_args__ = (Index("ix_supervision_step_subject", "subject_id", "at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    subject: Mapped[str] = mapped_column(String(12))  # followup | complaint | action | merit
    subject_id: Mapped[uuid.UUID]
    step: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(default=utc_now)
    text: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class TrainingRecord(Keyed, Base):
    __tablename__ = "training_record"

    staff: Mapped[str] = mapped_column(String(32), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(100))
    hours: Mapped[float] = mapped_column(Float)
    provider: Mapped[str] = mapped_column(String(100), default="")
    entered_by: Mapped[str] = mapped_column(String(32), default="")


class StaffMerit(Keyed, Base):
    """A reward or punishment decided from a period's assessment figures (8.1.2): the figures
    are copied from the assessment, never typed in."""

    __tablename__ = "staff_merit"

    staff: Mapped[str] = mapped_column(String(32), index=True)
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12))  # reward | punish | none
    basis: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    rule: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(32), default="")


class ImprovementReport(Keyed, Base):
    """A month's or quarter's improvement report (8.4.2): figures plus the analysis."""

    __tablename__ = "improvement_report"

    period: Mapped[str] = mapped_column(String(8), unique=True)  # 2026-11 | 2026-Q4
    analysis: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(32), default="")


class ImprovementAction(Keyed, Base):
    __tablename__ = "improvement_action"

    report_id: Mapped[uuid.UUID] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(32), default="")
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    state: Mapped[str] = mapped_column(String(8), default="open")  # open | done
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    done_by: Mapped[str] = mapped_column(String(32), default="")
    result: Mapped[str] = mapped_column(Text, default="")


class Survey(Keyed, Base):
    """A periodic satisfaction survey (5.1.8): questions set by a supervisor."""

    __tablename__ = "survey"

    title: Mapped[str] = mapped_column(String(100))
    questions: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[str] = mapped_column(String(32), default="")


class SurveyAnswer(Keyed, Base):
    __tablename__ = "survey_answer"

    survey_id: Mapped[uuid.UUID] = mapped_column(index=True)
    answers: Mapped[list[int]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(12), default="kiosk")
    device: Mapped[str] = mapped_column(String(16), default="")
    business_date: Mapped[date] = mapped_column(Date)
