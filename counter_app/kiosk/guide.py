"""办事指南 at the kiosk: the catalogue by category or by pinyin initials, and an item's guide
in plain lines (materials, fees, time limit, who decides). Pure: takes the catalogue's views."""

from __future__ import annotations

from collections.abc import Sequence

from counter_app.hall.catalog_search import CatalogSearchIndex
from counter_app.hall.rules.catalog import Category, ItemView
from counter_app.i18n import tr

LINE = 11  # characters of a name on one line of a kiosk button


def categories(items: Sequence[ItemView]) -> list[Category]:
    """The categories that hold an item, in the catalogue's order."""
    present = {i.content.category for i in items}
    return [c for c in Category if c in present]


def in_category(items: Sequence[ItemView], category: Category) -> list[ItemView]:
    return [i for i in items if i.content.category is category]


def search(items: Sequence[ItemView], initials: str) -> list[ItemView]:
    """By pinyin initials (ZLSQ 专利申请), full pinyin, item number or name."""
    return CatalogSearchIndex(items).search(initials) if initials.strip() else []


def button_name(name: str) -> str:
    """A long name on two lines, so that a button never cuts it."""
    if len(name) <= LINE:
        return name
    middle = (len(name) + 1) // 2
    return f"{name[:middle]}\n{name[middle:]}"


def guide_text(item: ItemView) -> str:
    c = item.content
    lines = []
    if c.authority:
        lines.append(tr("办理机关：{a}", a=c.authority))
    if c.time_limit_days:
        lines.append(tr("办理时限：{n} 个工作日", n=c.time_limit_days))
    elif c.time_limit_note:
        lines.append(tr("办理时限：{t}", t=c.time_limit_note))
    if c.materials:
        lines.append(tr("需要带的材料："))
        for n, m in enumerate(c.materials, start=1):
            kind = tr("原件") if m.original else tr("复印件")
            lines.append(tr("  {n}. {m}（{k} {c} 份）", n=n, m=m.name, k=kind, c=m.copies))
    if c.fees:
        fees = "；".join(
            f.name if f.amount is None else tr("{f} {a} 元", f=f.name, a=f"{f.amount:,.2f}")
            for f in c.fees
        )
        lines.append(tr("收费：{f}", f=fees))
    else:
        lines.append(tr("收费：不收费"))
    if c.fee_reductions:
        lines.append(tr("减免：{r}", r=c.fee_reductions))
    lines.append(tr("办理地点：取号后到叫号的窗口办理"))
    return "\n".join(lines)
