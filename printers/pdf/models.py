"""Plain frozen inputs of the PDF renderers.

The renderers print exactly what they are given: masking personal data, choosing the legal
basis text or the deadline is the caller's decision. Sequences are tuples so a document is
hashable and cannot change while it is being rendered.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypeAlias

# A legal basis: one article, or several (each printed on its own line). A string is split
# at "；" so every basis still gets its own line.
Bases: TypeAlias = "str | tuple[str, ...]"


@dataclass(frozen=True)
class HallInfo:
    """The issuing office and its service hall (heading, sender, contact lines)."""

    office_name: str  # 连云港市知识产权局 (printed beside the seal)
    hall_name: str  # 知识产权保护一站式服务大厅
    address: str
    phone: str  # enquiries and progress check by phone
    complaint_phone: str  # 投诉监督电话
    progress_portal: str  # e.g. "江苏政务服务网 https://..."
    postal_code: str = ""


@dataclass(frozen=True)
class Applicant:
    name: str  # full legal name
    id_number: str = ""  # credit code or ID number, as the caller wants it printed
    id_label: str = "统一社会信用代码"
    contact: str = ""  # contact person
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class Officer:
    name: str
    phone: str


@dataclass(frozen=True)
class ReviewRights:
    """Remedies printed on refusals: administrative review and litigation."""

    review_authority: str  # e.g. 连云港市人民政府
    court: str  # e.g. 连云港市海州区人民法院
    review_days: int = 60
    litigation_months: int = 6


@dataclass(frozen=True, kw_only=True)
class PrintBase:
    """Fields every A4 printout carries.

    ``number`` is the document number (文号), receipt number or list number.
    ``qr_payload`` is what the bottom QR encodes (a progress URL, the case or list number).
    ``issued_on`` is the date of the act the document records (received, decided,
    delivered), printed under the seal. ``reprinted_at`` set means this is a reprint: every
    page gets a clear 补打 mark with the reprint time beside the original date.
    """

    hall: HallInfo
    number: str
    qr_payload: str
    issued_on: date
    reprinted_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class DocumentBase(PrintBase):
    """A printout about one case: its number is the Code128 at the top right."""

    case_number: str


@dataclass(frozen=True)
class MaterialReceived:
    name: str
    copies: int
    form: str = "原件"  # 原件 / 复印件 / 原件及复印件
    pages: int | None = None


@dataclass(frozen=True, kw_only=True)
class AcceptanceNotice(DocumentBase):
    """受理通知书, printed as two pages: 申请人联 then 存根联."""

    applicant: Applicant
    items: tuple[str, ...]
    received_on: date
    materials: tuple[MaterialReceived, ...]
    legal_basis: Bases
    promised_on: date | None  # None: the item has no promised time limit
    time_limit_note: str = ""  # what to print instead (e.g. the authority's own limit)
    officer: Officer
    # The wording by kind of item (blank: a licence's acceptance): the title, the sentence
    # after "你（单位）于<date>提交的", and the time row's label and lines.
    title: str = ""
    intro: str = ""
    time_label: str = ""
    time_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class MissingMaterial:
    name: str
    requirement: str  # what exactly is needed (original, copies, seal, format...)


@dataclass(frozen=True, kw_only=True)
class SupplementNotice(DocumentBase):
    """一次性告知书 / 补正材料通知书: every missing material at once."""

    applicant: Applicant
    items: tuple[str, ...]
    received_on: date
    missing: tuple[MissingMaterial, ...]
    deadline: date
    consequence: str  # what happens when the deadline passes
    legal_basis: Bases
    officer: Officer


@dataclass(frozen=True, kw_only=True)
class RefusalNotice(DocumentBase):
    """不予受理通知书."""

    applicant: Applicant
    items: tuple[str, ...]
    received_on: date
    reasons: tuple[str, ...]
    legal_basis: Bases
    rights: ReviewRights
    competent_authority: str | None = None  # set when another body is competent
    officer: Officer | None = None


class RejectionKind(enum.Enum):
    NOT_GRANTED = "不予许可决定书"
    RETURNED = "退回补正通知书"


@dataclass(frozen=True, kw_only=True)
class RejectionNotice(DocumentBase):
    """不予许可决定书 or 退回补正通知书: all reasons in one notice."""

    kind: RejectionKind
    applicant: Applicant
    items: tuple[str, ...]
    received_on: date
    reasons: tuple[str, ...]
    legal_basis: Bases
    rights: ReviewRights
    officer: Officer
    resubmit_by: date | None = None  # for RETURNED: corrected materials due by
    title: str = ""  # blank: kind.value (e.g. 不予办理决定书 for an item that is no licence)
    verdict: str = ""  # blank: 本机关决定不予许可


@dataclass(frozen=True, kw_only=True)
class ApprovalNotice(DocumentBase):
    """准予许可决定书 (a licence) or 办结通知 (any other item): the result on paper."""

    title: str  # 准予许可决定书 / 办结通知
    applicant: Applicant
    items: tuple[str, ...]
    received_on: date
    decided_on: date
    verdict: str  # 本机关决定准予许可 / 已办理完毕
    result: str  # the result number (registration, filing, certificate)
    legal_basis: Bases
    officer: Officer
    delivery: str = ""  # how the result reaches the applicant


class PaymentChannel(enum.Enum):
    CASH = "现金"
    CARD = "银行卡"
    WECHAT = "微信"
    ALIPAY = "支付宝"
    OTHER = "其他"


@dataclass(frozen=True)
class PaymentLine:
    item: str
    amount: Decimal  # line total in yuan (quantity x unit price)
    quantity: int = 1
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class PaymentReceipt(DocumentBase):
    """缴费收据. ``number`` is the receipt number."""

    payer: str
    lines: tuple[PaymentLine, ...]
    channel: PaymentChannel
    transaction_ref: str
    paid_at: datetime
    cashier: str


@dataclass(frozen=True, kw_only=True)
class PickupNotice(DocumentBase):
    """领取通知 / 办结通知."""

    applicant: Applicant
    items: tuple[str, ...]
    result: str
    pickup_from: datetime
    pickup_until: datetime
    pickup_hours: str  # e.g. 工作日 9:00-12:00、13:30-17:00
    pickup_address: str
    bring: tuple[str, ...]
    agent_rules: tuple[str, ...]
    officer: Officer | None = None  # who prepared the results for collection


@dataclass(frozen=True)
class MailAddress:
    name: str
    mobile: str
    province: str
    city: str
    district: str
    detail: str
    postal_code: str = ""

    @property
    def full(self) -> str:
        return f"{self.province}{self.city}{self.district}{self.detail}"


@dataclass(frozen=True, kw_only=True)
class MailLabel:
    """One 100 x 150 mm mail label. The sender is the hall."""

    hall: HallInfo
    recipient: MailAddress
    contents: str  # e.g. 专利证书、行政决定书
    copies: int
    case_number: str
    posted_on: date
    tracking_number: str | None = None
    reprinted_at: datetime | None = None


@dataclass(frozen=True)
class MailingRow:
    case_number: str
    recipient: str
    mobile: str
    address: str
    postal_code: str
    contents: str
    copies: int
    tracking_number: str = ""


@dataclass(frozen=True, kw_only=True)
class MailingList(PrintBase):
    """邮寄清单 handed to the post office; ``number`` (the batch number) is the barcode."""

    counter: str
    operator: str
    rows: tuple[MailingRow, ...]


@dataclass(frozen=True)
class ReconciliationRow:
    receipt_number: str
    paid_at: datetime
    payer: str
    item: str
    channel: PaymentChannel
    amount: Decimal
    transaction_ref: str = ""
    voided: bool = False


@dataclass(frozen=True, kw_only=True)
class ReconciliationList(PrintBase):
    """日对账单 of one counter for one day; voided rows are listed but not totalled."""

    counter: str
    cashier: str
    business_date: date
    rows: tuple[ReconciliationRow, ...]
