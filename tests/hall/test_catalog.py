"""The catalogue: the 33 items of table A.1, versions, retirement, import and export."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.rules.catalog import Category, parse_item_content
from db.models import AuditLog, CatalogItemVersion

TABLE_A1 = {
    1: "专利申请",
    4: "专利优先审查",
    5: "商标注册申请",
    9: "集成电路布图设计登记",
    11: "专利权质押登记",
    17: "知识产权海关备案",
    21: "知识产权纠纷调解",
    27: "知识产权维权援助",
    31: "知识产权（专利）信息检索",
}


def test_seeded_with_the_33_items_in_their_categories(services: Services) -> None:
    items = services.catalog.list_items()
    assert [i.number for i in items] == list(range(1, 34))
    by_number = {i.number: i for i in items}
    for number, name in TABLE_A1.items():
        assert by_number[number].name == name
    counts = {c: sum(i.content.category == c for i in items) for c in Category}
    assert counts == {
        Category.CREATION: 10,
        Category.UTILIZATION: 6,
        Category.PROTECTION: 11,
        Category.SERVICE: 5,
        Category.OTHER: 1,
    }


def test_seed_carries_facts_and_leaves_unknowns_empty(services: Services) -> None:
    by_number = {i.number: i for i in services.catalog.list_items()}
    patent = by_number[1].content
    fees = {f.name: f.amount for f in patent.fees}
    assert fees["发明专利申请费"] == Decimal("900")
    assert fees["发明专利实质审查费"] == Decimal("2500")
    assert "85%" in patent.fee_reductions
    assert by_number[17].content.time_limit_days == 30
    assert by_number[21].content.time_limit_days == 45
    assert by_number[14].content.time_limit_days == 7
    assert by_number[2].content.time_limit_days is None  # local practice: not invented
    assert by_number[2].content.fees == ()


def test_an_edit_makes_a_new_version_and_keeps_the_old(services: Services, admin: Actor) -> None:
    item = services.catalog.list_items()[0]
    data = item.content.to_json() | {"time_limit_days": 20}
    edited = services.catalog.save(admin, item.id, parse_item_content(data), "调整时限")
    assert edited.version == 2
    assert services.catalog.get(item.id).content.time_limit_days == 20
    assert services.catalog.get(item.id, version=1).content.time_limit_days is None
    assert [v.version for v in services.catalog.history(item.id)] == [2, 1]
    same = services.catalog.save(admin, item.id, parse_item_content(data))
    assert same.version == 2  # no change, no new version


def test_add_and_retire_items(services: Services, admin: Actor) -> None:
    content = parse_item_content({"name": "专利开放许可", "category": "utilization"})
    added = services.catalog.save(admin, None, content)
    assert added.number == 34
    services.catalog.set_retired(admin, added.id, True)
    assert 34 not in [i.number for i in services.catalog.list_items()]
    assert 34 in [i.number for i in services.catalog.list_items(include_retired=True)]
    services.catalog.set_retired(admin, added.id, False)
    assert 34 in [i.number for i in services.catalog.list_items()]


def test_only_an_administrator_edits(services: Services, reception_user: Actor) -> None:
    item = services.catalog.list_items()[0]
    with pytest.raises(CounterError, match="管理员"):
        services.catalog.save(reception_user, item.id, item.content)


def test_export_then_import_changes_nothing(services: Services, admin: Actor) -> None:
    data = services.catalog.export_data()
    result = services.catalog.import_data(admin, data)
    assert (result.added, result.changed, result.unchanged) == (0, 0, 33)


def _versions(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(CatalogItemVersion)) or 0)


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda d: d["items"][5].pop("name"), "第 6 项（序号 6）：请填写事项名称"),
        (lambda d: d["items"][7].update(number=1), "第 8 项的序号 1 与前面的事项重复"),
        (lambda d: d["items"][2].update(category="别的"), "不在五类之中"),
        (lambda d: d["items"][0]["fees"].append({"name": "x", "amount": "abc"}), "不是数字"),
        (lambda d: d.pop("format"), "不是本系统的事项清单"),
    ],
)
def test_a_bad_import_file_writes_nothing(
    services: Services, admin: Actor, breakage, message: str
) -> None:
    data = copy.deepcopy(services.catalog.export_data())
    data["items"][0]["name"] = "专利申请（改）"  # a valid change before the broken entry
    breakage(data)
    before = _versions(services)
    with services.db.read() as session:
        audits = session.scalar(select(func.count()).select_from(AuditLog))
    with pytest.raises(CounterError, match=message.replace("（", ".").replace("）", ".")):
        services.catalog.import_data(admin, data)
    assert _versions(services) == before
    assert services.catalog.list_items()[0].name == "专利申请"
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditLog)) == audits


@pytest.mark.parametrize("copies", ["两份", 0, 100, True, 1.5])
def test_material_copies_must_be_a_whole_number_from_1_to_99(copies) -> None:
    data = {
        "name": "甲",
        "category": "service",
        "materials": [{"name": "申请书", "copies": copies}],
    }
    with pytest.raises(CounterError) as info:
        parse_item_content(data)
    assert info.value.field == "materials"


def test_info_entries_that_vanished_are_reported(services: Services, admin: Actor) -> None:
    entry = services.info.save(admin, None, "policy", "专利法", "全文")
    services.info.remove(admin, entry.id)
    with pytest.raises(CounterError, match="已不存在"):
        services.info.save(admin, entry.id, "policy", "专利法", "全文")
    with pytest.raises(CounterError, match="已不存在"):
        services.info.remove(admin, "not-a-uuid")
