"""A staff member's assessment for a period (R-SUP-4, 5.2.3) and the reward/punishment rule fed
by it (R-SUP-9, 8.1.2). Pure: the figures come from the database elsewhere (SQL aggregates).

The rule is THE HALL'S RULE TO ADJUST: the constants below are a reasonable default, not law.
Change them here (and say so in the commit); every recorded merit keeps the rule text and the
figures it was decided on, so a later change never rewrites an old decision.

- 奖励 (reward): at least ``REWARD_MIN_EVALUATIONS`` evaluations with a satisfaction rate of at
  least ``REWARD_MIN_SATISFACTION`` %, no upheld complaint, and every decision with a promised
  date made on time (100 %; a period without such decisions does not block the reward).
- 惩戒 (punishment): an upheld complaint, or more than ``PUNISH_MAX_LATE`` decisions made after
  the promised date.
- Otherwise 不奖不惩 (none).
Punishment is checked first: an upheld complaint outweighs any satisfaction rate.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum

from counter_app.core.errors import CounterError
from counter_app.i18n import tr

REWARD_MIN_SATISFACTION = 98.0  # per cent of evaluations at 非常满意 or 满意
REWARD_MIN_EVALUATIONS = 30  # fewer ratings say too little to reward on
PUNISH_MAX_LATE = 2  # more late decisions than this in the period is a punishment
MAX_PERIOD_DAYS = 366 * 3


class MeritKind(StrEnum):
    REWARD = "reward"
    PUNISH = "punish"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"reward": tr("奖励"), "punish": tr("惩戒"), "none": tr("不奖不惩")}[self.value]


LEVEL_KEYS = (5, 4, 3, 2, 1)


@dataclass(frozen=True)
class Assessment:
    """One staff member's figures for ``date_from``..``date_to`` (both included).

    Times are seconds (None: nothing to measure); rates are per cent (None: no denominator).
    Annulled bad reviews (an appeal upheld) are left out of the levels, the satisfaction rate
    and the bad reviews; ``annulled`` says how many there were."""

    staff: str
    display_name: str
    date_from: date
    date_to: date
    received: int = 0
    decided: int = 0
    approved: int = 0
    rejected: int = 0
    with_deadline: int = 0
    on_time: int = 0
    late: int = 0
    tickets_served: int = 0
    no_shows: int = 0
    wait_avg_s: float | None = None
    wait_median_s: float | None = None
    service_avg_s: float | None = None
    service_median_s: float | None = None
    levels: dict[int, int] = field(default_factory=lambda: dict.fromkeys(LEVEL_KEYS, 0))
    annulled: int = 0
    complaints: int = 0
    complaints_upheld: int = 0
    training_hours: float = 0.0
    trainings: int = 0

    @property
    def evaluations(self) -> int:
        return sum(self.levels.values())

    @property
    def bad_reviews(self) -> int:
        return self.levels.get(2, 0) + self.levels.get(1, 0)

    @property
    def satisfaction_rate(self) -> float | None:
        """非常满意 + 满意 over all evaluations that count, in per cent (1 decimal)."""
        return percent(self.levels.get(5, 0) + self.levels.get(4, 0), self.evaluations)

    @property
    def on_time_rate(self) -> float | None:
        """Decisions made on or before the promised date over decisions that had one."""
        return percent(self.on_time, self.with_deadline)

    def figures(self) -> dict[str, object]:
        """The figures as plain JSON values: what a merit's basis copies."""
        data = asdict(self)
        data["date_from"] = self.date_from.isoformat()
        data["date_to"] = self.date_to.isoformat()
        data["levels"] = {str(k): v for k, v in sorted(self.levels.items(), reverse=True)}
        data.update(
            evaluations=self.evaluations,
            bad_reviews=self.bad_reviews,
            satisfaction_rate=self.satisfaction_rate,
            on_time_rate=self.on_time_rate,
        )
        return data


def percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class MeritDecision:
    kind: MeritKind
    reasons: tuple[str, ...]


def rule_text() -> str:
    """The rule in words, stored with every merit."""
    return tr(
        "惩戒：有成立的投诉，或超期办结超过 {late} 件；奖励：评价不少于 {n} 次且满意率不低于"
        " {rate}%、无成立的投诉、按期办结率 100%；其余不奖不惩（本厅规则，可调整）",
        late=PUNISH_MAX_LATE,
        n=REWARD_MIN_EVALUATIONS,
        rate=REWARD_MIN_SATISFACTION,
    )


def decide(a: Assessment) -> MeritDecision:
    """Reward, punishment or none for ``a``, with the reasons in words."""
    punish: list[str] = []
    if a.complaints_upheld:
        punish.append(tr("成立的投诉 {n} 件", n=a.complaints_upheld))
    if a.late > PUNISH_MAX_LATE:
        punish.append(tr("超期办结 {n} 件（超过 {m} 件）", n=a.late, m=PUNISH_MAX_LATE))
    if punish:
        return MeritDecision(MeritKind.PUNISH, tuple(punish))
    missing = _reward_gaps(a)
    if not missing:
        reasons = (
            tr("评价 {n} 次，满意率 {r}%", n=a.evaluations, r=a.satisfaction_rate),
            tr("无成立的投诉"),
            tr("按期办结率 100%") if a.with_deadline else tr("期间无有时限的办结"),
        )
        return MeritDecision(MeritKind.REWARD, reasons)
    return MeritDecision(MeritKind.NONE, tuple(missing))


def _reward_gaps(a: Assessment) -> list[str]:
    """What keeps ``a`` from a reward (empty: nothing)."""
    gaps: list[str] = []
    if a.evaluations < REWARD_MIN_EVALUATIONS:
        gaps.append(
            tr("评价仅 {n} 次（奖励需不少于 {m} 次）", n=a.evaluations, m=REWARD_MIN_EVALUATIONS)
        )
    rate = a.satisfaction_rate
    if rate is not None and rate < REWARD_MIN_SATISFACTION:
        gaps.append(tr("满意率 {r}%（奖励需不低于 {m}%）", r=rate, m=REWARD_MIN_SATISFACTION))
    if a.with_deadline and a.on_time < a.with_deadline:
        gaps.append(tr("按期办结率 {r}%（奖励需 100%）", r=a.on_time_rate))
    return gaps


def check_period(date_from: date, date_to: date) -> None:
    """A period whose end is before its start, or longer than three years, is refused."""
    if date_to < date_from:
        raise CounterError(tr("结束日期不能早于开始日期"), "date_to")
    if (date_to - date_from).days > MAX_PERIOD_DAYS:
        raise CounterError(tr("考核期间不能超过三年"), "date_to")
