"""好差评 (FACTS.md, Evaluation): five levels, the reasons offered, the sources of a rating,
and the follow-up of a bad review."""

from __future__ import annotations

from enum import IntEnum, StrEnum

from counter_app.i18n import tr


class Level(IntEnum):
    """The level is also the key a plain keypad sends: 5 非常满意 ... 1 非常不满意."""

    VERY_SATISFIED = 5
    SATISFIED = 4
    BASICALLY_SATISFIED = 3
    DISSATISFIED = 2
    VERY_DISSATISFIED = 1

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def bad(self) -> bool:
        """不满意 and 非常不满意 are bad reviews: each opens a follow-up."""
        return self <= Level.DISSATISFIED

    @property
    def good(self) -> bool:
        """The two good levels (the satisfaction rate is these over all)."""
        return self >= Level.SATISFIED


LEVEL_LABELS: dict[Level, str] = {
    Level.VERY_SATISFIED: tr("非常满意"),
    Level.SATISFIED: tr("满意"),
    Level.BASICALLY_SATISFIED: tr("基本满意"),
    Level.DISSATISFIED: tr("不满意"),
    Level.VERY_DISSATISFIED: tr("非常不满意"),
}
LEVELS_BEST_FIRST: tuple[Level, ...] = tuple(sorted(Level, reverse=True))

# Reasons offered with a rating (FACTS.md: overall, efficiency, service level, attitude).
REASONS: dict[str, str] = {
    "efficiency": tr("办事效率"),
    "service": tr("服务水平"),
    "attitude": tr("服务态度"),
    "guidance": tr("告知指引"),
    "materials": tr("材料要求"),
    "waiting": tr("等候时间"),
    "environment": tr("环境设施"),
}


class Source(StrEnum):
    """Where a rating came from (8.2.1: self, user and third-party evaluation)."""

    SCREEN = "screen"  # the rating screen facing the applicant at the window
    KEYPAD = "keypad"  # a plain keypad sending 1-5
    KIOSK = "kiosk"  # the kiosk's 评价 page
    ONLINE = "online"  # one per matter (一事一评), entered or imported
    SELF = "self"  # the hall's own evaluation
    THIRD_PARTY = "third_party"  # an imported third-party survey

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]


SOURCE_LABELS: dict[Source, str] = {
    Source.SCREEN: tr("窗口评价器"),
    Source.KEYPAD: tr("评价按键"),
    Source.KIOSK: tr("自助机"),
    Source.ONLINE: tr("网上评价"),
    Source.SELF: tr("自我评价"),
    Source.THIRD_PARTY: tr("第三方评价"),
}
# Sources a device in the hall may record (the central holds a kiosk account to these).
DEVICE_SOURCES = frozenset({Source.SCREEN, Source.KEYPAD, Source.KIOSK})

COMMENT_MAX = 500
IDLE_SECONDS = 30  # a rating page goes back to idle after this long


class FollowupState(StrEnum):
    """verify -> rectify -> feedback -> revisit -> closed; an appeal may annul the review."""

    VERIFY = "verify"
    RECTIFY = "rectify"
    FEEDBACK = "feedback"
    REVISIT = "revisit"
    CLOSED = "closed"
    ANNULLED = "annulled"  # an appeal was upheld: a misjudged or malicious review

    @property
    def label(self) -> str:
        return FOLLOWUP_LABELS[self]


FOLLOWUP_LABELS: dict[FollowupState, str] = {
    FollowupState.VERIFY: tr("待核实"),
    FollowupState.RECTIFY: tr("待整改"),
    FollowupState.FEEDBACK: tr("待反馈"),
    FollowupState.REVISIT: tr("待回访"),
    FollowupState.CLOSED: tr("已办结"),
    FollowupState.ANNULLED: tr("申诉成立，已撤销"),
}
# The next state after each step, in order; a step out of order is refused.
NEXT_STEP: dict[FollowupState, FollowupState] = {
    FollowupState.VERIFY: FollowupState.RECTIFY,
    FollowupState.RECTIFY: FollowupState.FEEDBACK,
    FollowupState.FEEDBACK: FollowupState.REVISIT,
    FollowupState.REVISIT: FollowupState.CLOSED,
}
OPEN_FOLLOWUP = frozenset(NEXT_STEP)


class RectifyMode(StrEnum):
    AT_ONCE = "at_once"
    DEADLINE = "deadline"
    NO_BASIS = "no_basis"

    @property
    def label(self) -> str:
        return {
            "at_once": tr("立行立改"),
            "deadline": tr("限期整改"),
            "no_basis": tr("诉求缺乏法律依据，作出解释说明"),
        }[self.value]


class AppealState(StrEnum):
    NONE = ""
    PENDING = "pending"
    UPHELD = "upheld"
    REJECTED = "rejected"


DEFAULT_FOLLOWUP_DAYS = 15  # working days (FACTS.md: 5 or 15 seen; configurable)
