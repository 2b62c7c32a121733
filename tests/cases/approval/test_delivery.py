"""Delivery: pickup with identity check, mail with checklist, label, stub and reconciliation."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from counter_app.cases.delivery import DeliveryService
from counter_app.cases.mail_report import mail_report
from counter_app.cases.rules.delivery import CollectorInput, ContentLine, MailInput
from counter_app.cases.rules.reception import FormInvalid
from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.errors import CounterError, InvalidTransition
from counter_app.core.roles import Actor
from tests.cases.reception.support import PERSON, form
from tests.cases.reception.test_payments_documents import barcodes, pdf_text

MAIL = MailInput(
    recipient_name="王五",
    mobile="138 1234 5678",
    province="江苏省",
    city="连云港市",
    district="海州区",
    detail="朝阳东路 1 号 3 单元 201 室",
    postal_code="222000",
    contents=(ContentLine("专利证书", 1, True), ContentLine("缴费票据", 1, True)),
    tracking_number="EA123456785CN",
)


def _approved(services: Services, user: Actor, officer: Actor, applicant=PERSON):
    case = services.reception.receive(user, form(services, 14, applicant=applicant))
    case = services.approval.start_examination(officer, case.id, case.row_version)
    return services.approval.approve(officer, case.id, case.row_version, "备案号 2026-0042")


def test_mail_with_label_then_delivered_and_closed(
    services: Services, reception_user: Actor, officer: Actor, tmp_path: Path
) -> None:
    case = _approved(services, reception_user, officer)
    stub = services.delivery.send_mail(reception_user, case.id, case.row_version, MAIL)
    assert stub.state == "sent" and stub.tracking_number == "EA123456785CN"
    assert stub.address == "江苏省连云港市海州区朝阳东路 1 号 3 单元 201 室"
    label = services.documents.render(reception_user, case.number, "mail_label")
    assert case.number in barcodes(label.pdf, tmp_path, "label")
    assert "EA123456785CN" in pdf_text(label.pdf, tmp_path, "label.pdf")
    done = services.delivery.mark_delivered(reception_user, stub.id)
    assert done.status is CaseState.DELIVERED
    closed = services.delivery.close(reception_user, done.id, done.row_version)
    assert closed.status is CaseState.CLOSED


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"district": ""}, "district"),
        ({"district": "海州"}, "district"),
        ({"mobile": "12345"}, "mobile"),
        ({"postal_code": "2220"}, "postal_code"),
        ({"tracking_number": "EA123456784CN"}, "tracking_number"),
        (
            {"contents": (ContentLine("专利证书", 1, True), ContentLine("票据", 1, False))},
            "contents",
        ),
    ],
)
def test_bad_mail_is_refused_and_nothing_changes(
    services: Services, reception_user: Actor, officer: Actor, change, field
) -> None:
    from dataclasses import replace

    case = _approved(services, reception_user, officer)
    with pytest.raises(FormInvalid) as info:
        services.delivery.send_mail(
            reception_user, case.id, case.row_version, replace(MAIL, **change)
        )
    assert field in info.value.errors
    assert services.reception.open_case(reception_user, case.number).status is CaseState.APPROVED
    assert services.delivery.deliveries(case.id) == []


def test_delivering_a_case_that_is_not_approved_is_refused(
    services: Services, reception_user: Actor
) -> None:
    case = services.reception.receive(reception_user, form(services, 14))
    with pytest.raises(InvalidTransition, match="已受理"):
        services.delivery.send_mail(reception_user, case.id, case.row_version, MAIL)


def test_pickup_checks_the_collector(
    services: Services, reception_user: Actor, officer: Actor, tmp_path: Path
) -> None:
    case = _approved(services, reception_user, officer)
    case = services.delivery.prepare_pickup(
        reception_user, case.id, case.row_version, ("备案证明",)
    )
    notice = services.documents.render(reception_user, case.number, "pickup")
    assert case.number in barcodes(notice.pdf, tmp_path, "pickup")
    assert "授权委托书" in pdf_text(notice.pdf, tmp_path, "pickup.pdf")
    stranger = CollectorInput("赵六", "resident_id", "440524188001010014")
    with pytest.raises(CounterError, match="不符") as info:
        services.delivery.collect(reception_user, case.number, stranger)
    assert info.value.field == "collector_id_number"
    assert (
        services.reception.open_case(reception_user, case.number).status
        is CaseState.AWAITING_PICKUP
    )
    owner = CollectorInput("王五", "resident_id", "11010519491231002x")
    done = services.delivery.collect(reception_user, case.number, owner)
    assert done.status is CaseState.DELIVERED
    assert "本人" in done.events[-1].note


def test_an_agent_with_authorisation_may_collect(
    services: Services, reception_user: Actor, officer: Actor
) -> None:
    case = _approved(services, reception_user, officer)
    case = services.delivery.prepare_pickup(reception_user, case.id, case.row_version, ("证明",))
    agent = CollectorInput("赵六", "resident_id", "440524188001010014", "授权委托书 2026-11-27")
    done = services.delivery.collect(reception_user, case.number, agent)
    assert "代领" in done.events[-1].note
    (pickup,) = services.delivery.deliveries(done.id)
    assert pickup.collector is not None and pickup.collector["name"] == "赵六"
    assert "440524188001010014" not in str(pickup.collector)  # masked where lists show it
    assert pickup.collector["id_number"].startswith("4405")


def test_returned_mail_can_be_sent_again(
    services: Services, reception_user: Actor, officer: Actor
) -> None:
    case = _approved(services, reception_user, officer)
    stub = services.delivery.send_mail(reception_user, case.id, case.row_version, MAIL)
    returned = services.delivery.mark_returned(reception_user, stub.id, "地址不详")
    assert returned.status is CaseState.MAIL_RETURNED
    again = services.delivery.send_mail(reception_user, returned.id, returned.row_version, MAIL)
    assert again.state == "sent"


def test_reconciliation_finds_missing_tracking_and_lost_mail(
    services: Services, reception_user: Actor, officer: Actor, sqlite_url: str
) -> None:
    from dataclasses import replace

    day = date(2026, 11, 27)
    first = _approved(services, reception_user, officer)
    services.delivery.send_mail(
        reception_user, first.id, first.row_version, replace(MAIL, tracking_number="")
    )
    report = mail_report(services.db, day, day)
    assert len(report.missing_tracking) == 1 and report.unaccounted == 1
    cli = Path(sys.executable).parent / "counter-admin"
    run = subprocess.run(
        [str(cli), "--db", sqlite_url, "mail", "reconcile", "--date", day.isoformat()],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "缺运单号 1" in run.stdout
    stub = services.delivery.deliveries(first.id)[0]
    services.delivery.set_tracking(reception_user, stub.id, "EA123456785CN")
    assert mail_report(services.db, day, day).unaccounted == 0
    late = mail_report(services.db, day, date(2026, 12, 10))
    assert len(late.undelivered) == 1  # still in transit two weeks later: follow it up
    services.delivery.mark_delivered(reception_user, stub.id, date(2026, 11, 30))
    assert mail_report(services.db, day, date(2026, 12, 10)).unaccounted == 0


def test_rejection_and_correction_notices(
    services: Services, reception_user: Actor, officer: Actor, tmp_path: Path
) -> None:
    case = services.reception.receive(reception_user, form(services, 14))
    case = services.approval.start_examination(officer, case.id, case.row_version)
    case = services.approval.return_for_correction(
        officer, case.id, case.row_version, ("合同未签章", "缺少专利证书复印件")
    )
    text = pdf_text(
        services.documents.render(officer, case.number, "correction").pdf, tmp_path, "c.pdf"
    )
    assert "退回补正通知书" in text and "合同未签章" in text and "缺少专利证书复印件" in text
    case = services.approval.resubmitted(officer, case.id, case.row_version)
    case = services.approval.reject(officer, case.id, case.row_version, ("许可期限超过专利有效期",))
    text = pdf_text(
        services.documents.render(officer, case.number, "rejection").pdf, tmp_path, "r.pdf"
    )
    # 不予许可决定书 for a licence, 不予办理决定书 for a filing (as the catalogue states it)
    assert re.search("不予(许可|办理)决定书", text) and "许可期限超过专利有效期" in text
    assert "复议" in text and "收到本决定书之日起" in text


def test_mailing_list_document(
    services: Services, reception_user: Actor, officer: Actor, tmp_path: Path
) -> None:
    from counter_app.cases.documents import hall_info
    from counter_app.cases.documents_delivery import mailing_list

    case = _approved(services, reception_user, officer)
    services.delivery.send_mail(reception_user, case.id, case.row_version, MAIL)
    report = mail_report(services.db, date(2026, 11, 27), date(2026, 11, 27))
    settings = services.hall.settings()
    data = mailing_list(settings, hall_info(settings), report, "李受理")
    text = pdf_text(data, tmp_path, "list.pdf")
    assert "EA123456785CN" in text and "王五" in text


def test_delivery_uses_the_business_date(
    services: Services, reception_user: Actor, officer: Actor
) -> None:
    case = _approved(services, reception_user, officer)
    delivery = DeliveryService(services.db, services.hall, today=lambda: date(2026, 12, 1))
    stub = delivery.send_mail(reception_user, case.id, case.row_version, MAIL)
    assert stub.posted_on == date(2026, 12, 1)
