"""Typed models. Import this package to register every table on ``Base.metadata``."""

from db.models.audit import AuditHead, AuditLog
from db.models.catalog import CatalogItem, CatalogItemVersion
from db.models.info import InfoEntry
from db.models.settings import Setting
from db.models.staff import Staff

__all__ = [
    "AuditHead",
    "AuditLog",
    "CatalogItem",
    "CatalogItemVersion",
    "InfoEntry",
    "Setting",
    "Staff",
]
