"""Names for the keys of a report's rows: windows, staff, catalogue items, categories."""

from __future__ import annotations

from sqlalchemy import Connection, text

from counter_app.i18n import tr
from counter_app.reports.rules.views import TOTAL_KEY, By

_SQL = {
    By.WINDOW: "SELECT number, name FROM queue_window",
    By.STAFF: "SELECT username, display_name FROM staff",
    By.ITEM: (
        "SELECT i.number, v.name FROM catalog_item i JOIN catalog_item_version v "
        "ON v.item_id = i.id AND v.version = i.current_version"
    ),
    By.CATEGORY: "SELECT code, name FROM queue_category",
}


def names(conn: Connection, by: By) -> dict[str, str]:
    return {str(k): str(v or "") for k, v in conn.execute(text(_SQL[by]))}


def label(by: By, key: str, known: dict[str, str]) -> str:
    """``03 号窗口 受理一``, ``王芳``, ``1 专利申请``; '' is "no window/staff/..."."""
    if key == TOTAL_KEY:
        return tr("合计")
    if key == "":
        return {
            By.WINDOW: tr("（无窗口）"),
            By.STAFF: tr("（未记录）"),
            By.ITEM: tr("（无事项）"),
            By.CATEGORY: tr("（无类别）"),
        }[by]
    name = known.get(key, "")
    if by is By.WINDOW:
        return tr("{n} 号窗口", n=key) + (f" {name}" if name else "")
    if by is By.STAFF:
        return f"{name}（{key}）" if name else key
    return f"{key} {name}".strip()


def sort_key(by: By, key: str) -> tuple[int, int, str]:
    """Windows and items by number, others by text; '' last."""
    if key == "":
        return (1, 0, "")
    if by in (By.WINDOW, By.ITEM) and key.isdigit():
        return (0, int(key), key)
    return (0, 0, key)
