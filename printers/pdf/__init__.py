"""A4 notices, receipts, lists and the 100 x 150 mm mail label as PDF bytes.

Pure renderers: plain frozen dataclasses in (``printers.pdf.models``), PDF bytes out. Every
PDF embeds the shipped WenQuanYi Micro Hei subset and nothing else; personal data is
printed exactly as given (masking is the caller's decision). ``warm_up`` (or
``warm_up_in_background`` after a login) builds what the first render would: the font, the
layout and barcode code paths.
"""

from __future__ import annotations

from printers.pdf.acceptance import render_acceptance_notice
from printers.pdf.approval import render_approval_notice
from printers.pdf.mail_label import render_mail_label
from printers.pdf.mailing_list import render_mailing_list
from printers.pdf.models import (
    AcceptanceNotice,
    Applicant,
    ApprovalNotice,
    DocumentBase,
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
    PrintBase,
    ReconciliationList,
    ReconciliationRow,
    RefusalNotice,
    RejectionKind,
    RejectionNotice,
    ReviewRights,
    SupplementNotice,
)
from printers.pdf.pickup import render_pickup_notice
from printers.pdf.receipt import render_payment_receipt
from printers.pdf.reconciliation import render_reconciliation_list
from printers.pdf.refusal import render_refusal_notice, render_rejection_notice
from printers.pdf.supplement import render_supplement_notice
from printers.pdf.warm import warm_up, warm_up_in_background, warmed_up

__all__ = [
    "AcceptanceNotice",
    "Applicant",
    "ApprovalNotice",
    "DocumentBase",
    "HallInfo",
    "MailAddress",
    "MailLabel",
    "MailingList",
    "MailingRow",
    "MaterialReceived",
    "MissingMaterial",
    "Officer",
    "PaymentChannel",
    "PaymentLine",
    "PaymentReceipt",
    "PickupNotice",
    "PrintBase",
    "ReconciliationList",
    "ReconciliationRow",
    "RefusalNotice",
    "RejectionKind",
    "RejectionNotice",
    "ReviewRights",
    "SupplementNotice",
    "render_acceptance_notice",
    "render_approval_notice",
    "render_mail_label",
    "render_mailing_list",
    "render_payment_receipt",
    "render_pickup_notice",
    "render_reconciliation_list",
    "render_refusal_notice",
    "render_rejection_notice",
    "render_supplement_notice",
    "warm_up",
    "warm_up_in_background",
    "warmed_up",
]
