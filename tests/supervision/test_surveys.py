"""Satisfaction surveys (R-SUP-7): questions checked, answers checked, results counted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.supervision.surveys import SurveyQuestion
from db.models import AuditLog
from db.models.supervision import Survey, SurveyAnswer
from tests.conftest import TODAY

BOSS = Actor("zhou", "周科长", frozenset({Role.SUPERVISOR}))
CLERK = Actor("li", "李受理", frozenset({Role.RECEPTION}))
QUESTIONS = [
    {"text": "您对大厅的整体服务是否满意？", "choices": ["满意", "基本满意", "不满意"]},
    SurveyQuestion("您本次办事跑了几次？", ("一次", "两次", "三次及以上")),
]
END = TODAY + timedelta(days=30)


def _create(services: Services, **changes: object) -> object:
    values: dict[str, object] = {
        "title": "2026年第四季度满意度调查", "questions": QUESTIONS, "starts": TODAY, "ends": END,
    }  # fmt: skip
    return services.surveys.create(BOSS, **(values | changes))  # type: ignore[arg-type]


def _counts(services: Services) -> tuple[int, int]:
    with services.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Survey)) or 0,
            s.scalar(select(func.count()).select_from(SurveyAnswer)) or 0,
        )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "调查标题"),
        ({"questions": []}, "questions", "1 到 10"),
        ({"questions": [{"text": "问", "choices": ["是", "否"]}] * 11}, "questions", "1 到 10"),
        ({"questions": [{"text": "问", "choices": ["是"]}]}, "questions", "2 到 6"),
        ({"questions": [{"text": "问", "choices": list("ABCDEFG")}]}, "questions", "2 到 6"),
        ({"questions": [{"text": "", "choices": ["是", "否"]}]}, "questions", "第 1 题的题目"),
        ({"questions": [{"text": "问", "choices": ["是", " "]}]}, "questions", "第 1 题的选项"),
        ({"questions": [{"text": "问", "choices": ["是", "是"]}]}, "questions", "重复"),
        ({"questions": [{"text": "问", "choices": "是否"}]}, "questions", "列表"),
        ({"ends": TODAY - timedelta(days=1)}, "ends", "结束日期"),
    ],
)
def test_bad_surveys_are_refused_at_their_field(
    services: Services, changes: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(CounterError) as caught:
        _create(services, **changes)
    assert caught.value.field == field and message in caught.value.message
    assert _counts(services) == (0, 0)


def test_a_survey_is_shown_answered_and_counted(services: Services) -> None:
    assert services.surveys.active() is None
    with pytest.raises(CounterError, match="科长"):
        services.surveys.create(CLERK, "x", QUESTIONS, TODAY, END)
    survey = _create(services)
    shown = services.surveys.active()
    assert shown == survey and shown is not None
    assert [q.choices for q in shown.questions] == [
        ("满意", "基本满意", "不满意"),
        QUESTIONS[1].choices,
    ]  # type: ignore[union-attr]
    assert services.surveys.active(END + timedelta(days=1)) is None
    with pytest.raises(CounterError) as overlap:
        _create(services, title="另一个调查", starts=END)
    assert overlap.value.field == "starts"
    for answers in ([0, 0], [0, 1], [1, 0], [0, 0], [2, 2]):
        services.surveys.answer(shown.id, answers, "kiosk", "K01")
    services.surveys.answer(shown.id, [0, 2], "screen", "R03")
    for bad in ([0], [0, 3], [-1, 0], [0, 1, 1], [True, 0], ["0", 1]):
        with pytest.raises(CounterError) as caught:
            services.surveys.answer(shown.id, bad, "kiosk")  # type: ignore[arg-type]
        assert caught.value.field == "answers", bad
    with pytest.raises(CounterError):
        services.surveys.answer(shown.id, [0, 0], "web")
    with pytest.raises(CounterError, match="找不到"):
        services.surveys.answer("not-an-id", [0, 0])
    assert _counts(services) == (1, 6)
    results = services.surveys.results(BOSS, shown.id)
    assert results.total == 6 and results.sources == {"kiosk": 5, "screen": 1}
    # Worked out by hand from the six answers above.
    assert [c.count for c in results.questions[0].choices] == [4, 1, 1]
    assert [c.count for c in results.questions[1].choices] == [3, 1, 2]
    assert results.questions[0].choices[0].share == pytest.approx(4 / 6)
    listed = services.surveys.surveys(BOSS)
    assert [(v.title, n) for v, n in listed] == [("2026年第四季度满意度调查", 6)]


def test_results_of_a_period_and_a_closed_survey(services: Services) -> None:
    survey = _create(services, starts=TODAY - timedelta(days=10))
    for day, answers in ((TODAY - timedelta(days=5), [1, 1]), (TODAY, [0, 0]), (TODAY, [0, 2])):
        services.surveys._today = lambda d=day: d  # type: ignore[method-assign]
        services.surveys.answer(survey.id, answers)  # type: ignore[attr-defined]
    services.surveys._today = lambda: TODAY  # type: ignore[method-assign]
    only_today = services.surveys.results(BOSS, survey.id, TODAY, TODAY)  # type: ignore[attr-defined]
    assert only_today.total == 2
    assert [c.count for c in only_today.questions[0].choices] == [2, 0, 0]
    with pytest.raises(CounterError, match="他人修改"):
        services.surveys.close(BOSS, survey.id, survey.row_version + 1)  # type: ignore[attr-defined]
    closed = services.surveys.close(BOSS, survey.id, survey.row_version)  # type: ignore[attr-defined]
    assert not closed.active and services.surveys.active() is None
    with pytest.raises(CounterError, match="未在进行中"):
        services.surveys.answer(closed.id, [0, 0])
    assert services.surveys.results(BOSS, closed.id).total == 3  # results stay
    with services.db.read() as s:
        audited = s.scalars(select(AuditLog.action).where(AuditLog.entity == "survey")).all()
    assert audited == ["survey_create", "survey_close"]


def test_a_survey_not_yet_started_is_not_shown(services: Services) -> None:
    _create(services, starts=TODAY + timedelta(days=3), ends=TODAY + timedelta(days=9))
    assert services.surveys.active() is None
    assert services.surveys.active(date(2026, 12, 1)) is not None


def test_results_are_counted_on_postgresql(pg_url: str) -> None:
    services = Services.open(pg_url, today=lambda: TODAY)
    try:
        survey = _create(services)
        for answers in ([0, 0], [0, 1], [0, 0], [2, 1]):
            services.surveys.answer(survey.id, answers, "screen")  # type: ignore[attr-defined]
        results = services.surveys.results(BOSS, survey.id)  # type: ignore[attr-defined]
        assert results.total == 4
        assert [c.count for c in results.questions[0].choices] == [3, 0, 1]
        assert [c.count for c in results.questions[1].choices] == [2, 2, 0]
    finally:
        services.close()
