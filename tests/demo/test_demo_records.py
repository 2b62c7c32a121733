"""A small demo seed makes every state a planned case can reach, each with the rows its
documents need (issue 16, point 18): approvals with their result number, rejections and
returns with their reasons (a return with its resubmission day and open pause), pickups and
mail with their delivery rows, supplements with their deadline and missing materials, refusals
outside the office's powers with the competent body; payments on the case's own day. Every
document kind then renders for a demo case, read back with pdftotext. Bulk and service paths.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from counter_app.cases.documents import KINDS
from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.demo.seed import seed_demo
from counter_app.hall.settings import HallSettings
from db.models import Case, CaseDecision, CaseEvent, CaseMaterial, CasePause, Delivery, Payment
from tests.conftest import ADMIN_PASSWORD, TODAY

_S = CaseState
# What the planner makes (forwarding and returned mail are not planned); a rejected case soon
# moves on to delivery and few cases are archived, so a small seed need not hold those two
# states (their decisions and rows are checked wherever they are).
PLANNED = frozenset(CaseState) - {_S.FORWARDED, _S.MAIL_RETURNED}
SMALL_SEED_STATES = PLANNED - {_S.REJECTED, _S.CLOSED}
AFTER_DECISION = {_S.APPROVED, _S.REJECTED, _S.AWAITING_PICKUP, _S.MAILED, _S.DELIVERED}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("records") / "hall.db"
    services = Services.open(f"sqlite+pysqlite:///{path}")
    settings = HallSettings(
        hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W03"
    )
    services.hall.first_run(settings, "admin", "王管理", ADMIN_PASSWORD)
    services.close()
    return path


@pytest.fixture(scope="module", params=["bulk", "service"])
def seeded(
    request: pytest.FixtureRequest, template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Services]:
    path = tmp_path_factory.mktemp(request.param) / "counter.db"
    shutil.copyfile(template, path)
    services = Services.open(f"sqlite+pysqlite:///{path}", today=lambda: TODAY)
    seed_demo(services, 120, seed=9, method=request.param, counters=("W03",), today=TODAY)
    yield services
    services.close()


def _by_case(rows: Sequence[Any]) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        out[row.case_id].append(row)
    return out


def test_every_state_has_the_rows_its_documents_need(seeded: Services) -> None:
    with seeded.db.read() as session:
        cases = session.scalars(select(Case)).all()
        decisions = _by_case(session.scalars(select(CaseDecision)).all())
        deliveries = _by_case(session.scalars(select(Delivery)).all())
        pauses = _by_case(session.scalars(select(CasePause)).all())
        materials = _by_case(session.scalars(select(CaseMaterial)).all())
        events = _by_case(session.scalars(select(CaseEvent)).all())
        payments = session.scalars(select(Payment)).all()
    states = {CaseState(c.status) for c in cases}
    assert SMALL_SEED_STATES <= states <= PLANNED
    made = {d.kind for rows in decisions.values() for d in rows}
    assert made == {"approve", "rejected", "returned_for_correction"}
    assert {d.method for rows in deliveries.values() for d in rows} == {"pickup", "mail"}
    for case in cases:
        state, kinds = CaseState(case.status), {d.kind: d for d in decisions[case.id]}
        if state in AFTER_DECISION or "approve" in kinds or "rejected" in kinds:
            assert kinds.keys() & {"approve", "rejected"}, case.number
        if "approve" in kinds:
            assert kinds["approve"].result_number and case.result == kinds["approve"].result_number
        if "rejected" in kinds:
            assert kinds["rejected"].reasons and case.reasons == kinds["rejected"].reasons
        if "returned_for_correction" in kinds:
            correction = kinds["returned_for_correction"]
            assert correction.reasons and correction.resubmit_by is not None, case.number
            assert [p.reason for p in pauses[case.id]].count("correction") == 1
        if state is _S.RETURNED_FOR_CORRECTION:
            (open_pause,) = [p for p in pauses[case.id] if p.reason == "correction"]
            assert open_pause.end_on is None and case.reasons, case.number
        if state in (_S.AWAITING_PICKUP, _S.MAILED, _S.DELIVERED):
            (delivery,) = deliveries[case.id]
            wanted = {_S.AWAITING_PICKUP: {"waiting"}, _S.MAILED: {"sent"}}
            assert delivery.state in wanted.get(state, {"collected", "delivered"}), case.number
            if delivery.method == "mail":
                assert delivery.tracking_number and delivery.posted_on, case.number
                assert delivery.province == "江苏省" and delivery.district, case.number
                assert delivery.recipient_name and delivery.postal_code, case.number
            else:
                assert delivery.pickup_from and delivery.pickup_until, case.number
        if state is _S.AWAITING_SUPPLEMENT:
            assert case.supplement_deadline and case.supplement_deadline > case.received_on
            assert any(not m.received for m in materials[case.id]), case.number
            assert [p.end_on for p in pauses[case.id]] == [None], case.number
        if state is _S.REFUSED:
            assert case.reasons, case.number
            outside = any("职权范围" in r for r in case.reasons)
            data = events[case.id][0].data or {}
            assert bool(data.get("competent_authority")) == outside, case.number
    assert payments
    for p in payments:  # paid on the case's day (this PC's calendar), not when the seed ran
        assert p.paid_at.astimezone().date() == p.business_date <= TODAY


def _case_for(services: Services, kind: str) -> str:
    """A demo case number the document ``kind`` is for."""
    wanted = {
        "acceptance": (Case.status == _S.UNDER_EXAMINATION.value,),
        "supplement": (Case.status == _S.AWAITING_SUPPLEMENT.value,),
        "refusal": (Case.status == _S.REFUSED.value,),
        "receipt": (Case.id.in_(select(Payment.case_id)),),
        "pickup": (Case.id.in_(select(Delivery.case_id).where(Delivery.method == "pickup")),),
        "mail_label": (Case.id.in_(select(Delivery.case_id).where(Delivery.method == "mail")),),
        "approval": (
            Case.id.in_(select(CaseDecision.case_id).where(CaseDecision.kind == "approve")),
        ),
        "rejection": (
            Case.id.in_(select(CaseDecision.case_id).where(CaseDecision.kind == "rejected")),
        ),
        "correction": (
            Case.id.in_(
                select(CaseDecision.case_id).where(CaseDecision.kind == "returned_for_correction")
            ),
        ),
    }[kind]
    with services.db.read() as session:
        number = session.scalar(select(Case.number).where(*wanted).order_by(Case.number).limit(1))
    assert number, f"no demo case for {kind}"
    return str(number)


def _what_it_must_say(services: Services, kind: str, number: str) -> list[str]:
    with services.db.read() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        decision = {
            "approval": "approve",
            "rejection": "rejected",
            "correction": "returned_for_correction",
        }.get(kind)
        if decision is not None:
            row = session.scalar(
                select(CaseDecision).where(
                    CaseDecision.case_id == case.id, CaseDecision.kind == decision
                )
            )
            assert row is not None
            return [row.result_number] if decision == "approve" else list(row.reasons)
        if kind == "mail_label":
            mail = session.scalar(select(Delivery).where(Delivery.case_id == case.id))
            assert mail is not None
            return [mail.recipient_name, mail.postal_code]
        if kind == "receipt":
            paid = session.scalar(select(Payment).where(Payment.case_id == case.id))
            assert paid is not None
            return [paid.receipt_number]
        if kind == "supplement":
            missing = session.scalars(
                select(CaseMaterial.name).where(
                    CaseMaterial.case_id == case.id, CaseMaterial.received.is_(False)
                )
            ).all()
            return list(missing)
        return [number] + (list(case.reasons) if kind == "refusal" else [])


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_document_kind_renders_for_a_demo_case(
    seeded: Services, kind: str, tmp_path: Path
) -> None:
    number = _case_for(seeded, kind)
    doc = seeded.documents.render(SYSTEM_ACTOR, number, kind)
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(doc.pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    text = _flat(done.stdout)
    must = _what_it_must_say(seeded, kind, number)
    assert must and all(must), (kind, number, must)
    for expected in must:
        assert _flat(expected) in text, (kind, number, expected)
