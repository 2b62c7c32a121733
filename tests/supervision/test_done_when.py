"""Issue 13's "done when", as a new user would go through it: a counter and a rating screen side
by side (two programs on one database), a ticket served and rated 非常不满意; the supervisor sees
the bad review with its deadline, takes it through every step and prints the month's
improvement report; a phone complaint assigned, answered and archived; an integrity record seen
at reception for that applicant."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from counter_app.container import Services
from counter_app.integrity.forms import IntegrityForm
from counter_app.supervision.rules.complaint_forms import ComplaintForm
from counter_app.supervision.rules.complaints import Cause, Channel, ReplyMethod, State
from counter_app.supervision.rules.evaluation import FollowupState, Level, RectifyMode, Source
from tests.cases.reception.support import PERSON
from tests.conftest import TODAY
from tests.supervision.rating_support import WINDOW, open_rating_hall

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    return "".join(out.stdout.decode().split())


def test_a_new_user_goes_through_supervision(
    services: Services, sqlite_url: str, tmp_path: Path
) -> None:
    hall = open_rating_hall(services)
    # The rating screen is its own program on the same database (main.py --mode rate).
    screen = Services.open(sqlite_url, today=lambda: TODAY)
    try:
        screen.evaluations.clock = hall.clock
        assert screen.evaluations.pending(WINDOW) is None  # idle until the window finishes
        ticket = hall.serve()
        service = screen.evaluations.pending(WINDOW)
        assert service is not None and service.ticket_number == ticket.number
        assert service.staff == "li"
        rated = screen.evaluations.rate(
            service, int(Level.VERY_DISSATISFIED), ("waiting",), "等了很久", Source.KEYPAD, "R03"
        )
        assert screen.evaluations.pending(WINDOW) is None  # one rating per service
    finally:
        screen.close()

    boss = hall.supervisor
    (review,) = services.followups.bad_reviews(boss)
    assert review.evaluation_id == rated.id
    assert review.state is FollowupState.VERIFY
    assert review.due == date(2026, 12, 18)  # 15 working days after Friday 2026-11-27
    steps = (
        (FollowupState.VERIFY, "调取录像，属实：高峰期只开一个窗口", None),
        (FollowupState.RECTIFY, "高峰期增开 04 号窗口", RectifyMode.AT_ONCE),
        (FollowupState.FEEDBACK, "电话告知申请人整改情况", None),
        (FollowupState.REVISIT, "回访：申请人表示满意", None),
    )
    version = None
    for step, text, mode in steps:
        view = services.followups.advance(boss, rated.id, step, text, version, rectify_mode=mode)
        version = view.row_version
    assert view.state is FollowupState.CLOSED
    assert [s.text for s in services.followups.history(boss, rated.id)][:4] == [
        text for _s, text, _m in steps
    ]
    assert services.followups.bad_reviews(boss) == []  # nothing open any more

    report = _pdf_text(services.improvement.report_pdf(boss, "2026-11"), tmp_path)
    assert "2026年11月" in report or "2026-11" in report
    assert "非常不满意" in report

    complaint = services.complaints.register(
        hall.clerk,
        ComplaintForm(
            channel=Channel.PHONE, text="窗口人员态度生硬", name="赵六", phone="13812345678"
        ),
    )
    c = services.complaints
    complaint = c.assign(boss, complaint.id, "li", complaint.row_version)
    complaint = c.investigate(
        boss, complaint.id, "核实：当日系统故障，解释不够耐心", complaint.row_version
    )
    complaint = c.resolve(
        boss, complaint.id, "批评教育，加强培训", Cause.ATTITUDE, True, complaint.row_version
    )
    complaint = c.reply(
        boss, complaint.id, ReplyMethod.PHONE, "已电话答复处理结果", complaint.row_version
    )
    complaint = c.archive(boss, complaint.id, complaint.row_version)
    assert complaint.state is State.ARCHIVED
    assert [r.number for r in c.list(boss, open_only=True)] == []

    services.integrity.add(
        boss,
        IntegrityForm(
            subject_kind="applicant",
            subject_name=PERSON.name,
            subject_code=PERSON.id_number,
            category="abnormal_patent",
            source_doc="国知发保字〔2026〕12号",
            decision_date=date(2026, 10, 9),
            starts=date(2026, 10, 9),
            ends=date(2027, 10, 8),
        ),
    )
    (found,) = services.integrity.lookup(hall.clerk, [PERSON.id_number])
    assert found.subject_name == PERSON.name and found.source_doc == "国知发保字〔2026〕12号"
