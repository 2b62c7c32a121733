"""The service catalogue: current items, versions, edits, retirement, import and export."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.catalog_guides import (
    GUIDE_NOTE,
    CurrentItem,
    GuidePlan,
    GuideState,
    load_seed_history,
    plan_guides,
)
from counter_app.hall.catalog_search import CatalogSearchIndex, pinyin_keys, search_index_for
from counter_app.hall.rules.catalog import ItemContent, ItemView, parse_item_content
from counter_app.i18n import tr
from db.engine import Database
from db.ids import utc_now
from db.models import CatalogItem, CatalogItemVersion
from printers.resources import resources_dir

FILE_FORMAT = "ip-counter-catalog"
NUMBER_MAX = 9999  # an item's number (序号); the catalogue of a hall has a few dozen
ITEMS_MAX = 2000
FILE_MAX_BYTES = 20_000_000


def seed_file() -> Path:
    return resources_dir() / "catalog" / "items.json"


def _content(row: CatalogItemVersion) -> ItemContent:
    return parse_item_content(
        {
            "name": row.name,
            "category": row.category,
            "authority": row.authority,
            "applicant_types": row.applicant_types,
            "materials": row.materials,
            "time_limit_days": row.time_limit_days,
            "time_limit_note": row.time_limit_note,
            "fees": row.fees,
            "fee_reductions": row.fee_reductions,
            "legal_basis": row.legal_basis,
            "process": row.process,
            "guide": row.guide,
            "rejection_reasons": row.rejection_reasons,
            "four_eyes": row.four_eyes,
            "legal_kind": row.legal_kind,
            "acceptance_basis": row.acceptance_basis,
            "decision_basis": row.decision_basis,
            "handling_note": row.handling_note,
            "to_confirm": row.to_confirm,
        }
    )


def item_view(item: CatalogItem, row: CatalogItemVersion) -> ItemView:
    return ItemView(
        id=str(item.id),
        number=item.number,
        version=row.version,
        retired=item.retired,
        content=_content(row),
        changed_by=row.changed_by,
        changed_at=row.changed_at.isoformat(timespec="seconds"),
        change_note=row.change_note,
        search_keys=(row.search_initials, row.search_pinyin),
    )


def _version_row(
    item_id: uuid.UUID, version: int, content: ItemContent, actor: Actor, note: str
) -> CatalogItemVersion:
    initials, full = pinyin_keys(content.name)
    return CatalogItemVersion(
        item_id=item_id,
        version=version,
        changed_by=actor.username,
        changed_at=utc_now(),
        change_note=note,
        search_initials=initials,
        search_pinyin=full,
        **content.to_json(),
    )


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    unchanged: int


class CatalogService:
    def __init__(self, database: Database) -> None:
        self._db = database

    def list_items(self, include_retired: bool = False) -> list[ItemView]:
        with self._db.read() as session:
            query = (
                select(CatalogItem, CatalogItemVersion)
                .join(
                    CatalogItemVersion,
                    (CatalogItemVersion.item_id == CatalogItem.id)
                    & (CatalogItemVersion.version == CatalogItem.current_version),
                )
                .order_by(CatalogItem.number)
            )
            if not include_retired:
                query = query.where(CatalogItem.retired.is_(False))
            return [item_view(item, row) for item, row in session.execute(query)]

    def search_index(self) -> CatalogSearchIndex:
        return search_index_for(self.list_items())

    def get(self, item_id: str, version: int | None = None) -> ItemView:
        with self._db.read() as session:
            item = _item(session, item_id)
            row = _version(session, item, version or item.current_version)
            return item_view(item, row)

    def history(self, item_id: str) -> list[ItemView]:
        with self._db.read() as session:
            item = _item(session, item_id)
            rows = session.scalars(
                select(CatalogItemVersion)
                .where(CatalogItemVersion.item_id == item.id)
                .order_by(CatalogItemVersion.version.desc())
            ).all()
            return [item_view(item, row) for row in rows]

    def save(
        self, actor: Actor, item_id: str | None, content: ItemContent, note: str = ""
    ) -> ItemView:
        """Add an item (``item_id`` None) or make a new version of it; the old one stays."""
        require(actor, Role.ADMINISTRATOR)
        with self._db.write() as session:
            if item_id is None:
                item, row = add_item(session, actor, _next_number(session), content, note)
            else:
                item, row = new_version(session, actor, _item(session, item_id), content, note)
            return item_view(item, row)

    def set_retired(self, actor: Actor, item_id: str, retired: bool) -> ItemView:
        require(actor, Role.ADMINISTRATOR)
        with self._db.write() as session:
            item = _item(session, item_id)
            if item.retired == retired:
                return item_view(item, _version(session, item, item.current_version))
            item.retired, item.retired_at = retired, utc_now() if retired else None
            item.row_version += 1
            action = "catalog_retire" if retired else "catalog_reinstate"
            audit.record(
                session,
                actor.username,
                action,
                "catalog_item",
                str(item.id),
                after={"number": item.number},
            )
            return item_view(item, _version(session, item, item.current_version))

    def export_data(self) -> dict[str, Any]:
        items = []
        for view in self.list_items(include_retired=True):
            data = view.content.to_json()
            items.append({"number": view.number, "retired": view.retired, **data})
        return {"format": FILE_FORMAT, "version": 1, "items": items}

    def import_data(self, actor: Actor, data: Any) -> ImportResult:
        """Validate the whole file first; then apply it in one transaction, or nothing."""
        require(actor, Role.ADMINISTRATOR)
        parsed = parse_catalog_file(data)
        with self._db.write() as session:
            result = apply_import(session, actor, parsed)
            audit.record(
                session,
                actor.username,
                "catalog_import",
                "catalog",
                "",
                after={"added": result.added, "changed": result.changed},
            )
            return result

    def guide_updates(self) -> GuidePlan:
        """What ``update_guides`` would do now (the dry run): each shipped item's state."""
        with self._db.read() as session:
            return _guide_plan(session)

    def update_guides(self, actor: Actor) -> GuidePlan:
        """A new version, from the shipped catalogue, of every item whose current content is
        still one the program shipped; items an administrator changed are kept. Audited."""
        require(actor, Role.ADMINISTRATOR)
        seed = {e.number: e.content for e in _seed_items()}
        with self._db.write() as session:
            plan = _guide_plan(session)
            for change in plan.updates:
                item = _item(session, change.item_id)
                new_version(session, actor, item, seed[change.number], GUIDE_NOTE)
            audit.record(
                session,
                actor.username,
                "catalog_update_guides",
                "catalog",
                "",
                after={
                    "updated": [c.number for c in plan.updates],
                    "kept": [c.number for c in plan.of(GuideState.EDITED)],
                },
            )
            return GuidePlan(plan.changes, applied=True)

    def count(self) -> int:
        with self._db.read() as session:
            return int(session.scalar(select(func.count()).select_from(CatalogItem)) or 0)

    def seed_if_empty(self, actor: Actor) -> int:
        with self._db.read() as session:
            if session.scalar(select(func.count()).select_from(CatalogItem)):
                return 0
        with self._db.write() as session:
            return seed_if_empty(session, actor)


def _item(session: Session, item_id: str) -> CatalogItem:
    try:
        key = uuid.UUID(item_id)
    except ValueError:
        key = None
    item = session.get(CatalogItem, key) if key else None
    if item is None:
        raise CounterError(tr("找不到该事项"), "item")
    return item


def _version(session: Session, item: CatalogItem, version: int) -> CatalogItemVersion:
    row = session.scalar(
        select(CatalogItemVersion).where(
            CatalogItemVersion.item_id == item.id, CatalogItemVersion.version == version
        )
    )
    if row is None:
        raise CounterError(tr("事项 {n} 没有第 {v} 版", n=item.number, v=version), "item")
    return row


def _seed_items() -> list[ImportedItem]:
    return parse_catalog_file(json.loads(seed_file().read_text(encoding="utf-8")))


def _guide_plan(session: Session) -> GuidePlan:
    rows = session.execute(
        select(CatalogItem, CatalogItemVersion).join(
            CatalogItemVersion,
            (CatalogItemVersion.item_id == CatalogItem.id)
            & (CatalogItemVersion.version == CatalogItem.current_version),
        )
    )
    current = [CurrentItem(str(i.id), i.number, r.version, _content(r)) for i, r in rows]
    seed = [(e.number, e.content) for e in _seed_items()]
    return plan_guides(current, seed, load_seed_history())


def _next_number(session: Session) -> int:
    return int(session.scalar(select(func.max(CatalogItem.number))) or 0) + 1


def add_item(
    session: Session, actor: Actor, number: int, content: ItemContent, note: str = ""
) -> tuple[CatalogItem, CatalogItemVersion]:
    item = CatalogItem(number=number, current_version=1)
    session.add(item)
    session.flush()
    row = _version_row(item.id, 1, content, actor, note)
    session.add(row)
    audit.record(
        session,
        actor.username,
        "catalog_add",
        "catalog_item",
        str(item.id),
        after={"number": number, **content.to_json()},
    )
    return item, row


def new_version(
    session: Session, actor: Actor, item: CatalogItem, content: ItemContent, note: str = ""
) -> tuple[CatalogItem, CatalogItemVersion]:
    old = _version(session, item, item.current_version)
    if _content(old) == content:
        return item, old
    item.current_version += 1
    item.row_version += 1
    row = _version_row(item.id, item.current_version, content, actor, note)
    session.add(row)
    audit.record(
        session,
        actor.username,
        "catalog_edit",
        "catalog_item",
        str(item.id),
        before={"version": old.version, **_content(old).to_json()},
        after={"version": row.version, **content.to_json()},
    )
    return item, row


@dataclass(frozen=True)
class ImportedItem:
    number: int
    retired: bool
    content: ItemContent


def _not_standard(token: str) -> Any:
    raise CounterError(tr("文件含有 {t}，不是标准 JSON 的数字", t=token), "file")


def load_catalog_json(raw: bytes, name: str) -> Any:
    """The JSON of a catalogue file (UTF-8, a byte-order mark allowed), or a Chinese message
    naming the file: not UTF-8, not JSON (with line and column), NaN or Infinity, a number
    of thousands of digits, nesting too deep for any catalogue, too large."""
    if len(raw) > FILE_MAX_BYTES:
        raise CounterError(
            tr("文件 {f} 过大（{n} 字节），事项清单不会超过 {m} 字节",
               f=name, n=len(raw), m=FILE_MAX_BYTES),
            "file",
        )  # fmt: skip
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CounterError(
            tr("文件 {f} 不是 UTF-8 编码（第 {p} 字节），请以 UTF-8 保存", f=name, p=exc.start + 1),
            "file",
        ) from None
    try:
        return json.loads(text, parse_constant=_not_standard)
    except json.JSONDecodeError as exc:
        raise CounterError(
            tr("文件 {f} 不是有效的 JSON（第 {l} 行第 {c} 列）", f=name, l=exc.lineno, c=exc.colno),
            "file",
        ) from None
    except RecursionError:
        raise CounterError(
            tr("文件 {f} 的 JSON 嵌套层数过多，不是事项清单", f=name), "file"
        ) from None
    except ValueError:  # an integer of more digits than Python converts (int_max_str_digits)
        raise CounterError(tr("文件 {f} 中有位数过多的数字", f=name), "file") from None


def parse_catalog_file(data: Any) -> list[ImportedItem]:
    """Check a catalogue file completely; raise with the position of the first problem."""
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise CounterError(
            tr("文件不是本系统的事项清单（缺少 format: {f}）", f=FILE_FORMAT), "file"
        )
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise CounterError(tr("文件中的 items 应为事项的列表"), "file")
    if not raw_items:
        raise CounterError(tr("文件中没有事项（items 为空）"), "file")
    if len(raw_items) > ITEMS_MAX:
        raise CounterError(tr("文件中的事项过多（最多 {n} 项）", n=ITEMS_MAX), "file")
    seen: set[int] = set()
    parsed = []
    for index, raw in enumerate(raw_items, start=1):
        parsed.append(_parse_entry(index, raw, seen))
    return parsed


def _parse_entry(index: int, raw: Any, seen: set[int]) -> ImportedItem:
    where = tr("第 {i} 项", i=index)
    if not isinstance(raw, dict):
        raise CounterError(tr("{w}格式不对", w=where), "file")
    number = raw.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= NUMBER_MAX:
        got = tr("缺少") if number is None else str(number)[:40]
        raise CounterError(
            tr("{w}的序号（number）应为 1 到 {m} 的整数，收到：{v}", w=where, m=NUMBER_MAX, v=got),
            "number",
        )
    if number in seen:
        raise CounterError(tr("{w}的序号 {n} 与前面的事项重复", w=where, n=number), "number")
    seen.add(number)
    try:
        content = parse_item_content(raw)
        retired = raw.get("retired", False)
        if not isinstance(retired, bool):
            raise CounterError(tr("“retired”（已停用）应为 true 或 false"), "retired")
    except CounterError as exc:
        raise CounterError(f"{where}（序号 {number}）：{exc.message}", exc.field) from None
    return ImportedItem(number, retired, content)


def apply_import(session: Session, actor: Actor, items: list[ImportedItem]) -> ImportResult:
    existing = {i.number: i for i in session.scalars(select(CatalogItem))}
    added = changed = unchanged = 0
    for entry in items:
        item = existing.get(entry.number)
        if item is None:
            item, _ = add_item(session, actor, entry.number, entry.content, "导入")
            added += 1
            if item.retired != entry.retired:
                item.retired, item.retired_at = entry.retired, utc_now() if entry.retired else None
            continue
        version = item.current_version
        new_version(session, actor, item, entry.content, "导入")
        edited = item.current_version != version
        if item.retired != entry.retired:  # retiring or reinstating is a change, audited
            item.retired, item.retired_at = entry.retired, utc_now() if entry.retired else None
            item.row_version += 0 if edited else 1
            audit.record(
                session,
                actor.username,
                "catalog_retire" if entry.retired else "catalog_reinstate",
                "catalog_item",
                str(item.id),
                after={"number": item.number},
            )
            edited = True
        changed += edited
        unchanged += not edited
    return ImportResult(added, changed, unchanged)


def seed_if_empty(session: Session, actor: Actor) -> int:
    """Load the 33 items of table A.1 into an empty catalogue; returns how many were added."""
    if session.scalar(select(func.count()).select_from(CatalogItem)):
        return 0
    data = json.loads(seed_file().read_text(encoding="utf-8"))
    return apply_import(session, actor, parse_catalog_file(data)).added
