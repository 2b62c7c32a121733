"""Complaints, consultations and suggestions (GB/T 36113-2018; standard 7.1.3, 8.3, 8.4.1):
accept -> assign -> investigate -> handle -> reply -> archive."""

from __future__ import annotations

from enum import StrEnum

from counter_app.i18n import tr


class Kind(StrEnum):
    COMPLAINT = "complaint"
    CONSULTATION = "consultation"
    SUGGESTION = "suggestion"  # opinions and suggestions (8.4.1)

    @property
    def label(self) -> str:
        return {"complaint": tr("投诉"), "consultation": tr("咨询"), "suggestion": tr("意见建议")}[
            self.value
        ]


class Channel(StrEnum):
    ONSITE = "onsite"
    LETTER = "letter"
    PHONE = "phone"
    ONLINE = "online"
    KIOSK = "kiosk"  # 现场自助: the kiosk's form

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]

    @property
    def written(self) -> bool:
        """Written complaints are answered in writing (a PDF letter)."""
        return self in (Channel.LETTER, Channel.ONLINE)


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.ONSITE: tr("现场"),
    Channel.LETTER: tr("信函"),
    Channel.PHONE: tr("电话"),
    Channel.ONLINE: tr("网上"),
    Channel.KIOSK: tr("现场自助"),
}


class State(StrEnum):
    REGISTERED = "registered"
    ASSIGNED = "assigned"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    REPLIED = "replied"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS: dict[State, str] = {
    State.REGISTERED: tr("已登记"),
    State.ASSIGNED: tr("已分派"),
    State.INVESTIGATING: tr("调查中"),
    State.RESOLVED: tr("已处理"),
    State.REPLIED: tr("已答复"),
    State.ARCHIVED: tr("已归档"),
}
NEXT_STATE: dict[State, State] = {
    State.REGISTERED: State.ASSIGNED,
    State.ASSIGNED: State.INVESTIGATING,
    State.INVESTIGATING: State.RESOLVED,
    State.RESOLVED: State.REPLIED,
    State.REPLIED: State.ARCHIVED,
}
OPEN_STATES = frozenset(s for s in State if s is not State.ARCHIVED and s is not State.REPLIED)


class Cause(StrEnum):
    ATTITUDE = "attitude"
    EFFICIENCY = "efficiency"
    PROCESS = "process"
    POLICY = "policy"
    ENVIRONMENT = "environment"
    DISPUTE = "dispute"  # really an IP dispute: turned into a case
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "attitude": tr("服务态度"),
            "efficiency": tr("办事效率"),
            "process": tr("流程与材料"),
            "policy": tr("政策规定"),
            "environment": tr("环境设施"),
            "dispute": tr("知识产权纠纷"),
            "other": tr("其他"),
        }[self.value]


class ReplyMethod(StrEnum):
    PHONE = "phone"
    LETTER = "letter"
    SMS = "sms"
    ONSITE = "onsite"

    @property
    def label(self) -> str:
        return {"phone": tr("电话"), "letter": tr("书面"), "sms": tr("短信"), "onsite": tr("当面")}[
            self.value
        ]


# Catalogue items that are IP disputes (18-20): such a complaint becomes a case in one step.
DISPUTE_ITEMS = frozenset({18, 19, 20})
DEFAULT_COMPLAINT_DAYS = 7  # working days (local rule; configurable)
TEXT_MAX = 2000
