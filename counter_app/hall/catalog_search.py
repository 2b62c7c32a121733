"""Catalogue search per keystroke: Chinese text, item number, pinyin initials or full pinyin."""

from __future__ import annotations

import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from threading import Lock

from counter_app.hall.rules.catalog import ItemView
from counter_app.hall.search_index import KeyIndex, Keys


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


def item_keys(item: ItemView) -> Keys:
    """The keys ``item`` is found by: its name, pinyin initials and full pinyin (as stored with
    its version, else computed), its code and its number."""
    stored = item.search_keys if len(item.search_keys) == 2 and item.search_keys[0] else None
    initials, full = stored or pinyin_keys(item.name)
    return Keys(normalise_query(item.name), initials, full, item.code, str(item.number))


class CatalogSearchIndex:
    """Built once per catalogue snapshot (``search_index_for``); ``search`` is a lookup in the
    tables of search_index.py.

    Order of the hits: the query is the item's code or number; then the name or the pinyin
    initials start with it; then the full pinyin does; then one of them contains it; within
    each, by number. An empty query gives every item in the order given."""

    def __init__(self, items: Iterable[ItemView]) -> None:
        self._items = list(items)
        self._by_number = sorted(self._items, key=lambda item: item.number)
        self._keys = KeyIndex([item_keys(item) for item in self._by_number])

    def __len__(self) -> int:
        return len(self._items)

    def search(self, text: str, limit: int | None = None) -> list[ItemView]:
        query = normalise_query(text)
        if not query:
            return self._items[:limit] if limit else list(self._items)
        found = self._keys.find(query)
        if limit:
            found = found[:limit]
        items = self._by_number
        return [items[pos] for pos in found]


_CACHE_SIZE = 4
_cache: OrderedDict[tuple[tuple[str, int, bool, int, str], ...], CatalogSearchIndex] = OrderedDict()
_cache_lock = Lock()


def search_index_for(items: Sequence[ItemView]) -> CatalogSearchIndex:
    """The index of ``items``, built once per catalogue version: the last few are kept, keyed
    by each item's id, version, retirement, number and name (what the keys come from)."""
    key = tuple((i.id, i.version, i.retired, i.number, i.name) for i in items)
    with _cache_lock:
        index = _cache.get(key)
        if index is not None:
            _cache.move_to_end(key)
            return index
    index = CatalogSearchIndex(items)
    with _cache_lock:
        _cache[key] = index
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return index
