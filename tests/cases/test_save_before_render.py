"""A reception's case is committed before its notice is rendered (issue 17): without
``print_now`` nothing is rendered at all, with it the renderer sees a committed case; the
notice is laid out outside the write transaction and a copy issued meanwhile makes it a 补打."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from counter_app.cases.reception_notice import ReceptionDesk, notice_kind
from counter_app.cases.rules.reception import Outcome
from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.rules.catalog import parse_item_content
from db.models import AuditLog, DocumentIssue
from printers import pdf
from tests.cases.reception.support import form

requires_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils"
)


@pytest.fixture
def desk(services: Services) -> ReceptionDesk:
    return ReceptionDesk(services.reception, services.documents)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every acceptance notice rendered (its case number), through the real renderer."""
    seen: list[str] = []
    real = pdf.render_acceptance_notice

    def spy(doc: pdf.AcceptanceNotice) -> bytes:
        seen.append(doc.case_number)
        return real(doc)

    monkeypatch.setattr(pdf, "render_acceptance_notice", spy)
    return seen


def issues(services: Services) -> list[tuple[str, bool]]:
    with services.db.read() as session:
        rows = session.execute(
            select(DocumentIssue.kind, DocumentIssue.reprint).order_by(DocumentIssue.issued_at)
        )
        return [(kind, reprint) for kind, reprint in rows]


def database_file(services: Services) -> str:
    name = services.db.engine.url.database
    assert name
    return name


def committed_cases(path: str, number: str) -> int:
    """Cases with ``number`` as another connection sees them (committed rows only)."""
    conn = sqlite3.connect(path)
    try:
        (count,) = conn.execute("SELECT count(*) FROM cases WHERE number = ?", (number,)).fetchone()
    finally:
        conn.close()
    return int(count)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@requires_pdftotext
def test_save_renders_nothing_until_the_notice_is_asked_for(
    services: Services,
    reception_user: Actor,
    desk: ReceptionDesk,
    renders: list[str],
    tmp_path: Path,
) -> None:
    saved = desk.save(reception_user, form(services, 11))
    assert saved.notice is None
    assert renders == [] and issues(services) == []
    assert committed_cases(database_file(services), saved.case.number) == 1

    notice = desk.notice(reception_user, saved.case)
    assert renders == [saved.case.number]
    assert notice.kind == "acceptance" and notice.problem == ""
    assert notice.document is not None and not notice.document.reprint
    text = pdf_text(notice.document.pdf, tmp_path)
    assert saved.case.number in text and "受理通知书" in text
    assert issues(services) == [("acceptance", False)]


def test_print_now_renders_a_case_already_committed(
    services: Services,
    reception_user: Actor,
    desk: ReceptionDesk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = database_file(services)
    seen: list[int] = []
    real = pdf.render_acceptance_notice

    def check(doc: pdf.AcceptanceNotice) -> bytes:
        seen.append(committed_cases(path, doc.case_number))  # another connection's view
        return real(doc)

    monkeypatch.setattr(pdf, "render_acceptance_notice", check)
    saved = desk.save(reception_user, form(services, 11), print_now=True)
    assert seen == [1]
    assert saved.notice is not None and saved.notice.document is not None
    assert saved.notice.document.pdf.startswith(b"%PDF")
    assert issues(services) == [("acceptance", False)]


def test_a_notice_that_fails_keeps_the_case_and_records_no_issue(
    services: Services,
    reception_user: Actor,
    desk: ReceptionDesk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(_doc: pdf.AcceptanceNotice) -> bytes:
        raise CounterError("通知书模板损坏", "kind")

    monkeypatch.setattr(pdf, "render_acceptance_notice", broken)
    saved = desk.save(reception_user, form(services, 11), print_now=True)
    assert saved.notice is not None
    assert saved.notice.document is None and saved.notice.problem == "通知书模板损坏"
    assert saved.case.status is CaseState.RECEIVED
    assert committed_cases(database_file(services), saved.case.number) == 1
    assert issues(services) == []
    with services.db.read() as session:
        logged = session.scalar(
            select(func.count()).where(AuditLog.action == "document_issue").select_from(AuditLog)
        )
    assert logged == 0


def test_a_copy_issued_while_rendering_makes_this_one_a_reprint(
    services: Services, reception_user: Actor, desk: ReceptionDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = desk.save(reception_user, form(services, 11))
    real = pdf.render_acceptance_notice
    marks: list[bool] = []
    other: list[Any] = []

    def meanwhile(doc: pdf.AcceptanceNotice) -> bytes:
        marks.append(doc.reprinted_at is not None)
        if len(marks) == 1:  # another window issues the first copy while this one lays out
            other.append(services.documents.render(reception_user, saved.case.number, "acceptance"))
        return real(doc)

    monkeypatch.setattr(pdf, "render_acceptance_notice", meanwhile)
    notice = desk.notice(reception_user, saved.case)
    assert other and not other[0].reprint
    assert notice.document is not None and notice.document.reprint
    # ours laid out as a first copy, the other's as one, ours again as the 补打 it became
    assert marks == [False, False, True]
    assert issues(services) == [("acceptance", False), ("acceptance", True)]


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda s: form(s, 11), "acceptance"),
        (lambda s: form(s, 11, lacking=1), "supplement"),
        (lambda s: form(s, 11, outcome=Outcome.REFUSE, reasons=("材料不符合法定形式",)), "refusal"),
    ],
)
def test_each_outcome_gets_its_own_notice(
    services: Services,
    reception_user: Actor,
    desk: ReceptionDesk,
    make: Callable[[Services], Any],
    kind: str,
) -> None:
    saved = desk.save(reception_user, make(services))
    assert notice_kind(saved.case) == kind
    notice = desk.notice(reception_user, saved.case)
    assert notice.kind == kind and notice.document is not None
    assert notice.document.kind == kind and notice.document.pdf.startswith(b"%PDF")


@requires_pdftotext
def test_each_notice_cites_the_catalogue_version_its_case_was_received_under(
    services: Services, admin: Actor, reception_user: Actor, desk: ReceptionDesk, tmp_path: Path
) -> None:
    """The service keeps versions' contents it has read: an edit (a new version) must show on
    the next case's notice and never on the earlier case's, whatever the order."""
    item = next(i for i in services.catalog.list_items() if i.number == 11)
    first = desk.save(reception_user, form(services, 11)).case
    edited = item.content.to_json() | {"acceptance_basis": "《测试条例》第九十九条"}
    services.catalog.save(admin, item.id, parse_item_content(edited))
    second = desk.save(reception_user, form(services, 11)).case
    texts = {}
    for case in (first, second, first):
        notice = desk.notice(reception_user, case)
        assert notice.document is not None
        texts[case.number] = "".join(pdf_text(notice.document.pdf, tmp_path).split())
    assert "第九十九条" in texts[second.number]
    assert "第九十九条" not in texts[first.number]
