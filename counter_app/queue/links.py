"""Which ticket category a catalogue item's applicant takes (the guide's 取号 button).

No schema change: the administrator's map lives in the ``setting`` table under
``queue.item_links`` as JSON ``{"items": {"1": "A"}, "categories": {"creation": "A"}}``
(catalogue item number or catalogue category -> queue category code), next to the queue's
other options. An item without a mapping falls back, and says so (``TicketLink.source``):

1. the item's own mapping, 2. its catalogue category's mapping (both: ``MAPPED``);
3. a queue category whose name is in the item's name ("专利" in 专利申请) (``NAME``);
4. a queue category whose name shares two characters with the catalogue category's name
   ("保护" in 知识产权保护 and 保护与维权) (``NAME``);
5. the first active category (``FIRST``: a guess, the page says to ask if unsure).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.rules.catalog import CATEGORY_LABELS, Category, ItemView
from counter_app.i18n import tr
from counter_app.queue import store as store
from counter_app.queue.rules.tickets import CategoryView
from db.models import Setting

KEY = "queue.item_links"
# Two characters every catalogue category's name shares; they match nothing in particular.
_GENERIC = frozenset({"知识", "识产", "产权"})


class LinkSource(StrEnum):
    MAPPED = "mapped"  # set by the administrator (for the item or its category)
    NAME = "name"  # matched by name
    FIRST = "first"  # nothing matched: the first active category

    @property
    def label(self) -> str:
        return {
            LinkSource.MAPPED: tr("已设置"),
            LinkSource.NAME: tr("按名称自动匹配"),
            LinkSource.FIRST: tr("未设置，默认第一个类别"),
        }[self]


@dataclass(frozen=True)
class ItemLinks:
    """The administrator's map; empty mappings mean "use the fallback"."""

    items: Mapping[int, str] = field(default_factory=dict)  # item number -> category code
    categories: Mapping[str, str] = field(default_factory=dict)  # Category value -> code

    def to_json(self) -> dict[str, dict[str, str]]:
        return {
            "items": {str(n): c for n, c in sorted(self.items.items())},
            "categories": dict(sorted(self.categories.items())),
        }


@dataclass(frozen=True)
class TicketLink:
    code: str
    name: str
    source: LinkSource

    @property
    def guessed(self) -> bool:
        return self.source is not LinkSource.MAPPED


def _parse(raw: str) -> ItemLinks:
    """A stored map; anything unreadable is treated as no map (the fallback still works)."""
    try:
        data = json.loads(raw)
        items = {int(n): str(c) for n, c in dict(data.get("items", {})).items()}
        categories = {str(k): str(c) for k, c in dict(data.get("categories", {})).items()}
    except (ValueError, TypeError, AttributeError):
        return ItemLinks()
    return ItemLinks(items, categories)


def read_links(session: Session) -> ItemLinks:
    row = session.get(Setting, KEY)
    return ItemLinks() if row is None else _parse(row.value)


def _checked(links: ItemLinks, known: set[str]) -> ItemLinks:
    items: dict[int, str] = {}
    for number, code in links.items.items():
        if not isinstance(number, int) or not 1 <= number <= 9999:
            raise CounterError(tr("事项编号 {n} 不对", n=number), "items")
        if code not in known:
            raise CounterError(tr("取号类别 {c} 不存在", c=code), "items")
        items[number] = code
    categories: dict[str, str] = {}
    for key, code in links.categories.items():
        if key not in Category._value2member_map_:
            raise CounterError(tr("事项类别 {k} 不存在", k=key), "categories")
        if code not in known:
            raise CounterError(tr("取号类别 {c} 不存在", c=code), "categories")
        categories[key] = code
    return ItemLinks(items, categories)


def write_links(session: Session, actor: Actor, links: ItemLinks) -> ItemLinks:
    """Administrators only; every code must be a queue category; audited in the same unit."""
    require(actor, Role.ADMINISTRATOR)
    known = {c.code for c in store.categories(session, active_only=False)}
    links = _checked(links, known)
    before = read_links(session)
    value = json.dumps(links.to_json(), ensure_ascii=False)
    row = session.get(Setting, KEY)
    if row is None:
        session.add(Setting(key=KEY, scope="hall", value=value))
    else:
        row.value = value
    audit.record(
        session,
        actor.username,
        "queue_item_links",
        "setting",
        KEY,
        before=before.to_json(),
        after=links.to_json(),
    )
    return links


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} - _GENERIC


def resolve(
    links: ItemLinks,
    active: Sequence[CategoryView],
    number: int,
    category: Category,
    item_name: str,
) -> TicketLink | None:
    """The ticket category for one item (pure); None when no category is active."""
    by_code = {c.code: c for c in active}
    for code in (links.items.get(number), links.categories.get(category.value)):
        if code in by_code:
            return TicketLink(code, by_code[code].name, LinkSource.MAPPED)
    named = sorted(
        (c for c in active if c.name and c.name in item_name), key=lambda c: -len(c.name)
    )
    if named:
        return TicketLink(named[0].code, named[0].name, LinkSource.NAME)
    label = CATEGORY_LABELS[category]
    shared = [c for c in active if _pairs(c.name) & _pairs(label)]
    if shared:
        return TicketLink(shared[0].code, shared[0].name, LinkSource.NAME)
    if not active:
        return None
    return TicketLink(active[0].code, active[0].name, LinkSource.FIRST)


def link_for(session: Session, item: ItemView) -> TicketLink | None:
    active = store.categories(session)  # active only, in the kiosk's order
    content = item.content
    return resolve(read_links(session), active, item.number, content.category, content.name)


def links_table(
    session: Session, items: Sequence[ItemView]
) -> list[tuple[ItemView, TicketLink | None]]:
    """Every item with the link it resolves to (the admin widget's "实际" column)."""
    links, active = read_links(session), store.categories(session)
    return [
        (i, resolve(links, active, i.number, i.content.category, i.content.name)) for i in items
    ]
