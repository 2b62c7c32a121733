"""The catalogue search's lookup tables answer exactly what the former scan answered: the same
items in the same order, on the real catalogue and on 10,000 generated items, for every query
of one or two characters their keys hold and for longer ones typed a keystroke at a time."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pytest

from counter_app.container import Services
from counter_app.hall.catalog_search import (
    CatalogSearchIndex,
    normalise_query,
    pinyin_keys,
    search_index_for,
)
from counter_app.hall.rules.catalog import Category, ItemContent, ItemView

# -- the search as it was before the lookup tables: a scan of every item per keystroke ------


@dataclass(frozen=True)
class _Entry:
    item: ItemView
    name: str
    initials: str
    full: str
    blob: str


class ScanSearch:
    def __init__(self, items: Iterable[ItemView]) -> None:
        self._entries = []
        for item in items:
            stored = (
                item.search_keys if len(item.search_keys) == 2 and item.search_keys[0] else None
            )
            initials, full = stored or pinyin_keys(item.name)
            name = normalise_query(item.name)
            blob = "\x00".join((name, item.code, str(item.number), initials, full))
            self._entries.append(_Entry(item, name, initials, full, blob))

    def search(self, text: str, limit: int | None = None) -> list[ItemView]:
        query = normalise_query(text)
        if not query:
            hits = [e.item for e in self._entries]
            return hits[:limit] if limit else hits
        ranked = []
        for entry in self._entries:
            if query not in entry.blob:
                continue
            rank = self._rank(entry, query)
            if rank is not None:
                ranked.append((rank, entry.item.number, entry.item))
        ranked.sort(key=lambda r: (r[0], r[1]))
        hits = [r[2] for r in ranked]
        return hits[:limit] if limit else hits

    @staticmethod
    def _rank(entry: _Entry, query: str) -> int | None:
        if query == entry.item.code or query == str(entry.item.number):
            return 0
        if entry.name.startswith(query) or entry.initials.startswith(query):
            return 1
        if entry.full.startswith(query):
            return 2
        if query in entry.name or query in entry.initials or query in entry.full:
            return 3
        return None


# -- queries ----------------------------------------------------------------------------------


def _keys(item: ItemView) -> list[str]:
    initials, full = item.search_keys or pinyin_keys(item.name)
    return [normalise_query(item.name), initials, full, item.code, str(item.number)]


def _short_queries(items: list[ItemView]) -> set[str]:
    """Every character and pair of characters of any key."""
    found: set[str] = set()
    for item in items:
        for key in _keys(item):
            found.update(key)
            found.update(key[i : i + 2] for i in range(len(key) - 1))
    return found


def _typed(items: list[ItemView], rng: random.Random, count: int) -> list[str]:
    """Keys and pieces of keys as typed, a keystroke at a time (each prefix is a query)."""
    words = []
    for item in rng.sample(items, min(count, len(items))):
        key = rng.choice(_keys(item))
        start = rng.randrange(len(key)) if rng.random() < 0.4 else 0
        words.append(key[start : start + rng.randint(3, 10)])
    queries = [word[:n] for word in words for n in range(1, len(word) + 1)]
    return queries + [q.upper() for q in queries[:50]] + [f" {q} " for q in queries[50:80]]


ODD = [
    *("", " ", "qqqqxx", "zzzzzz", "１７", "ＺＬＳＱ", "z l s q"),
    *("专利申请专利", "0", "00", "100", "x"),
]


def _assert_same(items: list[ItemView], queries: Iterable[str]) -> int:
    index, scan = CatalogSearchIndex(items), ScanSearch(items)
    checked = 0
    for query in queries:
        assert index.search(query) == scan.search(query), query
        checked += 1
    for limit in (None, 0, 1, 5):
        assert index.search("z", limit) == scan.search("z", limit)
        assert index.search("", limit) == scan.search("", limit)
    return checked


def test_same_hits_on_the_real_catalogue(services: Services) -> None:
    items = services.catalog.list_items()
    assert len(items) == 33
    queries = _short_queries(items) | set(_typed(items, random.Random(1), 33)) | set(ODD)
    queries |= {item.name for item in items}
    assert _assert_same(items, sorted(queries)) > 500
    # whatever order the catalogue is given in
    shuffled = list(items)
    random.Random(2).shuffle(shuffled)
    assert _assert_same(shuffled, ["", "z", "zl", "zhuan", "专利", "sb", "1", "01", "33"]) == 9


WORDS = [
    "专利",
    "商标",
    "著作权",
    "版权",
    "质押",
    "许可",
    "备案",
    "登记",
    "申请",
    "续展",
    "投诉",
    "举报",
    "调解",
    "仲裁",
    "援助",
    "资助",
    "检索",
    "咨询",
    "海关",
    "地理标志",
    "集成电路",
    "植物新品种",
    "软件",
    "作品",
    "行政",
    "裁决",
    "民事",
    "案件",
    "预审",
    "2024年",
    "ABC",
]


def _generated(count: int) -> list[ItemView]:
    rng = random.Random(7)
    items = []
    for number in range(1, count + 1):
        name = "".join(rng.sample(WORDS, 3))
        items.append(
            ItemView(
                id=str(number),
                number=number,
                version=1,
                retired=False,
                content=ItemContent(name=name, category=rng.choice(list(Category))),
                search_keys=pinyin_keys(name),
            )
        )
    return items


@pytest.fixture(scope="module")
def generated() -> list[ItemView]:
    return _generated(10_000)


def test_same_hits_on_ten_thousand_items(generated: list[ItemView]) -> None:
    rng = random.Random(3)
    queries = sorted(_short_queries(generated))
    queries += _typed(generated, rng, 300) + ODD + ["999", "1000", "10000", "9999"]
    assert _assert_same(generated, queries) > 1500


def test_ties_keep_the_order_given(generated: list[ItemView]) -> None:
    """Two items with the same number (a file being imported): the scan kept their order."""
    twins = [replace(generated[5], id="twin", content=replace(generated[5].content, name="专利"))]
    items = generated[:100] + twins + generated[100:200]
    assert _assert_same(items, ["6", "06", "专利", "zl", "zhuanli", "z"]) == 6


def test_the_index_is_built_once_per_catalogue_version(services: Services) -> None:
    items = services.catalog.list_items()
    index = search_index_for(items)
    assert search_index_for(list(items)) is index
    assert services.catalog.search_index() is index
    changed = [replace(items[0], version=items[0].version + 1), *items[1:]]
    assert search_index_for(changed) is not index
    retired = [replace(items[0], retired=True), *items[1:]]
    assert search_index_for(retired) is not index
