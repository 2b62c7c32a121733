"""Building reception forms for tests: an organisation, a person, items by number."""

from __future__ import annotations

import uuid
from dataclasses import replace

from counter_app.cases.rules.reception import (
    ApplicantInput,
    MaterialLine,
    Outcome,
    ReceptionInput,
    merge_materials,
)
from counter_app.container import Services
from counter_app.hall.rules.catalog import ItemView

ORG = ApplicantInput(
    kind="organisation",
    name="连云港某某科技有限公司",
    id_type="credit_code",
    id_number="91110000600037341L",
    phone="0518-85551234",
    address="江苏省连云港市海州区朝阳东路 1 号",
    postal_code="222000",
    legal_representative="张三",
    contact_name="李四",
)
PERSON = ApplicantInput(
    kind="person",
    name="王五",
    id_type="resident_id",
    id_number="11010519491231002X",
    phone="13812345678",
    address="江苏省连云港市连云区",
    postal_code="222042",
)


def items(services: Services, *numbers: int) -> list[ItemView]:
    by_number = {i.number: i for i in services.catalog.list_items()}
    return [by_number[n] for n in numbers]


def form(
    services: Services,
    *numbers: int,
    applicant: ApplicantInput = ORG,
    outcome: Outcome | None = None,
    lacking: int = 0,
    reasons: tuple[str, ...] = (),
    draft_key: str | None = None,
) -> ReceptionInput:
    """A form for the items ``numbers``; all materials received except the last ``lacking``."""
    chosen = items(services, *numbers)
    lines = list(merge_materials(chosen))
    for index, line in enumerate(lines):
        if index < len(lines) - lacking:
            lines[index] = received(line)
    return ReceptionInput(
        draft_key=draft_key or str(uuid.uuid4()),
        applicant=applicant,
        item_ids=tuple(i.id for i in chosen),
        materials=tuple(lines),
        outcome=outcome or (Outcome.INCOMPLETE if lacking else Outcome.ACCEPT),
        reasons=reasons,
    )


def received(line: MaterialLine) -> MaterialLine:
    return replace(
        line,
        received=True,
        received_copies=line.copies_required,
        received_original=line.original_required,
    )
