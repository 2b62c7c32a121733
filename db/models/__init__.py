"""Typed models. Import this package to register every table on ``Base.metadata``."""

import db.models.integrity
import db.models.printing
import db.models.queue
import db.models.supervision  # noqa: F401
from db.models.approval import CaseDecision, CaseExtension
from db.models.audit import AuditHead, AuditLog
from db.models.catalog import CatalogItem, CatalogItemVersion
from db.models.delivery import Delivery
from db.models.info import InfoEntry
from db.models.reception import (
    Applicant,
    Bundle,
    Case,
    CaseEvent,
    CaseItem,
    CaseMaterial,
    CasePause,
    DailyCounter,
    DocumentIssue,
    HolidayOverride,
    HolidayYear,
    Payment,
)
from db.models.settings import Setting
from db.models.staff import LoginEvent, Staff
from db.models.sync import SyncCapture, SyncChange, SyncParked

__all__ = [
    "Applicant",
    "AuditHead",
    "AuditLog",
    "Bundle",
    "Case",
    "CaseDecision",
    "CaseEvent",
    "CaseExtension",
    "CaseItem",
    "CaseMaterial",
    "CasePause",
    "CatalogItem",
    "CatalogItemVersion",
    "DailyCounter",
    "Delivery",
    "DocumentIssue",
    "HolidayOverride",
    "HolidayYear",
    "InfoEntry",
    "LoginEvent",
    "Payment",
    "Setting",
    "Staff",
    "SyncCapture",
    "SyncChange",
    "SyncParked",
]
