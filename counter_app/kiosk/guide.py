"""办事指南 at the kiosk: the catalogue by category or by pinyin initials, and an item's guide
in plain lines (materials, fees, time limit, who decides, where to go and which ticket to take).
The functions are pure (they take the catalogue's views); ``KioskGuide`` adds what the guide
reads elsewhere: the item's ticket category (queue/links.py), the windows serving it, the
information window's policy pages and the 带走清单 slip (slips.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from counter_app.hall.catalog_search import search_index_for
from counter_app.hall.rules.catalog import Category, ItemView
from counter_app.i18n import tr
from counter_app.kiosk.slips import KioskSlips, SlipOutcome
from counter_app.queue.links import LinkSource, TicketLink

if TYPE_CHECKING:
    from counter_app.hall.info import InfoService, InfoView
    from counter_app.queue.service import QueueService

LINE = 11  # characters of a name on one line of a kiosk button


def categories(items: Sequence[ItemView]) -> list[Category]:
    """The categories that hold an item, in the catalogue's order."""
    present = {i.content.category for i in items}
    return [c for c in Category if c in present]


def in_category(items: Sequence[ItemView], category: Category) -> list[ItemView]:
    return [i for i in items if i.content.category is category]


def search(items: Sequence[ItemView], initials: str) -> list[ItemView]:
    """By pinyin initials (ZLSQ 专利申请), full pinyin, item number or name."""
    return search_index_for(items).search(initials) if initials.strip() else []


def button_name(name: str) -> str:
    """A long name on two lines, so that a button never cuts it."""
    if len(name) <= LINE:
        return name
    middle = (len(name) + 1) // 2
    return f"{name[:middle]}\n{name[middle:]}"


WHERE_DEFAULT = tr("取号后到叫号的窗口办理")
POLICY_KINDS = ("policy", "aid", "subsidy")  # the information window's 政策, 维权援助, 资助


def guide_text(item: ItemView, where: str = WHERE_DEFAULT, ticket: str = "") -> str:
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
    lines.append(tr("办理地点：{w}", w=where))
    if ticket:
        lines.append(ticket)
    return "\n".join(lines)


def ticket_line(link: TicketLink | None) -> str:
    """Which ticket to take, honest about a category that was only guessed."""
    if link is None:
        return tr("取号：目前没有可取号的业务，请到服务台咨询")
    if link.source is LinkSource.FIRST:
        return tr("取号：本事项未设置对应业务，可先取“{n}”号；如不确定请到服务台咨询", n=link.name)
    if link.source is LinkSource.NAME:
        return tr("取号：请取“{n}”号（按事项名称匹配，如不确定请到服务台咨询）", n=link.name)
    return tr("取号：请取“{n}”号", n=link.name)


@dataclass(frozen=True)
class ItemGuide:
    """One item's guide as the kiosk shows it."""

    item: ItemView
    link: TicketLink | None
    where: str

    @property
    def text(self) -> str:
        return guide_text(self.item, self.where, ticket_line(self.link))


class KioskGuide:
    def __init__(self, queue: QueueService, info: InfoService, slips: KioskSlips) -> None:
        self._queue, self._info, self.slips = queue, info, slips

    def item_guide(self, item: ItemView) -> ItemGuide:
        link = self._queue.ticket_link(item)
        return ItemGuide(item, link, self._where(link))

    def _where(self, link: TicketLink | None) -> str:
        if link is None:
            return WHERE_DEFAULT
        windows = [w.number for w in self._queue.windows() if link.code in w.categories]
        if not windows:
            return WHERE_DEFAULT
        return tr("{w} 号窗口（取号后按叫号前往）", w="、".join(windows))

    def can_print(self) -> bool:
        return self.slips.can_print()

    def print_materials(self, guide: ItemGuide) -> SlipOutcome:
        return self.slips.print_materials(guide.item, guide.link, guide.where)

    def policies(self) -> list[InfoView]:
        """The information window's policies, legal aid and subsidies, read-only."""
        return [e for e in self._info.entries() if e.kind in POLICY_KINDS]
