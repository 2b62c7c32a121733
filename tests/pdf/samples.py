"""Realistic sample documents for the PDF renderer tests and the benchmark."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from printers.pdf.models import (
    AcceptanceNotice,
    Applicant,
    ApprovalNotice,
    HallInfo,
    MailAddress,
    MailingList,
    MailingRow,
    MailLabel,
    MaterialReceived,
    MissingMaterial,
    Officer,
    PaymentChannel,
    PaymentLine,
    PaymentReceipt,
    PickupNotice,
    ReconciliationList,
    ReconciliationRow,
    RefusalNotice,
    RejectionKind,
    RejectionNotice,
    ReviewRights,
    SupplementNotice,
)

T = TypeVar("T", bound=Any)

CASE = "LYG-20261128-W03-0001"
PORTAL = "https://lyg.example.gov.cn/progress?case=" + CASE
REPRINT_AT = datetime(2026, 11, 29, 10, 12)
DAY = date(2026, 11, 28)

HALL = HallInfo(
    office_name="连云港市知识产权局",
    hall_name="连云港市知识产权保护一站式服务大厅",
    address="江苏省连云港市海州区朝阳东路66号市民中心2楼B区",
    phone="0518-85800000",
    complaint_phone="0518-12345",
    progress_portal="江苏政务服务网 lyg.example.gov.cn",
    postal_code="222006",
)

APPLICANT = Applicant(
    name="连云港某某科技有限公司",
    id_number="91320700MA1XXXXXX7",
    contact="王晓明",
    phone="13912345678",
    address="江苏省连云港市海州区花果山大道1号",
)

OFFICER = Officer(name="李娜", phone="0518-85800003")
RIGHTS = ReviewRights(review_authority="连云港市人民政府", court="连云港市海州区人民法院")

ACCEPTANCE = AcceptanceNotice(
    hall=HALL,
    number="连知受〔2026〕第0001号",
    case_number=CASE,
    qr_payload=PORTAL,
    issued_on=DAY,
    applicant=APPLICANT,
    items=("专利权质押登记", "专利实施许可合同备案"),
    received_on=DAY,
    materials=(
        MaterialReceived("专利权质押登记申请表", 1, "原件", 2),
        MaterialReceived("专利权质押合同", 1, "原件", 12),
        MaterialReceived("出质人营业执照", 1, "复印件", 1),
        MaterialReceived("法定代表人身份证明", 1, "原件及复印件"),
        MaterialReceived("授权委托书", 1, "原件", 1),
    ),
    legal_basis="《中华人民共和国行政许可法》第三十二条；《专利权质押登记办法》第六条、第九条",
    promised_on=date(2026, 12, 10),
    officer=OFFICER,
)

SUPPLEMENT = SupplementNotice(
    hall=HALL,
    number="连知补〔2026〕第0007号",
    case_number=CASE,
    qr_payload=PORTAL,
    issued_on=DAY,
    applicant=APPLICANT,
    items=("专利权质押登记",),
    received_on=DAY,
    missing=(
        MissingMaterial("专利权质押合同", "原件1份，双方法定代表人签字并加盖公章，骑缝章完整"),
        MissingMaterial("质权人营业执照", "复印件1份，加盖质权人公章"),
        MissingMaterial("专利权评估报告", "有资质的评估机构出具，原件1份"),
    ),
    deadline=date(2026, 12, 5),
    consequence="逾期未补正的，视为申请人放弃本次申请，已提交的材料予以退回。",
    legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（四）项",
    officer=OFFICER,
)

REFUSAL = RefusalNotice(
    hall=HALL,
    number="连知不受〔2026〕第0002号",
    case_number=CASE,
    qr_payload=CASE,
    issued_on=DAY,
    applicant=APPLICANT,
    items=("集成电路布图设计登记",),
    received_on=DAY,
    reasons=(
        "申请事项依法不属于本机关职权范围。",
        "集成电路布图设计登记由国家知识产权局受理，地方知识产权局无受理权限。",
    ),
    legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
    rights=RIGHTS,
    competent_authority="国家知识产权局（北京市海淀区蓟门桥西土城路6号）",
    officer=OFFICER,
)

REJECTION = RejectionNotice(
    hall=HALL,
    number="连知退〔2026〕第0003号",
    case_number=CASE,
    qr_payload=PORTAL,
    issued_on=date(2026, 12, 3),
    kind=RejectionKind.RETURNED,
    applicant=APPLICANT,
    items=("专利权质押登记",),
    received_on=DAY,
    reasons=(
        "质押合同中出质人名称与专利登记簿记载的专利权人名称不一致。",
        "质押合同未约定被担保债权的数额。",
        "专利权已被宣告部分无效，质押范围未作相应调整。",
    ),
    legal_basis="《专利权质押登记办法》第十二条",
    rights=RIGHTS,
    officer=OFFICER,
    resubmit_by=date(2026, 12, 20),
)

APPROVAL = ApprovalNotice(
    hall=HALL,
    number="连知准〔2026〕第0004号",
    case_number=CASE,
    qr_payload=PORTAL,
    issued_on=date(2026, 12, 4),
    title="准予许可决定书",
    applicant=APPLICANT,
    items=("专利实施许可合同备案",),
    received_on=DAY,
    decided_on=date(2026, 12, 4),
    verdict="本机关决定准予许可",
    result="备案号 2026320000042",
    legal_basis=("《中华人民共和国行政许可法》第三十八条", "《专利实施许可合同备案办法》"),
    officer=OFFICER,
    delivery="窗口领取：连云港市海州区朝阳东路1号服务大厅",
)

RECEIPT = PaymentReceipt(
    hall=HALL,
    number="SJ2026112800015",
    case_number=CASE,
    qr_payload=CASE,
    issued_on=DAY,
    payer="连云港某某科技有限公司",
    lines=(
        PaymentLine("专利文献检索服务费", Decimal("150.00")),
        PaymentLine("证明文件复印费", Decimal("2.50"), quantity=5, note="每页0.50元"),
    ),
    channel=PaymentChannel.WECHAT,
    transaction_ref="4200002026112812345678901234",
    paid_at=datetime(2026, 11, 28, 10, 31, 5),
    cashier="张敏",
)

PICKUP = PickupNotice(
    hall=HALL,
    number="连知领〔2026〕第0005号",
    case_number=CASE,
    qr_payload=PORTAL,
    issued_on=date(2026, 12, 8),
    applicant=APPLICANT,
    items=("专利权质押登记",),
    result="准予登记，已出具《专利权质押登记通知书》",
    pickup_from=datetime(2026, 12, 9, 9, 0),
    pickup_until=datetime(2026, 12, 31, 17, 0),
    pickup_hours="工作日 上午9:00-12:00，下午13:30-17:00（法定节假日除外）",
    pickup_address="江苏省连云港市海州区朝阳东路66号市民中心2楼B区 3号窗口",
    bring=("本领取通知", "领取人有效身份证件原件", "受理通知书（申请人联）"),
    agent_rules=(
        "委托他人领取的，须提交申请人签署并加盖公章的授权委托书原件。",
        "受托人须出示本人有效身份证件原件，并提交复印件1份。",
        "授权委托书应写明委托事项、受托人姓名、身份证件号码及委托期限。",
    ),
)

RECIPIENT = MailAddress(
    name="王晓明",
    mobile="13912345678",
    province="江苏省",
    city="连云港市",
    district="海州区",
    detail="花果山大道1号 连云港某某科技有限公司 3号楼502室",
    postal_code="222000",
)

LABEL = MailLabel(
    hall=HALL,
    recipient=RECIPIENT,
    contents="专利权质押登记通知书",
    copies=2,
    case_number=CASE,
    posted_on=date(2026, 12, 9),
    tracking_number="1187654321098",
)


def mailing_rows(count: int) -> tuple[MailingRow, ...]:
    return tuple(
        MailingRow(
            case_number=f"LYG-20261128-W03-{i:04d}",
            recipient=f"收件人{i:03d}",
            mobile=f"139{i:08d}",
            address=f"江苏省连云港市海州区花果山大道{i}号某某科技园{i % 9 + 1}号楼",
            postal_code="222000",
            contents="专利证书",
            copies=1 + i % 2,
            tracking_number=f"11876543{i:05d}",
        )
        for i in range(1, count + 1)
    )


MAILING = MailingList(
    hall=HALL,
    number="YJ-20261209-W03-01",
    qr_payload="YJ-20261209-W03-01",
    issued_on=date(2026, 12, 9),
    counter="3号窗口",
    operator="李娜",
    rows=mailing_rows(8),
)


def reconciliation_rows(count: int) -> tuple[ReconciliationRow, ...]:
    channels = list(PaymentChannel)
    start = datetime(2026, 11, 28, 9, 0)
    return tuple(
        ReconciliationRow(
            receipt_number=f"SJ20261128{i:05d}",
            paid_at=start + timedelta(minutes=4 * i),
            payer=f"连云港某某{i:03d}科技有限公司",
            item="专利文献检索服务费",
            channel=channels[i % len(channels)],
            amount=Decimal(50 + i % 7 * 10) + Decimal("0.50") * (i % 2),
            transaction_ref=f"TX2026112800{i:06d}",
            voided=i % 17 == 0,
        )
        for i in range(1, count + 1)
    )


RECONCILIATION = ReconciliationList(
    hall=HALL,
    number="DZ-20261128-W03",
    qr_payload="DZ-20261128-W03",
    issued_on=DAY,
    counter="3号窗口",
    cashier="张敏",
    business_date=DAY,
    rows=reconciliation_rows(12),
)


def reprinted(doc: T) -> T:
    """The same document flagged as a reprint."""
    return replace(doc, reprinted_at=REPRINT_AT)
