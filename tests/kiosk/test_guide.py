"""办事指南's pure parts: categories present, search by initials, a guide's lines."""

from __future__ import annotations

from counter_app.container import Services
from counter_app.hall.rules.catalog import Category
from counter_app.kiosk.guide import (
    button_name,
    categories,
    guide_text,
    in_category,
    search,
)


def test_categories_search_and_guide(services: Services) -> None:
    items = services.catalog.list_items()
    cats = categories(items)
    assert cats[0] is Category.CREATION and len(cats) == len(set(cats))
    assert all(i.content.category is Category.CREATION for i in in_category(items, cats[0]))
    assert search(items, "zlsq")[0].content.name == "专利申请"
    assert search(items, "  ") == []
    patent = next(i for i in items if i.content.name == "专利申请")
    text = guide_text(patent)
    assert "办理机关：国家知识产权局" in text and "1. 请求书（原件 1 份）" in text
    assert "发明专利实质审查费 2,500.00 元" in text


def test_long_names_break_in_two_lines() -> None:
    assert button_name("专利申请") == "专利申请"
    two = button_name("经评估可纳入知识产权“一件事”的其他事项")
    first, second = two.split("\n")
    assert first + second == "经评估可纳入知识产权“一件事”的其他事项" and len(first) <= 11
