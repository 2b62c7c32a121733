"""What the mail form starts with (issue 16 point 11): the applicant on record and the last
address this applicant's results were mailed to; a person, not the company, as recipient."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from counter_app.cases.rules.reception import ORGANISATION
from counter_app.cases.store import case_by_number
from counter_app.identity.identifiers import validate_mobile
from db.engine import Database
from db.models import Applicant, Case, Delivery

FROM_LAST_MAIL = "last_mail"
FROM_APPLICANT = "applicant"

_ADDRESS = re.compile(
    r"^(?P<province>[^省市区县]{2,7}?(?:省|自治区|市))?"
    r"(?P<city>[^省市区县]{1,10}?(?:市|自治州|地区|盟))?"
    r"(?P<district>[^省市区县]{1,10}?(?:区|县|旗|市))?"
    r"(?P<detail>.*)$"
)
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class MailDefaults:
    """The mail form's starting values; ``source`` says where the address came from."""

    recipient_name: str = ""
    mobile: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    detail: str = ""
    postal_code: str = ""
    source: str = ""


def split_address(address: str) -> tuple[str, str, str, str]:
    """ "江苏省连云港市海州区朝阳东路 1 号" -> (江苏省, 连云港市, 海州区, 朝阳东路 1 号); what
    cannot be split stays in the detail."""
    found = _ADDRESS.match(address.strip())
    if found is None:
        return "", "", "", address.strip()
    province, city, district = (found.group(k) or "" for k in ("province", "city", "district"))
    if province in _MUNICIPALITIES and not city:
        city = province
    elif province.endswith("市") and not city:  # "连云港市海州区…": a city, no province
        province, city = "", province
    detail = found.group("detail").strip()
    if not (province or city or district):
        return "", "", "", address.strip()
    return province, city, district, detail


def recipient_for(applicant: Applicant) -> str:
    """A person: the contact of an organisation (else its legal representative), or the
    applicant when the applicant is a person."""
    if applicant.kind != ORGANISATION:
        return applicant.name
    return applicant.contact_name or applicant.legal_representative or ""


def mail_defaults(db: Database, case_number_or_id: str) -> MailDefaults:
    """The mail form's values for this case: the last mail to the same applicant (its
    recipient when a person, mobile and address), else the applicant on record."""
    with db.read() as session:
        case = case_by_number(session, case_number_or_id)
        applicant = session.get(Applicant, case.applicant_id)
        if applicant is None:
            return MailDefaults()
        person = recipient_for(applicant)
        last = session.scalars(
            select(Delivery)
            .join(Case, Case.id == Delivery.case_id)
            .where(Case.applicant_id == applicant.id, Delivery.method == "mail")
            .order_by(Delivery.created_at.desc())
            .limit(1)
        ).first()
        if last is not None:
            recipient = last.recipient_name
            if not recipient or (recipient == applicant.name and applicant.kind == ORGANISATION):
                recipient = person
            return MailDefaults(
                recipient_name=recipient,
                mobile=last.mobile,
                province=last.province,
                city=last.city,
                district=last.district,
                detail=last.address_detail,
                postal_code=last.postal_code,
                source=FROM_LAST_MAIL,
            )
        province, city, district, detail = split_address(applicant.address or "")
        mobile = applicant.phone if validate_mobile(applicant.phone or "").ok else ""
        return MailDefaults(
            recipient_name=person,
            mobile=mobile,
            province=province,
            city=city,
            district=district,
            detail=detail,
            postal_code=applicant.postal_code or "",
            source=FROM_APPLICANT,
        )
