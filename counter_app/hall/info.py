"""Information-window entries: policies, rights-protection aid, subsidies, links, reports."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.i18n import tr
from db.engine import Database
from db.models import InfoEntry

INFO_KINDS: dict[str, str] = {
    "policy": tr("政策法规"),
    "aid": tr("维权援助"),
    "subsidy": tr("奖励资助"),
    "link": tr("检索入口与链接"),
    "report": tr("产业导航报告"),
}


@dataclass(frozen=True)
class InfoView:
    id: str
    kind: str
    title: str
    body: str
    url: str
    sort_order: int

    @property
    def kind_label(self) -> str:
        return INFO_KINDS.get(self.kind, self.kind)


def _view(row: InfoEntry) -> InfoView:
    return InfoView(str(row.id), row.kind, row.title, row.body, row.url, row.sort_order)


def _check(kind: str, title: str, url: str) -> None:
    if kind not in INFO_KINDS:
        raise CounterError(tr("请选择栏目"), "kind")
    if not title.strip() or len(title.strip()) > 120:
        raise CounterError(tr("请填写标题（最多 120 字）"), "title")
    if url and not url.startswith(("http://", "https://")):
        raise CounterError(tr("链接应以 http:// 或 https:// 开头"), "url")


def _existing(session: Session, entry_id: str) -> InfoEntry:
    try:
        row = session.get(InfoEntry, uuid.UUID(entry_id))
    except ValueError:
        row = None
    if row is None or row.deleted:
        raise CounterError(tr("该条目已不存在，可能已被其他窗口删除，请刷新"), "title")
    return row


class InfoService:
    def __init__(self, database: Database) -> None:
        self._db = database

    def entries(self, kind: str | None = None) -> list[InfoView]:
        with self._db.read() as session:
            query = select(InfoEntry).where(InfoEntry.active, InfoEntry.deleted.is_(False))
            if kind:
                query = query.where(InfoEntry.kind == kind)
            rows = session.scalars(
                query.order_by(InfoEntry.kind, InfoEntry.sort_order, InfoEntry.title)
            )
            return [_view(r) for r in rows]

    def save(
        self,
        actor: Actor,
        entry_id: str | None,
        kind: str,
        title: str,
        body: str,
        url: str = "",
        sort_order: int = 0,
    ) -> InfoView:
        require(actor, Role.ADMINISTRATOR)
        _check(kind, title, url.strip())
        with self._db.write() as session:
            row = None if entry_id is None else _existing(session, entry_id)
            before = None if row is None else _view(row).__dict__
            if row is None:
                row = InfoEntry(kind=kind)
                session.add(row)
            else:
                row.row_version += 1
            row.kind, row.title, row.body = kind, title.strip(), body.strip()
            row.url, row.sort_order = url.strip(), sort_order
            session.flush()
            audit.record(
                session,
                actor.username,
                "info_save",
                "info_entry",
                str(row.id),
                before=before,
                after=_view(row).__dict__,
            )
            return _view(row)

    def remove(self, actor: Actor, entry_id: str) -> None:
        require(actor, Role.ADMINISTRATOR)
        with self._db.write() as session:
            row = _existing(session, entry_id)
            row.deleted, row.active = True, False
            row.row_version += 1
            audit.record(
                session,
                actor.username,
                "info_remove",
                "info_entry",
                entry_id,
                before=_view(row).__dict__,
            )
