"""Shared helpers for the benchmark scripts: timing, percentiles and the report line.

Every benchmark prints our figure beside a floor measured in the same run and the ratio.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    samples: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p99(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def time_calls(func: Callable[[], object], repeat: int, warmup: int = 3) -> Timing:
    """Call ``func`` ``repeat`` times (after ``warmup`` untimed calls); seconds per call."""
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return Timing(samples)


def report(name: str, ours: float, floor: float, unit: str = "ms", note: str = "") -> None:
    """Print one benchmark line: our figure, the floor, and the ratio ours/floor."""
    scale = 1000.0 if unit == "ms" else 1.0
    ratio = ours / floor if floor else float("inf")
    extra = f"  ({note})" if note else ""
    print(
        f"{name:<58} ours {ours * scale:10.3f} {unit} | floor {floor * scale:10.3f} {unit}"
        f" | ratio {ratio:6.2f}x{extra}",
        flush=True,
    )


def report_rate(name: str, ours: float, floor: float, unit: str, note: str = "") -> None:
    """Print a throughput line (higher is better); the ratio is floor/ours."""
    ratio = floor / ours if ours else float("inf")
    extra = f"  ({note})" if note else ""
    print(
        f"{name:<58} ours {ours:10.1f} {unit} | floor {floor:10.1f} {unit}"
        f" | ratio {ratio:6.2f}x{extra}",
        flush=True,
    )
