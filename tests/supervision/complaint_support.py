"""Shared by the complaint tests: the people of the hall and a form."""

from __future__ import annotations

from dataclasses import replace

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.supervision.rules.complaint_forms import ComplaintForm
from counter_app.supervision.rules.complaints import Channel

SUPERVISOR_PW = "super2026ok"
CLERK_PW = "recept2026"


def people(services: Services, admin: Actor) -> tuple[Actor, Actor]:
    """A supervisor (zhou 周主管) and a reception clerk (li 李受理), logged in."""
    services.staff.add_user(admin, "zhou", "周主管", frozenset({Role.SUPERVISOR}), SUPERVISOR_PW)
    services.staff.add_user(admin, "li", "李受理", frozenset({Role.RECEPTION}), CLERK_PW)
    return services.staff.login("zhou", SUPERVISOR_PW), services.staff.login("li", CLERK_PW)


def hall_details(services: Services, admin: Actor) -> None:
    """The heading and contact lines a letter prints."""
    settings = replace(
        services.hall.settings(),
        office_name="连云港市知识产权局",
        address="连云港市海州区朝阳中路8号",
        phone="0518-85123456",
        complaint_phone="0518-85120000",
    )
    services.hall.update(admin, settings)


def phone_form(**changes: object) -> ComplaintForm:
    base = ComplaintForm(
        channel=Channel.PHONE,
        text="3号窗口办理专利权质押登记时，工作人员态度生硬，让我来回跑了两趟。",
        name="张伟",
        phone="13812345678",
        about_window="3",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def letter_form(**changes: object) -> ComplaintForm:
    values: dict[str, object] = {
        "channel": Channel.LETTER,
        "address": "连云港市海州区新浦路12号3幢201室",
        **changes,
    }
    return phone_form(**values)
