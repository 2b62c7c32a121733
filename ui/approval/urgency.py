"""How urgency and personal data look in the case lists: colours, labels, masked names."""

from __future__ import annotations

from PySide6.QtGui import QColor

from counter_app.cases.rules.approval import Urgency
from counter_app.i18n import tr
from counter_app.identity.masking import mask_name

URGENCY_LABELS: dict[Urgency, str] = {
    Urgency.OVERDUE: tr("已超期"),
    Urgency.SOON: tr("即将到期"),
    Urgency.OK: tr("正常"),
    Urgency.NONE: tr("暂停计时"),
}
# Red for overdue, amber for due within 2 working days (UX.md); text and a light background.
URGENCY_TEXT: dict[Urgency, QColor] = {
    Urgency.OVERDUE: QColor("#b00020"),
    Urgency.SOON: QColor("#8a5a00"),
}
URGENCY_BACKGROUND: dict[Urgency, QColor] = {
    Urgency.OVERDUE: QColor("#fdecea"),
    Urgency.SOON: QColor("#fff3d6"),
}
URGENCY_ORDER: dict[Urgency, int] = {
    Urgency.OVERDUE: 0,
    Urgency.SOON: 1,
    Urgency.OK: 2,
    Urgency.NONE: 3,
}


def masked_applicant(name: str, kind: str) -> str:
    """A person's name masked for lists (R-DATA-3); an organisation's name is public."""
    return name.strip() if kind == "organisation" else mask_name(name.strip())
