"""Catalogue search per keystroke: Chinese text, item number, pinyin initials or full pinyin."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from counter_app.hall.rules.catalog import ItemView


def pinyin_keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin) of ``name``, e.g. 专利申请 -> ("zlsq", "zhuanlishenqing").

    pypinyin loads a large phrase dictionary (~0.25 s), so it is imported only when a name
    is saved; the keys are stored with each catalogue version.
    """
    from pypinyin import Style, lazy_pinyin

    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore"))
    full = "".join(lazy_pinyin(name, style=Style.NORMAL, errors="ignore"))
    return initials.lower(), full.lower()


def normalise_query(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


@dataclass(frozen=True)
class _Entry:
    item: ItemView
    name: str
    code: str
    initials: str
    full: str
    blob: str  # every key in one string: one `in` test rejects most items


class CatalogSearchIndex:
    """Built once per catalogue snapshot; ``search`` is a linear scan of prepared keys."""

    def __init__(self, items: Iterable[ItemView]) -> None:
        self._entries = [self._entry(item) for item in items]

    @staticmethod
    def _entry(item: ItemView) -> _Entry:
        stored = item.search_keys if len(item.search_keys) == 2 and item.search_keys[0] else None
        initials, full = stored or pinyin_keys(item.name)
        name = normalise_query(item.name)
        blob = "\x00".join((name, item.code, str(item.number), initials, full))
        return _Entry(item, name, item.code, initials, full, blob)

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, text: str, limit: int | None = None) -> list[ItemView]:
        query = normalise_query(text)
        if not query:
            hits = [e.item for e in self._entries]
            return hits[:limit] if limit else hits
        ranked: list[tuple[int, int, ItemView]] = []
        for entry in self._entries:
            if query not in entry.blob:
                continue
            rank = _rank(entry, query)
            if rank is not None:
                ranked.append((rank, entry.item.number, entry.item))
        ranked.sort(key=lambda r: (r[0], r[1]))
        hits = [r[2] for r in ranked]
        return hits[:limit] if limit else hits


def _rank(entry: _Entry, query: str) -> int | None:
    if query == entry.code or query == str(entry.item.number):
        return 0
    if entry.name.startswith(query) or entry.initials.startswith(query):
        return 1
    if entry.full.startswith(query):
        return 2
    if query in entry.name or query in entry.initials or query in entry.full:
        return 3
    return None
