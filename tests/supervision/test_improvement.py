"""The improvement report (R-SUP-5, 8.4.2): figures on a hand-made data set (answers worked out
by hand below), a quarter against its months, bad periods, actions tracked to done, the PDF."""

from __future__ import annotations

import subprocess
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.hall.settings import HallSettings
from counter_app.supervision.rules.periods import parse_period
from db.models import Applicant, AuditLog, Case, CaseEvent, CaseItem
from db.models.supervision import (
    Complaint,
    Evaluation,
    EvaluationFollowup,
    ImprovementAction,
    ImprovementReport,
    SupervisionStep,
)
from tests.conftest import ADMIN_PASSWORD, TODAY
from tests.hall.cli_support import ADMIN_PW, SETUP, Cli

BOSS = Actor("zhou", "周科长", frozenset({Role.SUPERVISOR}))
CLERK = Actor("li", "李受理", frozenset({Role.RECEPTION}))


def utc(day: date, hour: int = 2, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _evaluation(s: Session, level: int, day: date, source: str = "screen") -> Evaluation:
    row = Evaluation(
        service_key=f"c:{uuid.uuid4()}", source=source, level=level, business_date=day, staff="li"
    )
    s.add(row)
    s.flush()
    return row


def _followup(s: Session, ev: Evaluation, state: str, due: date, closed: datetime | None = None):
    s.add(
        EvaluationFollowup(
            evaluation_id=ev.id, state=state, opened_on=ev.business_date, due_date=due,
            closed_at=closed,
        )
    )  # fmt: skip


def _evaluations(s: Session) -> None:
    nov = date(2026, 11, 5)
    for level in (5, 5, 5, 4, 4, 3):
        _evaluation(s, level, nov)
    _followup(s, _evaluation(s, 2, nov), "rectify", date(2026, 11, 20))  # open, overdue
    # Closed on 2026-11-26 at 01:00 in the hall (17:00 UTC the day before): one day late.
    _followup(s, _evaluation(s, 1, nov), "closed", date(2026, 11, 25), utc(date(2026, 11, 25), 17))
    _followup(s, _evaluation(s, 1, nov), "annulled", date(2026, 11, 25))  # appeal upheld
    _evaluation(s, 2, date(2026, 11, 30), "keypad")  # no follow-up (yet)
    _evaluation(s, 5, date(2026, 10, 9))
    _evaluation(s, 2, date(2026, 10, 31))
    _evaluation(s, 5, date(2026, 12, 1))
    _evaluation(s, 2, date(2026, 12, 2))
    _evaluation(s, 4, date(2026, 9, 30))  # the quarter before


def _complaint(s: Session, n: int, **values: object) -> None:
    defaults: dict[str, object] = {
        "number": f"TS-{n:04d}", "text": "……", "business_date": date(2026, 11, 3),
        "due_date": date(2026, 11, 12), "channel": "onsite",
    }  # fmt: skip
    s.add(Complaint(**(defaults | values)))


def _complaints(s: Session) -> None:
    _complaint(s, 1, cause="attitude", upheld=True, state="archived",
               replied_at=utc(date(2026, 11, 9)), archived_at=utc(date(2026, 11, 10)))  # fmt: skip
    # Replied 2026-11-13 00:30 in the hall: after its deadline of the 12th.
    _complaint(s, 2, channel="phone", cause="efficiency", upheld=False, state="replied",
               replied_at=utc(date(2026, 11, 12), 16, 30))  # fmt: skip
    _complaint(s, 3, channel="letter", state="assigned", due_date=date(2026, 11, 20))
    _complaint(s, 4, channel="online", state="registered", due_date=date(2026, 12, 3))
    _complaint(s, 5, channel="kiosk", kind="suggestion")
    _complaint(s, 6, channel="phone", kind="consultation", state="archived")
    _complaint(s, 7, business_date=date(2026, 10, 30), state="registered")  # October
    _complaint(s, 8, kind="complaint", deleted=True)  # removed: never counted


def _case(s: Session, items: list[tuple[str, int, str]], promised: date, status: str,
          decided: datetime | None = None) -> None:  # fmt: skip
    applicant = Applicant(
        kind="person", name="张三", id_type="id_card", id_number=str(uuid.uuid4())[:18]
    )
    s.add(applicant)
    s.flush()
    received = promised - timedelta(days=20)
    case = Case(
        number=f"LYG-{uuid.uuid4().hex[:12]}", status=status, applicant_id=applicant.id,
        received_on=received, received_at=utc(received), received_by="li", counter_code="W03",
        promised_on=promised, draft_key=str(uuid.uuid4()),
    )  # fmt: skip
    s.add(case)
    s.flush()
    for position, (item_id, number, name) in enumerate(items):
        s.add(CaseItem(case_id=case.id, item_id=uuid.UUID(item_id), item_version=1,
                       item_number=number, item_name=name, position=position))  # fmt: skip
    s.add(CaseEvent(case_id=case.id, at=utc(received), actor="li", action="receive",
                    to_status="received"))  # fmt: skip
    if decided is not None:
        s.add(CaseEvent(case_id=case.id, at=decided, actor="wang", action="approve",
                        from_status="under_examination", to_status="approved"))  # fmt: skip


def _cases(s: Session, services: Services) -> None:
    by_number = {i.number: (i.id, i.number, i.content.name) for i in services.catalog.list_items()}
    one, five, eight = by_number[1], by_number[5], by_number[8]
    nov10 = date(2026, 11, 10)
    _case(s, [one], nov10, "delivered", utc(date(2026, 11, 9)))  # on time
    _case(s, [one], nov10, "approved", utc(nov10, 17))  # decided on the 11th in the hall: late
    _case(s, [five], date(2026, 11, 20), "under_examination")  # still running: overdue
    _case(s, [five, one], date(2026, 11, 18), "received")  # overdue under both items
    _case(s, [five], date(2026, 11, 30), "received")  # promised after today
    _case(s, [eight], date(2026, 10, 15), "received")  # October's
    _case(s, [eight], date(2026, 11, 5), "returned_for_correction")  # the clock stands


def _actions(s: Session) -> None:
    report = ImprovementReport(period="2026-10", analysis="十月分析", author="zhou")
    s.add(report)
    s.flush()
    done = {"state": "done", "result": "已培训"}
    s.add(ImprovementAction(report_id=report.id, text="加强礼仪培训", owner="zhou",
                            due_date=date(2026, 11, 10), **done))  # fmt: skip
    s.add(ImprovementAction(report_id=report.id, text="增设引导员", owner="wang",
                            due_date=date(2026, 11, 20)))  # fmt: skip


@pytest.fixture
def data(services: Services, admin: Actor) -> Services:
    with services.db.write() as s:
        _evaluations(s)
        _complaints(s)
        _cases(s, services)
        _actions(s)
    return services


def test_november_figures_worked_out_by_hand(data: Services) -> None:
    f = data.improvement.figures(BOSS, "2026-11")
    assert (f.period, f.period_label, f.previous_period) == ("2026-11", "2026年11月", "2026-10")
    # The annulled review is left out of the levels: 3 + 2 + 1 + 2 + 1 = 9, good 5.
    assert [(lv.level, lv.count, lv.previous) for lv in f.levels] == [
        (5, 3, 1), (4, 2, 0), (3, 1, 0), (2, 2, 1), (1, 1, 0),
    ]  # fmt: skip
    assert (f.evaluations, f.previous_evaluations) == (9, 2)
    assert f.satisfaction == pytest.approx(5 / 9) and f.previous_satisfaction == pytest.approx(0.5)
    assert {c.key: c.count for c in f.sources if c.count} == {"screen": 9, "keypad": 1}
    assert f.bad_reviews == 4
    assert {c.key: c.count for c in f.followups} == {
        "rectify": 1, "closed": 1, "annulled": 1, "none": 1,
    }  # fmt: skip
    assert (f.followups_overdue, f.followups_late, f.annulled) == (1, 1, 1)
    assert {c.key: c.count for c in f.kinds} == {"complaint": 4, "consultation": 1, "suggestion": 1}
    assert {c.key: c.count for c in f.causes} == {"attitude": 1, "efficiency": 1, "": 2}
    assert {c.key: c.count for c in f.results} == {"upheld": 1, "rejected": 1, "pending": 2}
    assert {c.key: c.count for c in f.channels} == {
        "onsite": 1, "letter": 1, "phone": 1, "online": 1, "kiosk": 0,
    }  # fmt: skip
    assert (f.complaints, f.complaints_overdue, f.complaints_late, f.suggestions) == (4, 1, 1, 1)
    assert [(i.item_number, i.due, i.overdue) for i in f.overdue_items] == [(1, 3, 2), (5, 2, 2)]
    assert f.overdue_cases == 3
    assert [(a.text, a.state, a.overdue) for a in f.previous_actions] == [
        ("加强礼仪培训", "done", False), ("增设引导员", "open", True),
    ]  # fmt: skip
    assert f.previous_done == 1 and f.actions == () and f.row_version == 0


def test_a_quarter_is_the_sum_of_its_months(data: Services) -> None:
    quarter = data.improvement.figures(BOSS, "2026-Q4")
    months = [data.improvement.figures(BOSS, f"2026-{m}") for m in ("10", "11", "12")]
    assert quarter.period_label == "2026年第四季度" and quarter.previous_period == "2026-Q3"
    for index, level in enumerate(quarter.levels):
        assert level.count == sum(m.levels[index].count for m in months)
    assert quarter.evaluations == sum(m.evaluations for m in months) == 13
    assert quarter.previous_evaluations == 1  # September's
    assert quarter.complaints == sum(m.complaints for m in months) == 5
    assert quarter.bad_reviews == sum(m.bad_reviews for m in months)
    assert quarter.overdue_cases == sum(m.overdue_cases for m in months) == 4  # October's too


@pytest.mark.parametrize(
    "period", ["", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-11", "2026/11", "abc", "1999-01"]
)
def test_bad_periods_are_refused_on_the_period_field(data: Services, period: str) -> None:
    with pytest.raises(CounterError) as caught:
        data.improvement.figures(BOSS, period)
    assert caught.value.field == "period" and "2026-Q4" in caught.value.message


def test_periods() -> None:
    assert parse_period("2026-q1").key == "2026-Q1"
    assert parse_period("2026-01").previous().key == "2025-12"
    assert parse_period("2026-Q1").previous().key == "2025-Q4"
    assert parse_period("2024-02").last == date(2024, 2, 29)
    assert [m.key for m in parse_period("2026-Q2").months()] == ["2026-04", "2026-05", "2026-06"]


def test_only_a_supervisor_sees_or_changes_the_report(data: Services) -> None:
    with pytest.raises(CounterError, match="科长"):
        data.improvement.figures(CLERK, "2026-11")
    with pytest.raises(CounterError, match="科长"):
        data.improvement.add_action(CLERK, "2026-11", "x", "y", TODAY)


def test_actions_are_tracked_to_done_and_audited(data: Services) -> None:
    service = data.improvement
    saved = service.save_analysis(BOSS, "2026-11", "  窗口高峰等候时间长。\n需增加弹性窗口。 ", 0)
    assert saved.analysis == "窗口高峰等候时间长。\n需增加弹性窗口。" and saved.row_version == 1
    with pytest.raises(CounterError) as stale:
        service.save_analysis(BOSS, "2026-11", "另一人的分析", 0)
    assert stale.value.field == "analysis"
    again = service.save_analysis(BOSS, "2026-11", "修改后的分析", 1)
    assert (again.analysis, again.row_version, again.author) == ("修改后的分析", 2, "zhou")
    for text, owner, due, field in (
        ("", "zhou", TODAY, "text"),
        ("措施", " ", TODAY, "owner"),
        ("措施", "zhou", None, "due_date"),
        ("措施", "zhou", TODAY - timedelta(days=1), "due_date"),
    ):
        with pytest.raises(CounterError) as bad:
            service.add_action(BOSS, "2026-11", text, owner, due)
        assert bad.value.field == field
    action = service.add_action(BOSS, "2026-11", "增设弹性窗口", "wang", date(2026, 12, 15))
    assert (action.period, action.state, action.overdue) == ("2026-11", "open", False)
    open_ones = service.actions(BOSS, open_only=True)
    assert [a.text for a in open_ones] == ["增设引导员", "增设弹性窗口"]  # by due date
    assert open_ones[0].overdue and open_ones[0].state_label == "已超期"
    with pytest.raises(CounterError, match="完成情况"):
        service.complete_action(BOSS, action.id, "  ", action.row_version)
    with pytest.raises(CounterError, match="他人修改"):
        service.complete_action(BOSS, action.id, "已增设", action.row_version + 1)
    done = service.complete_action(BOSS, action.id, "已增设 2 个弹性窗口", action.row_version)
    assert (done.state, done.done_by, done.result) == ("done", "zhou", "已增设 2 个弹性窗口")
    with pytest.raises(CounterError, match="已标记完成"):
        service.complete_action(BOSS, action.id, "再次", done.row_version)
    assert [a.text for a in service.actions(BOSS, open_only=True)] == ["增设引导员"]
    assert len(service.actions(BOSS)) == 3
    assert [a.text for a in service.figures(BOSS, "2026-11").actions] == ["增设弹性窗口"]
    with data.db.read() as s:
        steps = s.scalars(select(SupervisionStep.step).where(SupervisionStep.subject == "action"))
        assert sorted(steps) == ["done", "open"]
        actions = s.scalars(select(AuditLog.action).where(AuditLog.actor == "zhou")).all()
        assert actions.count("improvement_analysis") == 2
        assert {"improvement_action_add", "improvement_action_done"} <= set(actions)
        assert s.scalar(select(func.count()).select_from(ImprovementReport)) == 2


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_pdf_reads_back_and_renders(data: Services, tmp_path: Path) -> None:
    service = data.improvement
    service.save_analysis(BOSS, "2026-11", "高峰时段等候时间偏长，态度类投诉集中在午间。", 0)
    service.add_action(BOSS, "2026-11", "午间错峰轮岗", "王主任", date(2026, 12, 31))
    pdf = service.report_pdf(BOSS, "2026-11")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)
    for expected in (
        "服务改进报告", "2026年11月", "2026-11-01 至 2026-11-30", "满意率", "55.6%", "50.0%",
        "申诉成立，已撤销", "服务态度", "投诉成立", "信函", "专利", "高峰时段等候时间偏长",
        "午间错峰轮岗", "王主任", "2026-12-31", "加强礼仪培训", "已培训", "打印人：周科长",
    ):  # fmt: skip
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)  # every font embedded
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "p")], check=True)
    assert sorted(tmp_path.glob("p*.png"))
    with data.db.read() as s:
        printed = s.scalar(select(AuditLog).where(AuditLog.action == "improvement_report_print"))
        assert printed is not None and printed.actor == "zhou"


def test_the_same_figures_on_postgresql(pg_url: str, hall_settings: HallSettings) -> None:
    services = Services.open(pg_url, today=lambda: TODAY)
    try:
        services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
        with services.db.write() as s:
            _evaluations(s)
            _complaints(s)
            _cases(s, services)
            _actions(s)
        f = services.improvement.figures(BOSS, "2026-11")
        assert [lv.count for lv in f.levels] == [3, 2, 1, 2, 1] and f.previous_evaluations == 2
        assert (f.followups_overdue, f.followups_late, f.annulled) == (1, 1, 1)
        assert {c.key: c.count for c in f.results} == {"upheld": 1, "rejected": 1, "pending": 2}
        assert (f.complaints_overdue, f.complaints_late) == (1, 1)
        assert [(i.item_number, i.due, i.overdue) for i in f.overdue_items] == [
            (1, 3, 2),
            (5, 2, 2),
        ]
        assert services.improvement.figures(BOSS, "2026-Q4").overdue_cases == 4
        assert services.improvement.report_pdf(BOSS, "2026-Q4").startswith(b"%PDF")
    finally:
        services.close()


def test_the_command_writes_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(tmp_path / "counter.db", monkeypatch, capsys)
    assert cli(*SETUP, stdin=ADMIN_PW + "\n").code == 0
    services = Services.open(cli.url, today=lambda: TODAY)
    with services.db.write() as s:
        _evaluations(s)
    services.close()
    out = tmp_path / "报告" / "2026-11.pdf"
    out.parent.mkdir()
    done = cli("report", "improvement", "--month", "2026-11", "--out", str(out))
    assert done.code == 0, done.err
    assert str(out) in done.out and "2026年11月" in done.out
    text = pdf_text(out)
    assert "服务改进报告" in text and "55.6%" in text and "系统管理命令" in text
    quarter = cli("report", "improvement", "--quarter", "2026-q4", "--out", str(tmp_path / "q.pdf"))
    assert quarter.code == 0 and "2026年第四季度" in pdf_text(tmp_path / "q.pdf")
    before = cli.rows("SELECT count(*) FROM audit_log")
    for args in (
        ("--month", "2026-13", "--out", str(tmp_path / "bad.pdf")),
        ("--quarter", "2026-Q9", "--out", str(tmp_path / "bad.pdf")),
        ("--month", "2026-11", "--out", str(tmp_path / "no-such-folder" / "r.pdf")),
        ("--month", "2026-11", "--out", str(tmp_path)),
    ):
        refused = cli("report", "improvement", *args)
        assert refused.code == 2 and refused.err.startswith("错误："), args
        assert "期间应为" in refused.err or "无法写入" in refused.err or "文件夹" in refused.err
    assert not (tmp_path / "bad.pdf").exists()
    assert cli.rows("SELECT count(*) FROM audit_log") == before  # nothing recorded
    both = cli("report", "improvement", "--month", "2026-11", "--quarter", "2026-Q4", "--out", "x")
    assert both.code == 2
