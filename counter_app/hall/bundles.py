"""Ready-made "一件事" bundles: several catalogue items received on one form (R-CAT-3)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role, require
from counter_app.i18n import tr
from db.engine import Database
from db.models import Bundle, CatalogItem
from printers.resources import resources_dir


@dataclass(frozen=True)
class BundleView:
    id: str
    name: str
    description: str
    item_numbers: tuple[int, ...]
    active: bool


def _view(row: Bundle) -> BundleView:
    return BundleView(str(row.id), row.name, row.description, tuple(row.item_numbers), row.active)


def _check(session: Session, name: str, numbers: tuple[int, ...]) -> None:
    if not name.strip() or len(name.strip()) > 80:
        raise CounterError(tr("请填写套餐名称（最多 80 字）"), "name")
    if len(set(numbers)) < 2:
        raise CounterError(tr("一件事套餐至少包含两个不同的事项"), "item_numbers")
    known = set(
        session.scalars(
            select(CatalogItem.number).where(
                CatalogItem.number.in_(numbers), CatalogItem.retired.is_(False)
            )
        )
    )
    unknown = sorted(set(numbers) - known)
    if unknown:
        raise CounterError(
            tr("事项序号不存在或已停用：{n}", n="、".join(map(str, unknown))), "item_numbers"
        )


class BundleService:
    def __init__(self, database: Database) -> None:
        self._db = database

    def bundles(self, include_inactive: bool = False) -> list[BundleView]:
        with self._db.read() as session:
            query = select(Bundle).order_by(Bundle.name)
            if not include_inactive:
                query = query.where(Bundle.active)
            return [_view(r) for r in session.scalars(query)]

    def save(
        self,
        actor: Actor,
        bundle_id: str | None,
        name: str,
        description: str,
        item_numbers: tuple[int, ...],
        active: bool = True,
    ) -> BundleView:
        require(actor, Role.ADMINISTRATOR)
        numbers = tuple(dict.fromkeys(item_numbers))
        with self._db.write() as session:
            _check(session, name, numbers)
            row = None if bundle_id is None else session.get(Bundle, uuid.UUID(bundle_id))
            if row is None:
                row = Bundle(name=name.strip())
                session.add(row)
            else:
                row.row_version += 1
            row.name, row.description = name.strip(), description.strip()
            row.item_numbers, row.active = list(numbers), active
            session.flush()
            audit.record(
                session,
                actor.username,
                "bundle_save",
                "bundle",
                str(row.id),
                after={"name": row.name, "items": list(numbers), "active": active},
            )
            return _view(row)

    def seed_if_empty(self) -> int:
        with self._db.read() as session:
            if session.scalar(select(func.count()).select_from(Bundle)):
                return 0
        data = json.loads((resources_dir() / "catalog" / "bundles.json").read_text("utf-8"))
        for entry in data["bundles"]:
            self.save(
                SYSTEM_ACTOR,
                None,
                entry["name"],
                entry.get("description", ""),
                tuple(entry["item_numbers"]),
            )
        return len(data["bundles"])
