"""What the complaints register takes in and hands out, and its pure checks: the form, the
views, the order of the steps, the clean-up of free text. No database here."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from counter_app.core.errors import CounterError
from counter_app.core.normalize import drop_invisible, is_junk
from counter_app.i18n import tr
from counter_app.supervision.rules.complaints import (
    DISPUTE_ITEMS,
    NEXT_STATE,
    Cause,
    Channel,
    Kind,
    ReplyMethod,
    State,
)

SMS_MAX = 200
ADDRESS_MAX = 200
NOTE_MAX = 2000  # finding, result, reply text
TEXT_LABELS: dict[Kind, str] = {
    Kind.COMPLAINT: tr("投诉内容"),
    Kind.CONSULTATION: tr("咨询内容"),
    Kind.SUGGESTION: tr("意见建议内容"),
}
STEP_LABELS: dict[str, str] = {
    "register": tr("登记"),
    "assign": tr("分派"),
    "investigate": tr("调查"),
    "resolve": tr("处理"),
    "reply": tr("答复"),
    "archive": tr("归档"),
    "answer": tr("当场答复"),
    "to_case": tr("转为纠纷案件受理"),
}


@dataclass(frozen=True)
class ComplaintForm:
    """A complaint, consultation or suggestion as the staff (or the kiosk) typed it.

    ``channel`` None means none was chosen. Anonymous: name, phone and address are dropped.
    ``about_case`` is a case number; ``about_staff`` a username; ``about_item`` a catalogue
    item number."""

    channel: Channel | None
    text: str
    kind: Kind = Kind.COMPLAINT
    anonymous: bool = False
    name: str = ""
    phone: str = ""
    address: str = ""
    about_window: str = ""
    about_staff: str = ""
    about_case: str = ""
    about_item: int | None = None


@dataclass(frozen=True)
class ComplaintView:
    """What a registration or a step returns: enough to show it and take the next step."""

    id: str
    number: str
    kind: Kind
    channel: Channel
    state: State
    business_date: date
    due_date: date
    handler: str
    row_version: int


@dataclass(frozen=True)
class ComplaintRow:
    """One line of the register (name and phone masked)."""

    id: str
    number: str
    business_date: date
    kind: Kind
    channel: Channel
    name: str
    phone: str
    about: str
    state: State
    handler: str
    due_date: date
    overdue: bool
    row_version: int
    handler_name: str = ""


@dataclass(frozen=True)
class StepView:
    step: str
    actor: str
    at: datetime
    text: str

    @property
    def label(self) -> str:
        return STEP_LABELS.get(self.step, self.step)


@dataclass(frozen=True)
class ComplaintDetail:
    """One complaint with its history; name, phone and address in full only when
    ``revealed`` (a supervisor or the handler asked, and it was audited)."""

    row: ComplaintRow
    anonymous: bool
    address: str
    text: str
    about_window: str
    about_staff: str
    about_case_number: str
    about_item: int | None
    registered_by: str
    finding: str
    result: str
    cause: Cause | None
    upheld: bool | None
    reply_method: ReplyMethod | None
    reply_text: str
    case_number: str  # the dispute case it was turned into
    revealed: bool
    steps: tuple[StepView, ...] = field(default=())

    @property
    def dispute(self) -> bool:
        return self.about_item in DISPUTE_ITEMS or self.cause is Cause.DISPUTE


@dataclass(frozen=True)
class ComplaintSummary:
    """Counts over a period (business dates ``date_from``..``date_to``)."""

    date_from: date
    date_to: date
    total: int
    by_kind: dict[Kind, int]
    by_channel: dict[Channel, int]
    by_cause: dict[Cause, int]
    by_state: dict[State, int]
    upheld: dict[bool | None, int]
    overdue: int


def clean_text(raw: str) -> str:
    """Free text with control characters, emoji and invisible marks removed (line breaks and
    tabs kept): what a kiosk or a pasted e-mail brings along never reaches a letter."""
    text = drop_invisible(raw.replace("\r\n", "\n").replace("\r", "\n"))
    kept = (ch for ch in text if ch in "\n\t" or not is_junk(ch))
    return unicodedata.normalize("NFC", "".join(kept)).strip()


def required_text(raw: str, label: str, field_name: str, max_len: int = NOTE_MAX) -> str:
    text = clean_text(raw)
    if not text:
        raise CounterError(tr("请填写{label}", label=label), field_name)
    if len(text) > max_len:
        raise CounterError(
            tr(
                "{label}最多 {m} 个字（现在是 {n} 个），请删减", label=label, m=max_len, n=len(text)
            ),
            field_name,
        )
    return text


def check_step(current: State, target: State) -> None:
    """Refuse a step out of order: each complaint goes registered -> assigned -> investigating
    -> resolved -> replied -> archived, one step at a time."""
    if NEXT_STATE.get(current) is target:
        return
    expected = NEXT_STATE.get(current)
    if expected is None:
        raise CounterError(tr("该件已归档，不能再办理"), "step")
    raise CounterError(
        tr(
            "该件现在是“{s}”，下一步应为“{n}”，不能直接“{t}”",
            s=current.label,
            n=expected.label,
            t=target.label,
        ),
        "step",
    )


def check_reply(channel: Channel, anonymous: bool, method: ReplyMethod, text: str) -> str:
    """The reply's text after the rules: a written complaint is answered in writing; an
    anonymous one has no address to write to; an SMS fits in 200 characters."""
    if anonymous and method is ReplyMethod.LETTER:
        raise CounterError(tr("匿名件没有通信地址，不能书面答复，请选择其他答复方式"), "method")
    if channel.written and not anonymous and method is not ReplyMethod.LETTER:
        raise CounterError(tr("书面投诉须书面答复，请选择“书面”并打印答复函"), "method")
    if method is ReplyMethod.LETTER:
        return clean_text(text) or tr("已寄发书面答复函")
    label = tr("短信内容") if method is ReplyMethod.SMS else tr("答复内容")
    limit = SMS_MAX if method is ReplyMethod.SMS else NOTE_MAX
    return required_text(text, label, "reply_text", limit)
