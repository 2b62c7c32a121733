"""Run every benchmark: ``python -m benchmarks [name-substring ...]``.

Each ``benchmarks/bench_*.py`` module has a ``main()`` that prints its own report lines.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import benchmarks


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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
