"""The ratings and complaints behind 评价数 / 满意率 / 投诉 / 投诉属实 and behind today's
差评待整改 / 投诉未办结: each list counts exactly its cell's number, in every view and row
(the totals and the rows without a key too), on SQLite and on PostgreSQL; the rater is never
in a row; complainants are masked unless a supervisor reveals them (audited)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date

import pytest
from sqlalchemy import select, update

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.reports.drill_reviews import ComplaintEntry, EvaluationRow
from counter_app.reports.rules.views import TOTAL_KEY
from counter_app.reports.service import ReportService
from db.models.audit import AuditLog
from db.models.supervision import Complaint, Evaluation
from tests.reports.conftest import ADMIN, CLERK, SUPERVISOR
from tests.reports.dataset import D
from tests.reports.test_engines import _service, both  # noqa: F401  (fixture)

Day = tuple[ReportService, dict[str, uuid.UUID]]
VIEWS = ("window", "staff", "item", "category")


def _check_every_cell(service: ReportService, start: date, end: date) -> int:
    """Every row of every view: the lists' lengths are the row's numbers. Returns how many
    rows were checked with something in them."""
    checked = 0
    for by in VIEWS:
        table = service.period(SUPERVISOR, start, end, by, compare=False)
        for row in (*table.rows, table.total):
            lists = (
                len(service.evaluations(SUPERVISOR, start, end, by, row.key, limit=100_000)),
                len(service.evaluations(SUPERVISOR, start, end, by, row.key, "good", 100_000)),
                len(service.complaints(SUPERVISOR, start, end, by, row.key, limit=100_000)),
                len(service.complaints(SUPERVISOR, start, end, by, row.key, "upheld", 100_000)),
            )
            figures = (
                row.evaluations,
                row.evaluations_good,
                row.complaints,
                row.complaints_upheld,
            )
            assert lists == figures, (by, row.key)
            checked += any(figures)
    return checked


def test_each_list_counts_its_cell_on_the_hand_made_day(day: Day) -> None:
    assert _check_every_cell(day[0], D, D) >= 10


def test_the_ratings_of_a_window_self_evaluation_and_annulled_left_out(day: Day) -> None:
    service, ids = day
    rows = service.evaluations(SUPERVISOR, D, D, "window", "02")
    # E3 (annulled on appeal) and E5 (the hall's self-evaluation) are not counted.
    assert [(r.evaluation_id, r.level, r.followup) for r in rows] == [
        (str(ids["E2"]), 4, ""),
        (str(ids["E4"]), 2, "verify"),
    ]
    assert [r.evaluation_id for r in service.evaluations(SUPERVISOR, D, D, measure="bad")] == [
        str(ids["E4"])
    ]
    # The category view: E4 had no ticket, so it is in the row without a category.
    assert [r.evaluation_id for r in service.evaluations(SUPERVISOR, D, D, "category", "")] == [
        str(ids["E4"])
    ]
    (e1,) = service.evaluations(SUPERVISOR, D, D, "item", "1")
    assert (e1.window, e1.staff, e1.category, e1.item) == ("01", "wang", "A", 1)


def test_the_rater_is_never_in_a_row(day: Day) -> None:
    service, ids = day
    with service._db.write() as s:
        s.execute(
            update(Evaluation)
            .where(Evaluation.id == ids["E2"])
            .values(
                rater_name="欧阳娜娜", rater_phone="13812345678", rater_org="某调查公司",
                reasons=["attitude", "waiting"], comment="等太久",
            )
        )  # fmt: skip
    (row,) = [r for r in service.evaluations(SUPERVISOR, D, D) if r.evaluation_id == str(ids["E2"])]
    assert row.reasons == ("attitude", "waiting") and row.comment == "等太久"
    shown = repr(asdict(row))
    for secret in ("欧阳", "13812345678", "5678", "调查公司"):
        assert secret not in shown


def test_complaints_masked_unless_a_supervisor_reveals_them_audited(day: Day) -> None:
    service = day[0]
    with service._db.write() as s:
        s.execute(update(Complaint).where(Complaint.number == "TS-P1").values(name="张三丰"))
        s.execute(
            update(Complaint).where(Complaint.number == "TS-P3").values(name="李四", anonymous=True)
        )
    rows = service.complaints(SUPERVISOR, D, D)  # P2 is a consultation: not a complaint
    assert [(r.number, r.complainant, r.upheld) for r in rows] == [
        ("TS-P1", "张*丰", True),
        ("TS-P3", "匿名", None),
    ]
    assert [r.number for r in service.complaints(SUPERVISOR, D, D, "staff", "li")] == ["TS-P1"]
    # A complaint names no queue: the category view has them all in the row without one.
    assert len(service.complaints(SUPERVISOR, D, D, "category", "")) == 2
    assert service.complaints(SUPERVISOR, D, D, "category", "A") == []
    with pytest.raises(CounterError):  # an administrator sees figures, not people
        service.complaints(ADMIN, D, D, reveal=True)
    shown = service.complaints(SUPERVISOR, D, D, "window", "02", reveal=True)
    assert [(r.number, r.complainant) for r in shown] == [("TS-P1", "张三丰")]
    with service._db.read() as s:
        (entry,) = s.scalars(select(AuditLog).where(AuditLog.action == "report.reveal"))
    assert entry.actor == "chief" and (entry.after or {})["complaints"] == ["TS-P1"]


def test_todays_open_bad_reviews_and_complaints_are_the_tiles_numbers(day: Day) -> None:
    service, ids = day
    today = service.today(SUPERVISOR)
    bad = service.open_bad_reviews(SUPERVISOR)
    assert len(bad) == today.bad_reviews_open == 1 and bad[0].evaluation_id == str(ids["E4"])
    assert len(service.open_bad_reviews(SUPERVISOR, overdue_only=True)) == 1
    assert today.bad_reviews_overdue == 1
    complaints = service.open_complaints(SUPERVISOR)
    assert [r.number for r in complaints] == ["TS-P3"]  # P1 replied, P2 a consultation
    assert len(complaints) == today.complaints_open and complaints[0].overdue
    overdue = service.open_complaints(SUPERVISOR, overdue_only=True)
    assert len(overdue) == today.complaints_overdue == 1
    level_counts = {level: 0 for level in (5, 4, 3, 2, 1)}
    for r in service.evaluations(SUPERVISOR, D, D):
        level_counts[r.level] += 1
    assert level_counts == today.evaluations_by_level


def test_bad_input_and_who_may_read(day: Day) -> None:
    service = day[0]
    with pytest.raises(CounterError) as bad:
        service.evaluations(SUPERVISOR, D, D, measure="upheld")
    assert bad.value.field == "measure"
    with pytest.raises(CounterError) as view:
        service.complaints(SUPERVISOR, D, D, "room", "1")
    assert view.value.field == "by"
    for read in (
        lambda: service.evaluations(CLERK, D, D),
        lambda: service.complaints(CLERK, D, D),
        lambda: service.open_bad_reviews(CLERK),
        lambda: service.open_complaints(CLERK),
    ):
        with pytest.raises(CounterError, match="科长或管理员"):
            read()
    assert len(service.evaluations(ADMIN, D, D)) == 3


def _same(rows: Sequence[EvaluationRow] | Sequence[ComplaintEntry]) -> list[tuple[object, ...]]:
    """The rows without what the seed makes differently per engine (random ids and numbers,
    the moment a row was written), sorted."""
    drop = {"evaluation_id", "complaint_id", "number", "rated_at", "received_at"}
    return sorted(
        (tuple((k, str(v)) for k, v in asdict(r).items() if k not in drop) for r in rows),
    )


def test_both_engines_give_the_same_lists_and_each_counts_its_cell(
    both: tuple[Services, Services, list[date]],  # noqa: F811
) -> None:
    lite, pg = _service(both[0]), _service(both[1])
    start, end = both[2][0], both[2][-1]
    assert _check_every_cell(lite, start, end) >= 15
    assert _check_every_cell(pg, start, end) >= 15
    for by in VIEWS:
        table = lite.period(SUPERVISOR, start, end, by, compare=False)
        for key in (table.rows[0].key, TOTAL_KEY):
            a = lite.evaluations(SUPERVISOR, start, end, by, key, limit=100_000)
            b = pg.evaluations(SUPERVISOR, start, end, by, key, limit=100_000)
            assert _same(a) == _same(b)
            c = lite.complaints(SUPERVISOR, start, end, by, key, limit=100_000)
            d = pg.complaints(SUPERVISOR, start, end, by, key, limit=100_000)
            assert _same(c) == _same(d)
    assert len(a) > 100 and c  # the totals row (last key) of the category view
    assert _same(lite.open_complaints(SUPERVISOR)) == _same(pg.open_complaints(SUPERVISOR))
    assert _same(lite.open_bad_reviews(SUPERVISOR)) == _same(pg.open_bad_reviews(SUPERVISOR))
    assert len(lite.open_bad_reviews(SUPERVISOR)) == lite.today(SUPERVISOR).bad_reviews_open
