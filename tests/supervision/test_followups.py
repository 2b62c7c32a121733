"""The follow-up of bad reviews (issue 13 point 2): steps in order with who, when and what;
working-day deadlines; overdue; appeals decided by a second supervisor; two supervisors who
start the same review at once; supervisors only."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.supervision import followups, settings
from counter_app.supervision.followups import FollowupService, counts_as_bad
from counter_app.supervision.rules.evaluation import AppealState, FollowupState, RectifyMode
from counter_app.supervision.settings import SupervisionSettings
from db.engine import Database, make_engine
from db.models import AuditLog
from db.models.supervision import Evaluation, EvaluationFollowup, SupervisionStep
from tests.conftest import TODAY
from tests.hall.cli_support import ADMIN_PW, SETUP, Cli

ZHANG = Actor("zhang", "张科长", frozenset({Role.SUPERVISOR}))
LI = Actor("li_kz", "李科长", frozenset({Role.SUPERVISOR}))
CLERK = Actor("wu", "吴受理", frozenset({Role.RECEPTION}))
V, R, FB, RV = (
    FollowupState.VERIFY,
    FollowupState.RECTIFY,
    FollowupState.FEEDBACK,
    FollowupState.REVISIT,
)


def add_evaluation(
    db: Database,
    day: date,
    level: int = 1,
    *,
    staff: str = "zhou",
    name: str = "",
    phone: str = "",
    comment: str = "等了很久",
) -> uuid.UUID:
    key = uuid.uuid4()
    with db.write() as session:
        session.add(
            Evaluation(
                id=key,
                service_key=f"t:{key}",
                source="screen",
                level=level,
                reasons=["waiting"],
                comment=comment,
                business_date=day,
                window_no="03",
                staff=staff,
                rater_name=name,
                rater_phone=phone,
            )
        )
    return key


@pytest.fixture
def svc(services: Services) -> FollowupService:
    return services.followups


def steps_written(db: Database) -> tuple[int, int, int]:
    with db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(EvaluationFollowup)) or 0,
            session.scalar(select(func.count()).select_from(SupervisionStep)) or 0,
            session.scalar(select(func.count()).where(AuditLog.action.like("followup_%"))) or 0,
        )


def test_every_step_in_order_closes_the_review(services: Services, svc: FollowupService) -> None:
    key = add_evaluation(services.db, date(2026, 11, 20))
    (row,) = svc.bad_reviews(ZHANG)
    assert (row.state, row.row_version, row.handler) == (V, None, "")
    view = svc.advance(ZHANG, key, V, "属实：高峰时段只开一个窗口", None)
    assert view.state is R and view.handler == "zhang"
    view = svc.advance(LI, key, R, "  增开窗口  ", view.row_version, RectifyMode.AT_ONCE)
    assert view.state is FB and view.rectify_mode == "at_once"
    view = svc.advance(ZHANG, key, FB, "电话告知申请人整改情况", view.row_version)
    view = svc.advance(ZHANG, key, RV, "申请人表示满意", view.row_version)
    assert view.state is FollowupState.CLOSED and view.closed_at is not None
    history = svc.history(ZHANG, key)
    assert [(s.step, s.actor, s.text) for s in history] == [
        ("verify", "zhang", "属实：高峰时段只开一个窗口"),
        ("rectify", "li_kz", "增开窗口"),
        ("feedback", "zhang", "电话告知申请人整改情况"),
        ("revisit", "zhang", "申请人表示满意"),
    ]
    assert [s.label for s in history] == ["核实", "整改", "反馈", "回访"]
    assert steps_written(services.db) == (1, 4, 4)
    assert svc.bad_reviews(ZHANG) == []  # closed: not open any more
    (closed,) = svc.bad_reviews(ZHANG, open_only=False)
    assert closed.state is FollowupState.CLOSED and not closed.overdue


def test_a_step_out_of_order_is_refused_and_nothing_is_written(
    services: Services, svc: FollowupService
) -> None:
    key = add_evaluation(services.db, date(2026, 11, 20))
    with pytest.raises(CounterError) as refused:
        svc.advance(ZHANG, key, R, "先整改", None, RectifyMode.AT_ONCE)
    assert refused.value.field == "step"
    assert "请先完成“待核实”" in refused.value.message
    assert steps_written(services.db) == (0, 0, 0)
    view = svc.advance(ZHANG, key, V, "属实", None)
    with pytest.raises(CounterError) as again:
        svc.advance(ZHANG, key, V, "再核实一次", view.row_version)
    assert again.value.field == "step" and "已完成" in again.value.message
    with pytest.raises(CounterError) as ahead:
        svc.advance(ZHANG, key, RV, "回访", view.row_version)
    assert "请先完成“待整改”" in ahead.value.message
    assert steps_written(services.db) == (1, 1, 1)


def test_what_each_step_needs(services: Services, svc: FollowupService) -> None:
    key = add_evaluation(services.db, date(2026, 11, 20))
    with pytest.raises(CounterError) as empty:
        svc.advance(ZHANG, key, V, "   ", None)
    assert empty.value.field == "text" and "核实情况" in empty.value.message
    version = svc.advance(ZHANG, key, V, "属实", None).row_version

    def refused(mode: RectifyMode | None, text: str, due: date | None) -> CounterError:
        with pytest.raises(CounterError) as caught:
            svc.advance(ZHANG, key, R, text, version, mode, due)
        return caught.value

    assert refused(None, "整改", None).field == "rectify_mode"
    assert refused(RectifyMode.DEADLINE, "整改", None).field == "rectify_due"
    assert refused(RectifyMode.DEADLINE, "整改", TODAY).field == "rectify_due"
    assert refused(RectifyMode.DEADLINE, "整改", date(2027, 2, 26)).field == "rectify_due"
    no_basis = refused(RectifyMode.NO_BASIS, " ", None)
    assert no_basis.field == "text" and "解释说明" in no_basis.message
    view = svc.advance(
        ZHANG, key, R, "培训后复岗", version, RectifyMode.DEADLINE, date(2026, 12, 4)
    )
    assert view.rectify_due == date(2026, 12, 4) and view.state is FB
    assert svc.history(ZHANG, key)[-1].detail == {"mode": "deadline", "rectify_due": "2026-12-04"}


def test_a_stale_form_is_refused(services: Services, svc: FollowupService) -> None:
    key = add_evaluation(services.db, date(2026, 11, 20))
    first = svc.advance(ZHANG, key, V, "属实", None)
    svc.appeal(LI, key, "评价人与窗口素不相识，属误评", first.row_version)
    with pytest.raises(CounterError) as stale:
        svc.advance(ZHANG, key, R, "整改", first.row_version, RectifyMode.AT_ONCE)
    assert stale.value.field == "step" and "刷新" in stale.value.message


def test_the_deadline_counts_working_days_over_a_holiday(
    services: Services, admin: Actor, svc: FollowupService
) -> None:
    # FACTS.md: 2026-02-12 + 5 working days = 2026-02-26 (the Spring Festival in between).
    settings.save(services.db, admin, SupervisionSettings(followup_days=5, complaint_days=7))
    key = add_evaluation(services.db, date(2026, 2, 12))
    (row,) = svc.bad_reviews(ZHANG)
    assert row.due == date(2026, 2, 26) and row.overdue
    view = svc.advance(ZHANG, key, V, "属实", None)
    assert view.due_date == date(2026, 2, 26)


def test_overdue_is_the_day_after_the_due_date(services: Services, svc: FollowupService) -> None:
    # Today is Friday 2026-11-27: reviews of 11-05 are due 11-26 (overdue), of 11-06 due today.
    late = add_evaluation(services.db, date(2026, 11, 5))
    today = add_evaluation(services.db, date(2026, 11, 6))
    fresh = add_evaluation(services.db, date(2026, 11, 20))
    rows = {r.evaluation_id: r for r in svc.bad_reviews(ZHANG)}
    assert rows[late].due == date(2026, 11, 26) and rows[late].overdue
    assert rows[today].due == date(2026, 11, 27) and not rows[today].overdue
    assert rows[today].due_soon and not rows[fresh].due_soon and not rows[fresh].overdue
    overdue = [r.evaluation_id for r in svc.bad_reviews(ZHANG, overdue_only=True)]
    assert overdue == [late]
    summary = svc.summary(ZHANG, date(2026, 11, 1), date(2026, 11, 30))
    assert summary.overdue == 1 and summary.by_state[V] == 3
    # With a follow-up row the due date is stored; still overdue until closed.
    svc.advance(ZHANG, late, V, "属实", None)
    svc.advance(ZHANG, today, V, "属实", None)
    overdue = [r.evaluation_id for r in svc.bad_reviews(ZHANG, overdue_only=True)]
    assert overdue == [late]
    summary = svc.summary(ZHANG, date(2026, 11, 1), date(2026, 11, 30))
    assert summary.overdue == 1 and summary.by_state[R] == 2 and summary.by_state[V] == 1


def test_an_appeal_is_decided_by_another_supervisor(
    services: Services, svc: FollowupService
) -> None:
    key = add_evaluation(services.db, date(2026, 11, 20))
    other = add_evaluation(services.db, date(2026, 11, 23), level=2)
    svc.advance(ZHANG, key, V, "经查监控，服务正常", None)
    view = svc.appeal(ZHANG, key, "评价人在窗口外与他人争执后误评")
    assert view.appeal is AppealState.PENDING and view.state is R
    with pytest.raises(CounterError) as blocked:
        svc.advance(ZHANG, key, R, "整改", view.row_version, RectifyMode.AT_ONCE)
    assert blocked.value.field == "step" and "申诉" in blocked.value.message
    with pytest.raises(CounterError) as own:
        svc.decide_appeal(ZHANG, key, True, "同意")
    assert own.value.message == "申诉须由另一位科长审核" and own.value.field == "appeal"
    assert svc.summary(ZHANG, date(2026, 11, 1), date(2026, 11, 30)).appeals_pending == 1
    view = svc.decide_appeal(LI, key, True, "监控显示服务规范，申诉成立")
    assert view.state is FollowupState.ANNULLED and view.appeal is AppealState.UPHELD
    with services.db.read() as session:
        counted = session.scalars(select(Evaluation.id).where(counts_as_bad())).all()
    assert counted == [other]
    summary = svc.summary(ZHANG, date(2026, 11, 1), date(2026, 11, 30))
    assert summary.bad == 1 and summary.by_state[FollowupState.ANNULLED] == 1
    assert [s.step for s in svc.history(ZHANG, key)] == ["verify", "appeal", "appeal_upheld"]


def test_a_rejected_appeal_leaves_the_review_where_it_was(
    services: Services, svc: FollowupService
) -> None:
    key = add_evaluation(services.db, date(2026, 11, 20))
    svc.appeal(ZHANG, key, "恶意差评")  # before any step: the follow-up starts at 待核实
    view = svc.decide_appeal(LI, key, False, "理由不足，驳回")
    assert view.state is V and view.appeal is AppealState.REJECTED
    with pytest.raises(CounterError) as twice:
        svc.appeal(ZHANG, key, "再申诉")
    assert twice.value.field == "appeal"
    svc.advance(ZHANG, key, V, "属实", view.row_version)
    with services.db.read() as session:
        assert session.scalar(select(func.count()).where(counts_as_bad())) == 1


def test_the_staff_rated_cannot_decide_the_appeal(services: Services, svc: FollowupService) -> None:
    key = add_evaluation(services.db, date(2026, 11, 20), staff="li_kz")
    svc.appeal(ZHANG, key, "误评")
    with pytest.raises(CounterError) as refused:
        svc.decide_appeal(LI, key, True, "同意")
    assert refused.value.field == "appeal"


def test_raters_are_masked_and_real_name_reviews_marked(
    services: Services, svc: FollowupService
) -> None:
    add_evaluation(services.db, date(2026, 11, 20), name="欧阳娜娜", phone="13812345678")
    add_evaluation(services.db, date(2026, 11, 20))
    add_evaluation(services.db, date(2026, 11, 20), level=3)  # 基本满意: not a bad review
    named, anonymous = sorted(svc.bad_reviews(ZHANG), key=lambda r: not r.real_name)
    assert named.rater == "欧**娜 138****5678" and named.real_name
    assert anonymous.rater == "" and not anonymous.real_name
    assert named.level_label == "非常不满意" and named.reasons == ("等候时间",)
    assert svc.summary(ZHANG, date(2026, 11, 1), date(2026, 11, 30)).real_name == 1


def test_only_supervisors(services: Services, svc: FollowupService) -> None:
    key = add_evaluation(services.db, date(2026, 11, 20))
    calls = (
        lambda: svc.bad_reviews(CLERK),
        lambda: svc.advance(CLERK, key, V, "属实", None),
        lambda: svc.appeal(CLERK, key, "误评"),
        lambda: svc.history(CLERK, key),
        lambda: svc.summary(CLERK, TODAY, TODAY),
    )
    for call in calls:
        with pytest.raises(CounterError, match="科长"):
            call()
    assert steps_written(services.db) == (0, 0, 0)


def test_a_good_review_has_no_follow_up(services: Services, svc: FollowupService) -> None:
    key = add_evaluation(services.db, date(2026, 11, 20), level=4)
    with pytest.raises(CounterError) as refused:
        svc.advance(ZHANG, key, V, "属实", None)
    assert refused.value.field == "evaluation"


# -- two supervisors start the same review at once -------------------------------------------
@pytest.fixture
def two_pcs(any_url: str, tmp_path: Path) -> Iterator[tuple[Services, Services]]:
    first = Services.open(any_url, today=lambda: TODAY)
    second = Services.open(any_url, upgrade=False, today=lambda: TODAY)
    yield first, second
    second.close()
    first.close()


def test_two_supervisors_starting_one_review_make_one_follow_up(
    two_pcs: tuple[Services, Services],
) -> None:
    first, second = two_pcs
    key = add_evaluation(first.db, date(2026, 11, 20))
    barrier, results = threading.Barrier(2), []

    def take(services: Services, actor: Actor) -> None:
        barrier.wait()
        try:
            services.followups.advance(actor, key, V, f"{actor.display_name}核实", None)
            results.append("ok")
        except CounterError as exc:
            results.append(exc.field or "")

    threads = [
        threading.Thread(target=take, args=(first, ZHANG)),
        threading.Thread(target=take, args=(second, LI)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "step"]
    assert steps_written(first.db) == (1, 1, 1)


def test_the_insert_race_is_refused_cleanly(
    services: Services, svc: FollowupService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other PC's row arrived between our look and our insert: the unique key refuses it."""
    key = add_evaluation(services.db, date(2026, 11, 20))
    svc.advance(ZHANG, key, V, "属实", None)
    monkeypatch.setattr(followups, "find_followup", lambda _session, _key: None)
    with pytest.raises(CounterError) as refused:
        svc.advance(LI, key, V, "也来核实", None)
    assert refused.value.field == "step" and "其他科长" in refused.value.message
    assert steps_written(services.db) == (1, 1, 1)


# -- counter-admin followup ------------------------------------------------------------------
@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(tmp_path / "counter.db", monkeypatch, capsys)
    assert cli(*SETUP, stdin=ADMIN_PW + "\n").code == 0
    return cli


def test_the_command_line_lists_and_steps(cli: Cli) -> None:
    database = Database(make_engine(cli.url))
    late = add_evaluation(database, date(2026, 11, 2))  # due 11-23: overdue from 11-24 on
    add_evaluation(database, date(2026, 11, 20), level=4)  # a good review: not listed
    database.dispose()
    listed = cli("followup", "list")
    assert listed.code == 0
    (line, total) = listed.out.strip().splitlines()
    assert line.split("\t") == [
        "2026-11-02",
        "窗口 03",
        "zhou",
        "非常不满意",
        "待核实",
        "期限 2026-11-23",
        "超期",
        str(late),
    ]
    assert total == "共 1 条差评，其中超期 1 条"
    assert cli("followup", "list", "--overdue").out == listed.out
    out_of_order = cli("followup", "step", str(late), "--step", "rectify", "--text", "整改")
    assert out_of_order.code == 2 and "请先完成“待核实”" in out_of_order.err
    done = cli("followup", "step", str(late), "--step", "verify", "--text", "属实")
    assert done.code == 0 and "当前：待整改" in done.out
    shown = cli("followup", "history", str(late))
    assert shown.out.splitlines()[1].split("\t")[1:] == ["counter-admin", "核实", "属实"]
    assert cli("followup", "step", "not-an-id", "--step", "verify", "--text", "x").code == 2
