"""Training records and the reward/punishment record fed by the assessment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.supervision.rules.assessment_rules import (
    PUNISH_MAX_LATE,
    REWARD_MIN_EVALUATIONS,
    Assessment,
    MeritKind,
    decide,
)
from db.models.audit import AuditLog
from tests.conftest import TODAY
from tests.supervision.test_assessment import BOSS, CHINA, CLERK, NOV1, NOV30, Loader, load_dataset


@pytest.fixture
def hall(services: Services) -> Services:
    load_dataset(services.db)
    services.staff_records.assessment.utc_offset = CHINA
    return services


def test_training_is_added_listed_and_removed_with_its_audit(hall: Services) -> None:
    records = hall.staff_records
    view = records.add_training(BOSS, "li", date(2026, 11, 26), " 专利审查指南 ", 3.5, "省局")
    assert (view.staff_name, view.subject, view.hours, view.entered_by) == (
        "李受理",
        "专利审查指南",
        3.5,
        "zhao",
    )
    listed = records.trainings(BOSS, staff="li")
    assert listed[0] == view  # newest first
    assert [t.held_on for t in listed] == [
        date(2026, 11, 26),
        date(2026, 11, 20),
        date(2026, 11, 5),
        date(2026, 10, 5),
    ]
    assert len(records.trainings(BOSS, "li", NOV1, date(2026, 11, 10))) == 1
    records.remove_training(BOSS, view.id, view.row_version, "录入错误")
    assert view.id not in {t.id for t in records.trainings(BOSS, staff="li")}
    with hall.db.read() as s:
        actions = list(s.scalars(select(AuditLog.action).where(AuditLog.entity_id == view.id)))
    assert actions == ["training_add", "training_remove"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"staff": "nobody"}, "staff"),
        ({"hours": 0.4}, "hours"),
        ({"hours": 100.5}, "hours"),
        ({"held_on": date(2026, 11, 28)}, "held_on"),
        ({"subject": "  "}, "subject"),
        ({"subject": "培" * 101}, "subject"),
    ],
)
def test_bad_training_is_refused_at_its_field_and_nothing_saved(
    hall: Services, kwargs: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {
        "staff": "li",
        "held_on": TODAY,
        "subject": "窗口礼仪",
        "hours": 2.0,
    }
    before = len(hall.staff_records.trainings(BOSS))
    with pytest.raises(CounterError) as info:
        hall.staff_records.add_training(BOSS, **(values | kwargs))  # type: ignore[arg-type]
    assert info.value.field == field
    assert len(hall.staff_records.trainings(BOSS)) == before


def test_only_a_supervisor_keeps_training_records(hall: Services) -> None:
    with pytest.raises(CounterError):
        hall.staff_records.add_training(CLERK, "li", TODAY, "窗口礼仪", 2)
    with pytest.raises(CounterError):
        hall.staff_records.trainings(CLERK)


def test_removing_a_stale_or_unknown_record_is_refused(hall: Services) -> None:
    view = hall.staff_records.add_training(BOSS, "li", TODAY, "窗口礼仪", 2)
    with pytest.raises(CounterError) as info:
        hall.staff_records.remove_training(BOSS, view.id, view.row_version + 1, "错了")
    assert info.value.field == "id"
    with pytest.raises(CounterError) as info:
        hall.staff_records.remove_training(BOSS, view.id, view.row_version, " ")
    assert info.value.field == "reason"
    assert view in hall.staff_records.trainings(BOSS, staff="li")


# The rule -----------------------------------------------------------------------------------


def _good() -> Assessment:
    levels = {5: REWARD_MIN_EVALUATIONS - 1, 4: 1, 3: 0, 2: 0, 1: 0}
    return Assessment("li", "李受理", NOV1, NOV30, levels=levels, with_deadline=5, on_time=5)


def test_the_rule_rewards_punishes_or_neither() -> None:
    assert decide(_good()).kind is MeritKind.REWARD
    assert decide(replace(_good(), complaints_upheld=1)).kind is MeritKind.PUNISH
    late = replace(_good(), late=PUNISH_MAX_LATE + 1, on_time=5 - PUNISH_MAX_LATE - 1)
    assert decide(late).kind is MeritKind.PUNISH
    one_late = replace(_good(), late=1, on_time=4)
    assert decide(one_late).kind is MeritKind.NONE
    assert "按期办结率 80.0%" in decide(one_late).reasons[0]
    few = replace(_good(), levels={5: REWARD_MIN_EVALUATIONS - 1, 4: 0, 3: 0, 2: 0, 1: 0})
    assert decide(few).kind is MeritKind.NONE
    unhappy = replace(_good(), levels={5: 40, 4: 8, 3: 2, 2: 0, 1: 0})  # 96 %
    assert decide(unhappy).kind is MeritKind.NONE
    no_deadlines = replace(_good(), with_deadline=0, on_time=0)
    assert decide(no_deadlines).kind is MeritKind.REWARD


# Proposals and records ----------------------------------------------------------------------


def test_proposal_from_the_assessment_is_recorded_with_its_figures(hall: Services) -> None:
    proposal = hall.staff_records.propose_merit(BOSS, "li", NOV1, NOV30)
    assert proposal.kind is MeritKind.PUNISH  # one upheld complaint
    assert proposal.reasons == ("成立的投诉 1 件",)
    assert proposal.basis["complaints_upheld"] == 1
    assert proposal.basis["satisfaction_rate"] == 57.1
    merit = hall.staff_records.record_merit(BOSS, proposal, "约谈一次")
    assert merit.kind is MeritKind.PUNISH and merit.note == "约谈一次"
    assert merit.basis["received"] == 3 and merit.basis["reasons"] == ["成立的投诉 1 件"]
    assert "成立的投诉" in merit.rule
    assert hall.staff_records.merits(BOSS, "li") == [merit]
    with pytest.raises(CounterError) as info:  # the same period twice
        hall.staff_records.record_merit(BOSS, proposal)
    assert info.value.field == "proposal"


def test_figures_changed_since_the_proposal_are_refused(hall: Services) -> None:
    proposal = hall.staff_records.propose_merit(BOSS, "li", NOV1, NOV30)
    Loader(hall.db).rating("li", date(2026, 11, 25), 5)  # a rating arrives meanwhile
    with pytest.raises(CounterError) as info:
        hall.staff_records.record_merit(BOSS, proposal)
    assert info.value.field == "proposal"
    assert hall.staff_records.merits(BOSS) == []


def test_figures_typed_into_a_proposal_are_refused(hall: Services) -> None:
    proposal = hall.staff_records.propose_merit(BOSS, "li", NOV1, NOV30)
    forged = replace(proposal, kind=MeritKind.REWARD, basis=proposal.basis | {"complaints": 0})
    for bad in (forged, replace(proposal, kind=MeritKind.REWARD)):
        with pytest.raises(CounterError):
            hall.staff_records.record_merit(BOSS, bad)
    assert hall.staff_records.merits(BOSS) == []


# The command line ---------------------------------------------------------------------------


def test_command_line_adds_lists_and_assesses(
    hall: Services, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from counter_app.cli import main

    db = ["--db", sqlite_url]
    add = ["training", "add", "--staff", "li", "--date", "2024-05-06", "--subject", "礼仪"]
    assert main([*db, *add, "--hours", "2.5", "--provider", "省局"]) == 0
    assert "李受理" in capsys.readouterr().out
    assert main([*db, "training", "list", "--staff", "li"]) == 0
    out = capsys.readouterr().out
    assert "2024-05-06\tli\t李受理\t礼仪\t2.5\t省局" in out and "共 4 条，9 学时" in out
    assert main([*db, "training", "assess", "--staff", "li", "--from", "2026-11-01",
                 "--to", "2026-11-30"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "受理 3 件" in out and "投诉 3 件，其中成立 1 件" in out
    assert "非常满意 3，满意 1，基本满意 1，不满意 1，非常不满意 1；满意率 57.1%" in out
    assert main([*db, "training", "visits", "--from", "2026-11-01", "--to", "2026-11-30"]) == 0
    assert "办件 0 件，一次办成 0 件（-）" in capsys.readouterr().out  # no history here


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "--staff", "li", "--date", "2024-13-01", "--subject", "x", "--hours", "2"],
         "--date"),
        (["add", "--staff", "li", "--date", "2024-05-06", "--subject", "x", "--hours", "两"],
         "学时"),
        (["add", "--staff", "li", "--date", "2024-05-06", "--subject", "x", "--hours", "nan"],
         "学时"),
        (["add", "--staff", "li", "--date", "2024-05-06", "--subject", "x", "--hours", "200"],
         "学时"),
        (["add", "--staff", "nobody", "--date", "2024-05-06", "--subject", "x", "--hours", "2"],
         "找不到工作人员"),
        (["assess", "--staff", "li", "--from", "2026-11-30", "--to", "2026-11-01"], "结束日期"),
        (["visits", "--from", "2026-11-01", "--to", "11/30"], "--to"),
    ],
)  # fmt: skip
def test_command_line_bad_input_is_exit_2_in_chinese(
    hall: Services,
    sqlite_url: str,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    from counter_app.cli import main

    assert main(["--db", sqlite_url, "training", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
