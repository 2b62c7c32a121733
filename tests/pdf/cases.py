"""Every document the tests render: a render call, the fields it must show, its symbols."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import TypeVar

from printers import pdf
from printers.pdf.models import RejectionKind
from tests.pdf import samples as s


@dataclass(frozen=True)
class Case:
    render: Callable[[bool], bytes]  # argument: reprint flag
    fields: tuple[str, ...]  # must appear in the text (whitespace ignored)
    symbols: frozenset[str]  # zbarimg output lines expected on page 1


T = TypeVar("T")


def _flag(doc: T, reprint: bool) -> T:
    return s.reprinted(doc) if reprint else doc


CODE = f"CODE-128:{s.CASE}"
QR_URL = f"QR-Code:{s.PORTAL}"
QR_CASE = f"QR-Code:{s.CASE}"
COMMON = (s.HALL.office_name, s.HALL.hall_name, "连云港某某科技有限公司", s.CASE)
NOT_GRANTED = replace(s.REJECTION, kind=RejectionKind.NOT_GRANTED, resubmit_by=None)

CASES: dict[str, Case] = {
    "acceptance": Case(
        lambda r: pdf.render_acceptance_notice(_flag(s.ACCEPTANCE, r)),
        (
            *COMMON,
            "受理通知书",
            "连知受〔2026〕第0001号",
            "申请人联",
            "存根联",
            "王晓明",
            "13912345678",
            "专利权质押登记",
            "专利实施许可合同备案",
            "收件日期",
            "2026年11月28日",
            "专利权质押合同",
            "原件及复印件",
            "《中华人民共和国行政许可法》第三十二条",
            "承诺办结日期",
            "2026年12月10日",
            "李娜",
            "0518-85800003",
            "投诉监督电话",
            "0518-12345",
            "江苏政务服务网",
            "（盖章）",
            "申请人（签字）",
        ),
        frozenset({CODE, QR_URL}),
    ),
    "supplement": Case(
        lambda r: pdf.render_supplement_notice(_flag(s.SUPPLEMENT, r)),
        (
            *COMMON,
            "补正材料一次性告知书",
            "需补正的全部材料（共3项）",
            "质权人营业执照",
            "复印件1份，加盖质权人公章",
            "专利权评估报告",
            "2026年12月5日前",
            "视为申请人放弃本次申请",
            "第三十二条第一款第（四）项",
            "李娜",
            "申请人（签字）",
        ),
        frozenset({CODE, QR_URL}),
    ),
    "refusal": Case(
        lambda r: pdf.render_refusal_notice(_flag(s.REFUSAL, r)),
        (
            *COMMON,
            "不予受理通知书",
            "不予受理理由（共2项）",
            "不属于本机关职权范围",
            "有权受理机关",
            "国家知识产权局",
            "60日内向连云港市人民政府申请行政复议",
            "6个月内向连云港市海州区人民法院提起行政诉讼",
            "（盖章）",
        ),
        frozenset({CODE, QR_CASE}),
    ),
    "returned": Case(
        lambda r: pdf.render_rejection_notice(_flag(s.REJECTION, r)),
        (
            *COMMON,
            "退回补正通知书",
            "退回补正意见（共3项）",
            "未约定被担保债权的数额",
            "质押范围未作相应调整",
            "2026年12月20日前",
            "申请行政复议",
            "提起行政诉讼",
        ),
        frozenset({CODE, QR_URL}),
    ),
    "not_granted": Case(
        lambda r: pdf.render_rejection_notice(_flag(NOT_GRANTED, r)),
        (
            *COMMON,
            "不予许可决定书",
            "不予许可理由（共3项）",
            "本机关决定不予许可",
            "申请行政复议",
            "提起行政诉讼",
        ),
        frozenset({CODE, QR_URL}),
    ),
    "approval": Case(
        lambda r: pdf.render_approval_notice(_flag(s.APPROVAL, r)),
        (
            *COMMON,
            "准予许可决定书",
            "连知准〔2026〕第0004号",
            "专利实施许可合同备案申请",
            "本机关决定准予许可",
            "备案号2026320000042",
            "决定日期",
            "2026年12月4日",
            "《中华人民共和国行政许可法》第三十八条",
            "《专利实施许可合同备案办法》",
            "李娜",
            "申请人（签字）",
        ),
        frozenset({CODE, QR_URL}),
    ),
    "receipt": Case(
        lambda r: pdf.render_payment_receipt(_flag(s.RECEIPT, r)),
        (
            *COMMON,
            "缴费收据",
            "SJ2026112800015",
            "专利文献检索服务费",
            "￥150.00",
            "￥2.50",
            "￥152.50",
            "壹佰伍拾贰元伍角",
            "微信",
            "4200002026112812345678901234",
            "2026年11月28日10:31:05",
            "张敏",
        ),
        frozenset({CODE, QR_CASE}),
    ),
    "pickup": Case(
        lambda r: pdf.render_pickup_notice(_flag(s.PICKUP, r)),
        (
            *COMMON,
            "领取通知书",
            "准予登记",
            "2026年12月9日09:00至2026年12月31日17:00",
            "3号窗口",
            "领取人有效身份证件原件",
            "授权委托书原件",
            "0518-85800000",
            "领取人（签字）",
        ),
        frozenset({CODE, QR_URL}),
    ),
    "mail_label": Case(
        lambda r: pdf.render_mail_label(_flag(s.LABEL, r)),
        (
            "王晓明",
            "13912345678",
            "江苏省连云港市海州区花果山大道1号",
            "222000",
            s.HALL.office_name,
            s.HALL.address,
            s.HALL.phone,
            "专利权质押登记通知书",
            "共2份",
            "1187654321098",
            s.CASE,
        ),
        frozenset({CODE, "CODE-128:1187654321098"}),
    ),
    "mailing_list": Case(
        lambda r: pdf.render_mailing_list(_flag(s.MAILING, r)),
        (
            s.HALL.office_name,
            "邮寄清单",
            "YJ-20261209-W03-01",
            "LYG-20261128-W03-0008",
            "收件人008",
            "合计",
            "8件",
            "交寄人（签字）",
            "第1页/共",
        ),
        frozenset({"CODE-128:YJ-20261209-W03-01", "QR-Code:YJ-20261209-W03-01"}),
    ),
    "reconciliation": Case(
        lambda r: pdf.render_reconciliation_list(_flag(s.RECONCILIATION, r)),
        (
            s.HALL.office_name,
            "收费日对账单",
            "DZ-20261128-W03",
            "SJ2026112800012",
            "按支付方式汇总",
            "支付宝",
            "复核人（签字）",
        ),
        frozenset({"CODE-128:DZ-20261128-W03", "QR-Code:DZ-20261128-W03"}),
    ),
}


@cache
def rendered(name: str, reprint: bool = False) -> bytes:
    return CASES[name].render(reprint)
