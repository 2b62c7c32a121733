"""Lookup tables behind the catalogue search (issue 17): a keystroke is a lookup, not a scan.

The search ranks an item by how the query meets its keys (``CatalogSearchIndex`` in
catalog_search.py says what the keys are): 0 the query is the item's code or number, 1 the name
or the pinyin initials start with it, 2 the full pinyin starts with it, 3 one of the three
contains it; within a rank, by the item's number. ``KeyIndex`` answers that order from tables
built once per catalogue version:

* a query of one or two characters (the first keystrokes, which match the most items) is one
  dict lookup: the ranked answer of every character and pair of characters found in any key
  is computed when the index is built;
* a longer query takes the shortest answer among its pairs of characters as candidates (every
  item containing the query contains each of its pairs), keeps those containing the query,
  and ranks them with prefix ranges of the sorted names, initials and pinyin (bisect).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import add

_PAST = "\U0010ffff"  # sorts after every character a key holds: the end of a prefix range


@dataclass(frozen=True)
class Keys:
    """One item's search keys, normalised (lower case, no spaces)."""

    name: str
    initials: str
    full: str
    code: str  # the number as shown, "01"
    number: str  # the number as typed, "1"


class _Prefixes:
    """The positions of the keys that start with a text, from one sorted list."""

    def __init__(self, keys: Sequence[str]) -> None:
        pairs = sorted((key, pos) for pos, key in enumerate(keys) if key)
        self._keys = [key for key, _ in pairs]
        self._positions = [pos for _, pos in pairs]

    def starting(self, text: str) -> list[int]:
        low = bisect_left(self._keys, text)
        high = bisect_left(self._keys, text + _PAST, low)
        return self._positions[low:high]


class KeyIndex:
    """``find(query)``: the positions of the matching keys, in rank then position order.

    ``keys`` must be in the order that breaks ties within a rank (the items' numbers)."""

    def __init__(self, keys: Sequence[Keys]) -> None:
        self._blobs = ["\x00".join((k.name, k.initials, k.full)) for k in keys]
        self._exact: dict[str, list[int]] = {}
        for pos, k in enumerate(keys):
            for value in dict.fromkeys((k.code, k.number)):
                self._exact.setdefault(value, []).append(pos)
        self._short = self._short_answers(keys)
        self._names = _Prefixes([k.name for k in keys])
        self._initials = _Prefixes([k.initials for k in keys])
        self._full = _Prefixes([k.full for k in keys])

    @staticmethod
    def _short_answers(keys: Sequence[Keys]) -> dict[str, list[int]]:
        """The ranked answer of every query of one or two characters."""
        front: dict[str, tuple[list[int], list[int], list[int]]] = {}  # ranks 0, 1, 2
        inside: defaultdict[str, list[int]] = defaultdict(list)  # rank 3: most pairs
        for pos, k in enumerate(keys):
            grams: set[str] = set()
            for text in (k.name, k.initials, k.full):
                grams.update(text)
                grams.update(map(add, text, text[1:]))
            ranks = {k.full[:1]: 2, k.full[:2]: 2}
            ranks.update({k.name[:1]: 1, k.name[:2]: 1, k.initials[:1]: 1, k.initials[:2]: 1})
            ranks.update({value: 0 for value in (k.code, k.number) if len(value) <= 2})
            ranks.pop("", None)
            for gram in grams.difference(ranks):
                inside[gram].append(pos)
            for gram, rank in ranks.items():
                lists = front.get(gram)
                if lists is None:
                    front[gram] = lists = ([], [], [])
                lists[rank].append(pos)
        answers = {
            gram: [*r0, *r1, *r2, *inside.get(gram, ())] for gram, (r0, r1, r2) in front.items()
        }
        for gram, positions in inside.items():
            answers.setdefault(gram, positions)
        return answers

    def find(self, query: str) -> list[int]:
        if len(query) <= 2:
            return self._short.get(query, [])
        exact = self._exact.get(query, [])
        pairs = [self._short.get(query[i : i + 2]) for i in range(len(query) - 1)]
        shortest = min(pairs, key=lambda p: -1 if p is None else len(p))
        if not shortest:
            return list(exact)
        skip = set(exact)
        first = set(self._names.starting(query)) | set(self._initials.starting(query))
        first -= skip
        skip |= first
        second = set(self._full.starting(query)) - skip
        skip |= second
        blobs = self._blobs
        rest = [p for p in sorted(shortest) if p not in skip and query in blobs[p]]
        return [*exact, *sorted(first), *sorted(second), *rest]
