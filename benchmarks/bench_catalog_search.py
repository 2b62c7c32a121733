"""Catalogue search per keystroke: the 33 real items and 10,000 synthetic ones, p50/p99.

Floor: a plain substring scan over the same names (the least any search must do).
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from benchmarks.common import report, time_calls
from counter_app.container import Services
from counter_app.hall.catalog_search import CatalogSearchIndex, normalise_query, pinyin_keys
from counter_app.hall.rules.catalog import Category, ItemContent, ItemView

QUERIES = ["z", "zl", "zls", "zlsq", "专", "专利", "商标", "haiguan", "17", "zhuzuoquan"]
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
]


def _synthetic(count: int) -> list[ItemView]:
    rng = random.Random(7)
    items = []
    for number in range(1, count + 1):
        name = "".join(rng.sample(WORDS, 3))
        content = ItemContent(name=name, category=rng.choice(list(Category)))
        items.append(
            ItemView(
                id=str(number),
                number=number,
                version=1,
                retired=False,
                content=content,
                search_keys=pinyin_keys(name),
            )
        )
    return items


def _bench(label: str, index: CatalogSearchIndex, names: list[str]) -> None:
    def ours() -> None:
        for query in QUERIES:
            index.search(query)

    def floor() -> None:
        for query in QUERIES:
            q = normalise_query(query)
            [n for n in names if q in n]

    per_key = len(QUERIES)
    o, f = time_calls(ours, repeat=50), time_calls(floor, repeat=50)
    report(
        f"search per keystroke, {label}: p50",
        o.p50 / per_key,
        f.p50 / per_key,
        note="floor: plain substring scan of the names",
    )
    report(f"search per keystroke, {label}: p99", o.p99 / per_key, f.p99 / per_key)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    services = Services.open(f"sqlite+pysqlite:///{folder / 'bench.db'}")
    items = services.catalog.list_items()
    _bench("33 items", CatalogSearchIndex(items), [i.name for i in items])
    services.close()
    synthetic = _synthetic(10_000)
    build = time_calls(lambda: CatalogSearchIndex(synthetic), repeat=5, warmup=1)
    report(
        "build index over 10,000 items (keys stored)",
        build.p50,
        build.p50,
        note="once per catalogue change; no floor",
    )
    _bench("10,000 items", CatalogSearchIndex(synthetic), [i.name for i in synthetic])


if __name__ == "__main__":
    main()
