"""Periodic satisfaction surveys (5.1.8, R-SUP-7): questions set by a supervisor, answered at the
kiosk or a rating screen, results per period.

One survey runs at a time (an overlapping active survey is refused), so a kiosk asks
``active()`` and shows it. An answer is a list of chosen indexes, one per question, written to
this PC's database (it reaches the central with the sync). Results are counted in SQL per
distinct answer list (``GROUP BY`` the stored JSON as text: at most the product of the choice
counts rows come back), then spread over the questions."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from db.engine import Database
from db.models.supervision import Survey, SurveyAnswer

TITLE_MAX, QUESTION_MAX, CHOICE_MAX = 100, 200, 40
MAX_QUESTIONS, MIN_CHOICES, MAX_CHOICES = 10, 2, 6
SOURCES = frozenset({"kiosk", "screen"})


@dataclass(frozen=True)
class SurveyQuestion:
    text: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class SurveyView:
    id: str
    title: str
    questions: tuple[SurveyQuestion, ...]
    starts: date
    ends: date
    active: bool
    created_by: str
    row_version: int

    def open_on(self, day: date) -> bool:
        return self.active and self.starts <= day <= self.ends


@dataclass(frozen=True)
class ChoiceCount:
    label: str
    count: int
    share: float  # of the answers to the survey (0 without answers)


@dataclass(frozen=True)
class QuestionResult:
    text: str
    choices: tuple[ChoiceCount, ...]


@dataclass(frozen=True)
class SurveyResults:
    survey: SurveyView
    total: int
    first: date | None  # the period asked for (None: from the first answer)
    last: date | None
    questions: tuple[QuestionResult, ...]
    sources: dict[str, int]


QuestionInput = SurveyQuestion | Mapping[str, object]


def _clean(text: object, limit: int, field: str, what: str) -> str:
    value = str(text or "").strip()
    if not value:
        raise CounterError(tr("请填写{w}", w=what), field)
    if len(value) > limit:
        raise CounterError(tr("{w}不能超过 {n} 字", w=what, n=limit), field)
    return value


def check_questions(questions: Sequence[QuestionInput]) -> tuple[SurveyQuestion, ...]:
    """1 to 10 questions, each with a text and 2 to 6 different choices."""
    if not 1 <= len(questions) <= MAX_QUESTIONS:
        raise CounterError(tr("问题应有 1 到 {n} 个", n=MAX_QUESTIONS), "questions")
    out = []
    for number, question in enumerate(questions, start=1):
        text: object
        raw: object
        if isinstance(question, SurveyQuestion):
            text, raw = question.text, question.choices
        else:
            text, raw = question.get("text", ""), question.get("choices", ())
        what = tr("第 {n} 题", n=number)
        wording = _clean(text, QUESTION_MAX, "questions", what + tr("的题目"))
        if not isinstance(raw, list | tuple):
            raise CounterError(tr("{w}的选项应为列表", w=what), "questions")
        choices = tuple(_clean(c, CHOICE_MAX, "questions", what + tr("的选项")) for c in raw)
        if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            raise CounterError(
                tr("{w}应有 {a} 到 {b} 个选项", w=what, a=MIN_CHOICES, b=MAX_CHOICES), "questions"
            )
        if len(set(choices)) != len(choices):
            raise CounterError(tr("{w}有重复的选项", w=what), "questions")
        out.append(SurveyQuestion(wording, choices))
    return tuple(out)


def _view(row: Survey) -> SurveyView:
    questions = tuple(
        SurveyQuestion(str(q.get("text", "")), tuple(str(c) for c in q.get("choices", ())))  # type: ignore[attr-defined]
        for q in row.questions
    )
    return SurveyView(
        str(row.id),
        row.title,
        questions,
        row.starts,
        row.ends,
        row.active,
        row.created_by,
        row.row_version,
    )


def _key(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise CounterError(tr("找不到该调查"), field) from None


class SurveyService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today

    def create(
        self,
        actor: Actor,
        title: str,
        questions: Sequence[QuestionInput],
        starts: date,
        ends: date,
    ) -> SurveyView:
        require(actor, Role.SUPERVISOR)
        name = _clean(title, TITLE_MAX, "title", tr("调查标题"))
        checked = check_questions(questions)
        if ends < starts:
            raise CounterError(tr("结束日期不能早于开始日期"), "ends")
        with self._db.write() as session:
            clash = session.scalar(
                select(Survey).where(
                    Survey.active.is_(True),
                    Survey.deleted.is_(False),
                    Survey.starts <= ends,
                    Survey.ends >= starts,
                )
            )
            if clash is not None:
                raise CounterError(
                    tr(
                        "与进行中的调查“{t}”（{a} 至 {b}）时间重叠，请先结束它或调整日期",
                        t=clash.title,
                        a=clash.starts,
                        b=clash.ends,
                    ),
                    "starts",
                )
            stored = [{"text": q.text, "choices": list(q.choices)} for q in checked]
            row = Survey(
                title=name,
                questions=stored,
                starts=starts,
                ends=ends,
                active=True,
                created_by=actor.username,
            )
            session.add(row)
            session.flush()
            after = {"title": name, "questions": stored, "starts": starts, "ends": ends}
            audit.record(
                session, actor.username, "survey_create", "survey", str(row.id), None, after
            )
            return _view(row)

    def close(self, actor: Actor, survey_id: str, row_version: int) -> SurveyView:
        """End a survey now: it is no longer shown or answered; its results stay."""
        require(actor, Role.SUPERVISOR)
        with self._db.write() as session:
            row = self._get(session, survey_id)
            if row.row_version != row_version:
                raise CounterError(tr("记录已被他人修改，请刷新后重试"), "survey")
            if not row.active:
                raise CounterError(tr("该调查已结束"), "survey")
            row.active, row.row_version = False, row.row_version + 1
            session.flush()
            audit.record(
                session,
                actor.username,
                "survey_close",
                "survey",
                str(row.id),
                {"active": True},
                {"active": False},
            )
            return _view(row)

    def surveys(self, actor: Actor) -> tuple[tuple[SurveyView, int], ...]:
        """Every survey, newest first, with its number of answers."""
        require(actor, Role.SUPERVISOR)
        counts = (
            select(SurveyAnswer.survey_id, func.count().label("n"))
            .where(SurveyAnswer.deleted.is_(False))
            .group_by(SurveyAnswer.survey_id)
            .subquery()
        )
        with self._db.read() as session:
            rows = session.execute(
                select(Survey, func.coalesce(counts.c.n, 0))
                .outerjoin(counts, counts.c.survey_id == Survey.id)
                .where(Survey.deleted.is_(False))
                .order_by(Survey.starts.desc(), Survey.created_at.desc())
            )
            return tuple((_view(row), int(n)) for row, n in rows)

    def active(self, today: date | None = None) -> SurveyView | None:
        """The survey to show on ``today`` (the kiosk's or a rating screen's question)."""
        day = today or self._today()
        with self._db.read() as session:
            row = session.scalar(
                select(Survey)
                .where(Survey.active.is_(True), Survey.deleted.is_(False))
                .where(Survey.starts <= day, Survey.ends >= day)
                .order_by(Survey.created_at.desc())
                .limit(1)
            )
            return _view(row) if row is not None else None

    def answer(
        self, survey_id: str, answers: Sequence[int], source: str = "kiosk", device: str = ""
    ) -> None:
        """One applicant's answers: a chosen index per question, on a survey open today."""
        if source not in SOURCES:
            raise CounterError(tr("未知的答卷来源：{s}", s=str(source)[:12]), "source")
        today = self._today()
        with self._db.write() as session:
            row = self._get(session, survey_id)
            view = _view(row)
            if not view.open_on(today):
                raise CounterError(tr("该调查未在进行中"), "survey")
            chosen = list(answers)
            if len(chosen) != len(view.questions):
                raise CounterError(tr("应回答全部 {n} 个问题", n=len(view.questions)), "answers")
            for number, (index, question) in enumerate(zip(chosen, view.questions, strict=True)):
                valid = isinstance(index, int) and not isinstance(index, bool)
                if not valid or not 0 <= index < len(question.choices):
                    raise CounterError(tr("第 {n} 题的选择无效", n=number + 1), "answers")
            session.add(
                SurveyAnswer(
                    survey_id=row.id,
                    answers=chosen,
                    source=source,
                    device=str(device)[:16],
                    business_date=today,
                )
            )

    def results(
        self,
        actor: Actor,
        survey_id: str,
        first: date | None = None,
        last: date | None = None,
    ) -> SurveyResults:
        """Answers per choice of each question, over the answers given from ``first`` to
        ``last`` (both optional: the period of a report)."""
        require(actor, Role.SUPERVISOR)
        if first and last and last < first:
            raise CounterError(tr("结束日期不能早于开始日期"), "last")
        with self._db.read() as session:
            view = _view(self._get(session, survey_id))
            where = [SurveyAnswer.survey_id == uuid.UUID(view.id), SurveyAnswer.deleted.is_(False)]
            if first:
                where.append(SurveyAnswer.business_date >= first)
            if last:
                where.append(SurveyAnswer.business_date <= last)
            text = cast(SurveyAnswer.answers, Text)
            combos = session.execute(select(text, func.count()).where(*where).group_by(text))
            sources = session.execute(
                select(SurveyAnswer.source, func.count())
                .where(*where)
                .group_by(SurveyAnswer.source)
            )
            by_source = {str(s): int(n) for s, n in sources}
            tallies = [[0] * len(q.choices) for q in view.questions]
            total = 0
            for stored, n in combos:
                total += int(n)
                for q, index in enumerate(json.loads(stored)[: len(tallies)]):
                    if 0 <= index < len(tallies[q]):
                        tallies[q][index] += int(n)
        questions = tuple(
            QuestionResult(
                q.text,
                tuple(
                    ChoiceCount(label, count, count / total if total else 0.0)
                    for label, count in zip(q.choices, tallies[i], strict=True)
                ),
            )
            for i, q in enumerate(view.questions)
        )
        return SurveyResults(view, total, first, last, questions, by_source)

    def _get(self, session: Session, survey_id: str) -> Survey:
        row = session.get(Survey, _key(survey_id, "survey"))
        if row is None or row.deleted:
            raise CounterError(tr("找不到该调查"), "survey")
        return row
