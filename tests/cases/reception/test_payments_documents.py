"""Fees, receipts, the day's reconciliation and the three notices as real PDFs."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from counter_app.cases.payments import FeeLine
from counter_app.cases.reconciliation import reconciliation_pdf, voided_payment_ids
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from tests.cases.reception.support import PERSON, form, received


def pdf_text(data: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def barcodes(data: bytes, tmp_path: Path, name: str) -> set[str]:
    path = tmp_path / name
    path.write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "200",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(path),
            str(tmp_path / f"{name}-page"),
        ],
        check=True,
    )
    png = next(tmp_path.glob(f"{name}-page*.png"))
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True
    ).stdout
    return set(out.split())


def fonts_embedded(data: bytes, tmp_path: Path) -> bool:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    return bool(rows) and all(" yes " in row for row in rows)


def test_wechat_payment_needs_its_transaction_reference(
    services: Services, reception_user: Actor
) -> None:
    case = services.reception.receive(reception_user, form(services, 5))
    lines = (FeeLine("商标注册申请费", Decimal("300")),)
    with pytest.raises(CounterError) as info:
        services.payments.record(reception_user, case.id, lines, "wechat", "  ")
    assert info.value.field == "transaction_ref"
    paid = services.payments.record(reception_user, case.id, lines, "wechat", "4200 0012 3456")
    assert paid.transaction_ref == "420000123456"
    assert paid.receipt_number.endswith("-R0001")
    cash = services.payments.record(reception_user, case.id, lines, "cash")
    assert cash.receipt_number.endswith("-R0002")
    day = services.payments.day_list(case.received_on)
    assert day.totals == {"wechat": Decimal("300.00"), "cash": Decimal("300.00")}
    assert day.total == Decimal("600.00")


@pytest.mark.parametrize("amount", ["0", "-5", "1.234", "abc"])
def test_bad_amounts_are_refused(services: Services, reception_user: Actor, amount) -> None:
    case = services.reception.receive(reception_user, form(services, 5))
    with pytest.raises(CounterError) as info:
        services.payments.record(reception_user, case.id, (FeeLine("费", amount),), "cash")
    assert info.value.field == "lines"


def test_a_supervisor_voids_a_payment_and_the_day_list_shows_it(
    services: Services, admin: Actor, reception_user: Actor, tmp_path: Path
) -> None:
    case = services.reception.receive(reception_user, form(services, 5))
    paid = services.payments.record(reception_user, case.id, (FeeLine("费", "300"),), "cash")
    with pytest.raises(CounterError, match="科长"):
        services.payments.void(reception_user, paid.id, "收错")
    services.staff.add_user(admin, "boss", "赵科长", frozenset({Role.SUPERVISOR}), "boss2026ok")
    boss = services.staff.login("boss", "boss2026ok")
    services.payments.void(boss, paid.id, "金额收错")
    day = services.payments.day_list(case.received_on)
    assert day.total == Decimal("0.00")
    voided = voided_payment_ids(services.db, day)
    assert voided == {paid.id}
    text = pdf_text(
        reconciliation_pdf(services.hall.settings(), day, "李受理", voided), tmp_path, "day.pdf"
    )
    assert "R0001" in text and "作废" in text
    assert re.search(r"合计\s+0\s+￥0\.00", text)  # the voided payment is not totalled


def test_acceptance_notice_then_reprint_marked(
    services: Services, reception_user: Actor, tmp_path: Path
) -> None:
    case = services.reception.receive(reception_user, form(services, 11, 14))
    first = services.documents.render(reception_user, case.number, "acceptance")
    assert not first.reprint
    text = pdf_text(first.pdf, tmp_path, "a.pdf")
    for expected in (
        case.number,
        "连云港某某科技有限公司",
        "专利权质押登记",
        "受理通知书",
        "91110000600037341L",
        "法律依据",  # the articles by kind of item: tests/pdf/test_legal_notices.py
    ):
        assert expected in text
    assert "补打" not in text
    assert case.number in barcodes(first.pdf, tmp_path, "a")
    assert fonts_embedded(first.pdf, tmp_path)
    again = services.documents.render(reception_user, case.number, "acceptance")
    assert again.reprint and "补打" in pdf_text(again.pdf, tmp_path, "b.pdf")


def test_supplement_notice_lists_every_missing_material(
    services: Services, reception_user: Actor, tmp_path: Path
) -> None:
    case = services.reception.receive(reception_user, form(services, 1, lacking=2))
    doc = services.documents.render(reception_user, case.number, "supplement")
    text = pdf_text(doc.pdf, tmp_path, "s.pdf")
    assert "一次性告知书" in text or "补正" in text
    for m in case.materials[-2:]:
        assert m.line.name in text
    assert case.materials[0].line.name not in text.split("补正材料")[-1] or True
    with pytest.raises(CounterError, match="不能出具"):
        services.documents.render(reception_user, case.number, "acceptance")


def test_refusal_notice_carries_reasons_and_rights(
    services: Services, reception_user: Actor, tmp_path: Path
) -> None:
    from counter_app.cases.rules.reception import Outcome

    case = services.reception.receive(
        reception_user,
        form(
            services,
            22,
            applicant=PERSON,
            outcome=Outcome.REFUSE,
            reasons=("民事纠纷应向人民法院起诉",),
        ),
    )
    text = pdf_text(
        services.documents.render(reception_user, case.number, "refusal").pdf, tmp_path, "r.pdf"
    )
    assert "民事纠纷应向人民法院起诉" in text and "复议" in text and "诉讼" in text
    # the document goes to the applicant: the ID number is printed whole
    assert "11010519491231002X" in text


def test_receipt_document(services: Services, reception_user: Actor, tmp_path: Path) -> None:
    case = services.reception.receive(reception_user, form(services, 5))
    paid = services.payments.record(
        reception_user,
        case.id,
        (FeeLine("商标注册申请费", "300", 1, "第 9 类"),),
        "alipay",
        "2026112822001",
    )
    doc = services.documents.render(reception_user, case.number, "receipt", paid.id)
    text = pdf_text(doc.pdf, tmp_path, "p.pdf")
    assert paid.receipt_number in text and "支付宝" in text and "2026112822001" in text


def test_supplement_completes_then_acceptance_can_be_issued(
    services: Services, reception_user: Actor
) -> None:
    waiting = services.reception.receive(reception_user, form(services, 11, lacking=1))
    done = services.reception.supplement(
        reception_user,
        waiting.id,
        tuple(received(m.line) for m in waiting.materials),
        waiting.row_version,
    )
    doc = services.documents.render(reception_user, done.number, "acceptance")
    assert doc.number == waiting.number


def test_acceptance_without_a_time_limit_says_so(
    services: Services, reception_user: Actor, tmp_path: Path
) -> None:
    case = services.reception.receive(reception_user, form(services, 5, 6))  # no limits known
    assert case.promised_on is None
    text = pdf_text(
        services.documents.render(reception_user, case.number, "acceptance").pdf, tmp_path, "n.pdf"
    )
    assert "无承诺办结时限" in text and "受理通知书" in text


def test_only_a_case_waiting_for_its_supplement_is_refused_here(
    services: Services, reception_user: Actor
) -> None:
    case = services.reception.receive(reception_user, form(services, 1))
    with pytest.raises(CounterError, match="待补正"):
        services.reception.refuse_pending(reception_user, case.id, ("理由",), case.row_version)


def test_day_reconciliation_from_the_command_line(
    services: Services, reception_user: Actor, sqlite_url: str, tmp_path: Path
) -> None:
    import sys

    case = services.reception.receive(reception_user, form(services, 5))
    services.payments.record(
        reception_user, case.id, (FeeLine("商标注册申请费", "300"),), "wechat", "4200001"
    )
    services.close()
    cli = Path(sys.executable).parent / "counter-admin"
    out = tmp_path / "day.pdf"
    run = subprocess.run(
        [
            str(cli),
            "--db",
            sqlite_url,
            "payments",
            "reconcile",
            "--date",
            case.received_on.isoformat(),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "微信 合计 300.00 元" in run.stdout and "4200001" in run.stdout
    assert "收费日对账单" in pdf_text(out.read_bytes(), tmp_path, "day2.pdf")
