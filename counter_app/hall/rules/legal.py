"""What kind of act an item is in law, which decides the wording of its notices (issue 16):
a licence (行政许可) is accepted under 行政许可法 Art. 32 and refused by a decision under
Art. 38; a complaint, a mediation or an adjudication is not a licence and its acceptance
notice states its own period to decide on acceptance or to handle it; a matter the hall only
receives for another body (courts, arbitration) or a public service promises neither."""

from __future__ import annotations

from enum import StrEnum

from counter_app.i18n import tr


class LegalKind(StrEnum):
    LICENSING = "licensing"  # 行政许可
    CONFIRMATION = "confirmation"  # 登记、备案 (行政确认 and filings)
    COMPLAINT = "complaint"  # 投诉举报
    MEDIATION = "mediation"  # 纠纷调解
    ADJUDICATION = "adjudication"  # 行政裁决
    REFERRAL = "referral"  # 代收转办: courts, arbitration
    SERVICE = "service"  # 公共服务: aid, subsidies, searches, advice

    @property
    def label(self) -> str:
        return LEGAL_KIND_LABELS[self]

    @property
    def is_licensing(self) -> bool:
        return self is LegalKind.LICENSING


LEGAL_KIND_LABELS: dict[LegalKind, str] = {
    LegalKind.LICENSING: tr("行政许可"),
    LegalKind.CONFIRMATION: tr("登记备案"),
    LegalKind.COMPLAINT: tr("投诉举报"),
    LegalKind.MEDIATION: tr("纠纷调解"),
    LegalKind.ADJUDICATION: tr("行政裁决"),
    LegalKind.REFERRAL: tr("代收转办"),
    LegalKind.SERVICE: tr("公共服务"),
}

# The catalogue's items by number when an item does not say (its ``legal_kind`` is blank:
# a version saved before the seed stated it). The same as the seed states; the reasons are in
# docs/decisions/0016-item-legal-kinds.md. Patents, trademarks and their renewals, layout
# designs and plant varieties (1, 5, 6, 9, 10) fall to the licence below.
_DEFAULTS: dict[int, LegalKind] = {
    2: LegalKind.SERVICE,  # 专利预审: the protection centre's service
    3: LegalKind.CONFIRMATION,  # 专利预审备案
    4: LegalKind.REFERRAL,  # 专利优先审查: CNIPA's procedural decision, forwarded
    **dict.fromkeys((7, 8), LegalKind.CONFIRMATION),  # 地理标志产品认定, 著作权自愿登记
    **dict.fromkeys(range(11, 18), LegalKind.CONFIRMATION),  # pledges, licence filings, customs
    **dict.fromkeys((18, 19, 20), LegalKind.COMPLAINT),
    21: LegalKind.MEDIATION,
    **dict.fromkeys((22, 23, 24, 25), LegalKind.REFERRAL),
    26: LegalKind.ADJUDICATION,
    **dict.fromkeys(range(27, 34), LegalKind.SERVICE),
}


def legal_kind_of(number: int, stated: str) -> LegalKind:
    """The item's kind: what its content states, else the default for its number (an item
    not in the table, e.g. one added later: a licence, the strictest wording)."""
    if stated:
        return LegalKind(stated)
    return _DEFAULTS.get(number, LegalKind.LICENSING)
