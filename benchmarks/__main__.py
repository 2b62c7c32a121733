"""Run every benchmark: ``python -m benchmarks [name-substring ...]``.

Each ``benchmarks/bench_*.py`` module has a ``main()`` that prints its own report lines and
records its goals (``common.goal``); at the end one table of the goals is printed and the same
rows are written to ``benchmarks/results.json`` (not committed).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

import benchmarks
from benchmarks.common import results_json, summary


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__))
    selected = [
        n for n in names if n.startswith("bench_") and (not argv or any(a in n for a in argv))
    ]
    for name in selected:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"benchmarks.{name}").main()
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    print("\n== goals", flush=True)
    print(summary(), flush=True)
    out = Path(__file__).resolve().parent / "results.json"
    out.write_text(
        json.dumps(results_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"   (written to {out})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
