"""Demo data of supervision (issue 13 point 7): ``demo seed`` fills every supervision table,
plausibly and consistently with the workflows' rules, the same for the same seed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from counter_app.audit import trail as audit
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.demo.seed import seed_demo
from counter_app.demo.supervision import seed_supervision
from counter_app.hall.settings import HallSettings
from counter_app.integrity.rules import in_force
from counter_app.supervision.rules.complaints import NEXT_STATE, Channel, Kind
from counter_app.supervision.rules.complaints import State as ComplaintState
from counter_app.supervision.rules.evaluation import NEXT_STEP, FollowupState, Level
from db.models import Applicant
from db.models.integrity import IntegrityRecord
from db.models.supervision import (
    Complaint,
    Evaluation,
    EvaluationFollowup,
    ImprovementAction,
    ImprovementReport,
    SupervisionStep,
    Survey,
    SurveyAnswer,
    TrainingRecord,
)
from tests.conftest import ADMIN_PASSWORD

LAST = date(2026, 11, 27)  # the last seeded working day (seeded "today" 2026-11-28, a Saturday)
BOSS = Actor("zhou", "周科长", frozenset({Role.SUPERVISOR}))
TABLES = (
    Evaluation, EvaluationFollowup, Complaint, SupervisionStep, TrainingRecord, ImprovementReport,
    ImprovementAction, Survey, SurveyAnswer, IntegrityRecord,
)  # fmt: skip


@pytest.fixture
def seeded(any_url: str, hall_settings: HallSettings) -> Iterator[Services]:
    services = Services.open(any_url, today=lambda: LAST)
    services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
    seed_demo(services, 120, seed=7, method="bulk", today=date(2026, 11, 28))
    yield services
    services.close()


def _count(services: Services, table: type) -> int:
    with services.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def _steps(services: Services, subject: str) -> dict[object, list[SupervisionStep]]:
    out: dict[object, list[SupervisionStep]] = defaultdict(list)
    with services.db.read() as s:
        query = select(SupervisionStep).where(SupervisionStep.subject == subject)
        for step in s.scalars(query.order_by(SupervisionStep.at, SupervisionStep.id)):
            out[step.subject_id].append(step)
    return out


def test_every_supervision_table_is_filled(seeded: Services) -> None:
    for table in TABLES:
        assert _count(seeded, table) > 0, table.__tablename__
    with seeded.db.read() as s:
        levels = {
            lv: n
            for lv, n in s.execute(
                select(Evaluation.level, func.count()).group_by(Evaluation.level)
            )
        }
    total = sum(levels.values())
    assert levels[5] + levels[4] > total * 0.6  # mostly good
    assert levels.get(1, 0) + levels.get(2, 0) >= 10  # enough bad ones to show every step


def test_bad_reviews_are_followed_up_in_order(seeded: Services) -> None:
    steps = _steps(seeded, "followup")
    order = list(NEXT_STEP)
    with seeded.db.read() as s:
        link = EvaluationFollowup.evaluation_id == Evaluation.id
        rows = s.execute(select(Evaluation, EvaluationFollowup).outerjoin(EvaluationFollowup, link))
        rows = rows.all()
    states = set()
    for evaluation, followup in rows:
        assert Level(evaluation.level).bad == (followup is not None), evaluation.service_key
        if followup is None:
            continue
        state = FollowupState(followup.state)
        states.add(state)
        assert followup.due_date > evaluation.business_date
        taken = [st.step for st in steps[followup.id] if st.step in order]
        walked = FollowupState.VERIFY
        for step in taken:  # each step is the one due in the state the follow-up was in
            assert step == walked.value
            walked = NEXT_STEP[walked]
        appeal = [st.step for st in steps[followup.id] if st.step.startswith("appeal")]
        if state is FollowupState.ANNULLED:
            assert appeal == ["appeal", "appeal_upheld"] and followup.appeal_state == "upheld"
            assert followup.appeal_decided_by not in ("", followup.handler)  # a second supervisor
        else:
            assert walked is state
            assert appeal in ([], ["appeal", "appeal_rejected"])
        if state is FollowupState.CLOSED:
            assert followup.closed_at is not None and followup.rectify_mode
    assert set(FollowupState) <= states  # every step shown, and an annulled one
    overdue = [f for _e, f in rows if f and f.state in ("verify", "rectify") and f.due_date < LAST]
    assert overdue


def test_complaints_on_every_channel_with_their_steps_in_order(seeded: Services) -> None:
    steps = _steps(seeded, "complaint")
    names = {"assign": "assigned", "investigate": "investigating", "resolve": "resolved",
             "reply": "replied", "archive": "archived", "answer": "replied"}  # fmt: skip
    with seeded.db.read() as s:
        rows = s.scalars(select(Complaint)).all()
    assert {r.channel for r in rows} == {c.value for c in Channel}
    assert {r.kind for r in rows} == {k.value for k in Kind}
    for row in rows:
        taken = [st.step for st in steps[row.id]]
        assert taken[0] == "register", row.number
        state = ComplaintState.REGISTERED
        for step in taken[1:]:
            target = ComplaintState(names[step])
            assert step == "answer" or NEXT_STATE[state] is target, (row.number, taken)
            state = target
        assert state.value == row.state, row.number
        if state in (ComplaintState.RESOLVED, ComplaintState.REPLIED) and row.kind == "complaint":
            assert row.cause and row.result
    overdue = [r for r in rows if r.state not in ("replied", "archived") and r.due_date < LAST]
    assert overdue
    letters = [r for r in rows if r.channel == "letter" and r.state == "archived"]
    assert letters and all(r.reply_method == "letter" and r.reply_text for r in letters)


def test_integrity_training_report_and_survey(seeded: Services) -> None:
    with seeded.db.read() as s:
        records = s.scalars(select(IntegrityRecord)).all()
        applicants = set(s.scalars(select(Applicant.id_number)))
        trained = set(s.scalars(select(TrainingRecord.staff)))
        staff = set(s.scalars(select(Evaluation.staff)))
    live = [r for r in records if in_force(r.starts, r.ends, r.repair, LAST)]
    assert any(r.subject_code in applicants for r in live)  # shown at reception for a real one
    assert any(r.ends and r.ends < LAST for r in records)  # expired
    assert any(r.repair == "repaired" for r in records)
    assert staff <= trained
    report = seeded.improvement.figures(BOSS, "2026-10")
    assert report.analysis and [a.state for a in report.actions].count("done") == 1
    assert seeded.improvement.figures(BOSS, "2026-11").previous_done == 1
    survey = seeded.surveys.active()
    assert survey is not None
    results = seeded.surveys.results(BOSS, survey.id)
    assert results.total == _count(seeded, SurveyAnswer) > 0
    assert seeded.improvement.report_pdf(BOSS, "2026-11").startswith(b"%PDF")
    assert audit.verify(seeded.db).ok


def test_seeding_again_adds_nothing_and_the_same_seed_gives_the_same(
    seeded: Services, sqlite_url: str, hall_settings: HallSettings
) -> None:
    before = [_count(seeded, t) for t in TABLES]
    assert seed_supervision(seeded, 7, LAST) == 0
    assert [_count(seeded, t) for t in TABLES] == before
    if seeded.db.is_sqlite:
        return
    twin = Services.open(sqlite_url, today=lambda: LAST)  # the same seed on the other backend
    try:
        twin.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
        seed_demo(twin, 120, seed=7, method="bulk", today=date(2026, 11, 28))
        assert [_count(twin, t) for t in TABLES] == before
        with twin.db.read() as a, seeded.db.read() as b:
            query = select(Evaluation.level, Evaluation.business_date).order_by(
                Evaluation.business_date, Evaluation.level
            )
            assert a.execute(query).all() == b.execute(query).all()
    finally:
        twin.close()


def test_the_demo_staff_are_accounts_nobody_can_log_in_with(seeded: Services) -> None:
    from counter_app.core.errors import CounterError
    from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role

    staff = {s.username: s for s in seeded.staff.list_users()}
    window_staff = [s for s in staff.values() if Role.RECEPTION in s.roles]
    assert window_staff and all(not s.active and s.window_no for s in window_staff)
    assert {"demo_kz1", "demo_kz2"} <= set(staff)
    boss = Actor("boss", "科长", frozenset({Role.SUPERVISOR}))
    choices = dict(seeded.staff_records.staff_choices(boss))
    assert set(choices) >= {s.username for s in window_staff}
    assert all("demo" not in name for name in choices.values())  # real-looking names
    someone = window_staff[0]
    with pytest.raises(CounterError):
        seeded.staff.login(someone.username, "")
    # Activated by an administrator without a new password: still no way in.
    seeded.staff.update_user(SYSTEM_ACTOR, someone.id, active=True)
    with pytest.raises(CounterError):
        seeded.staff.login(someone.username, "!demo")
