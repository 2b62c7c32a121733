"""Guide -> ticket: which ticket category an item's applicant takes. The administrator's map in
the setting table (audited, administrators only), and the fallback that says it guessed."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.hall.rules.catalog import Category, ItemView
from counter_app.kiosk.guide import ticket_line
from counter_app.queue.links import KEY, ItemLinks, LinkSource, resolve
from counter_app.queue.rules.tickets import CategoryView
from db.models import AuditLog, Setting

# The migration's default categories: A 专利, B 商标, C 版权, D 保护与维权, E 咨询.


def _item(services: Services, name: str) -> ItemView:
    return next(i for i in services.catalog.list_items() if i.content.name == name)


def test_without_a_map_the_fallback_matches_names_and_says_so(
    services: Services, admin: Actor
) -> None:
    queue = services.queue
    patent = queue.ticket_link(_item(services, "专利申请"))
    assert patent is not None and (patent.code, patent.source) == ("A", LinkSource.NAME)
    trademark = queue.ticket_link(_item(services, "商标质押登记"))
    assert trademark is not None and trademark.code == "B"
    # No queue category name in 知识产权纠纷调解: the catalogue category 知识产权保护 shares
    # 保护 with 保护与维权.
    dispute = queue.ticket_link(_item(services, "知识产权纠纷调解"))
    assert dispute is not None and dispute.code == "D" and dispute.guessed
    # Nothing matches 知识产权贯标咨询's category (服务) but 咨询 is in its name.
    consult = queue.ticket_link(_item(services, "知识产权贯标咨询"))
    assert consult is not None and consult.code == "E"
    # 植物新品种申请 (创造): no name and no category match: the first active one, a guess.
    plant = queue.ticket_link(_item(services, "植物新品种申请"))
    assert plant is not None and (plant.code, plant.source) == ("A", LinkSource.FIRST)
    assert "未设置对应业务" in ticket_line(plant) and "服务台" in ticket_line(plant)
    assert "如不确定" in ticket_line(dispute)


def test_an_administrators_map_wins_is_stored_as_json_and_audited(
    services: Services, admin: Actor
) -> None:
    queue = services.queue
    links = ItemLinks(items={10: "E"}, categories={Category.CREATION.value: "C"})
    queue.set_item_links(admin, links)
    plant = queue.ticket_link(_item(services, "植物新品种申请"))
    assert plant is not None and (plant.code, plant.source) == ("E", LinkSource.MAPPED)
    assert ticket_line(plant) == "取号：请取“咨询”号"
    # the category's mapping beats a name match (专利申请 is in 知识产权创造)
    patent = queue.ticket_link(_item(services, "专利申请"))
    assert patent is not None and (patent.code, patent.source) == ("C", LinkSource.MAPPED)
    assert queue.item_links() == ItemLinks({10: "E"}, {"creation": "C"})
    with services.db.read() as session:
        stored = json.loads(session.get(Setting, KEY).value)
        assert stored == {"items": {"10": "E"}, "categories": {"creation": "C"}}
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "queue_item_links")).one()
        assert audit.entity_id == KEY and audit.actor == admin.username


def test_only_administrators_and_only_known_categories(services: Services, admin: Actor) -> None:
    clerk = Actor("li", "李受理", frozenset({Role.RECEPTION}))
    with pytest.raises(CounterError):
        services.queue.set_item_links(clerk, ItemLinks(items={1: "A"}))
    with pytest.raises(CounterError) as bad_code:
        services.queue.set_item_links(admin, ItemLinks(items={1: "Z"}))
    assert bad_code.value.field == "items"
    with pytest.raises(CounterError) as bad_category:
        services.queue.set_item_links(admin, ItemLinks(categories={"nonsense": "A"}))
    assert bad_category.value.field == "categories"
    assert services.queue.item_links() == ItemLinks()  # nothing half-saved


def test_a_mapping_to_an_inactive_category_falls_back(services: Services, admin: Actor) -> None:
    queue = services.queue
    queue.set_item_links(admin, ItemLinks(items={1: "C"}))
    copyright_ = next(c for c in queue.categories() if c.code == "C")
    queue.save_category(admin, CategoryView(**{**copyright_.__dict__, "active": False}))
    link = queue.ticket_link(_item(services, "专利申请"))
    assert link is not None and (link.code, link.source) == ("A", LinkSource.NAME)


def test_resolve_without_categories_and_a_broken_setting(services: Services) -> None:
    assert resolve(ItemLinks(), [], 1, Category.CREATION, "专利申请") is None
    with services.db.write() as session:
        session.add(Setting(key=KEY, scope="hall", value="{not json"))
    link = services.queue.ticket_link(_item(services, "专利申请"))
    assert link is not None and link.code == "A"  # an unreadable map is no map
