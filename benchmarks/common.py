"""Shared helpers for the benchmark scripts: timing, percentiles and the report line.

Every benchmark prints our figure beside a floor measured in the same run and the ratio.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


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


# -- goals: the summary table at the end of `make bench` and benchmarks/results.json ---------


@dataclass(frozen=True)
class GoalRow:
    measure: str
    ours: float
    floor: float
    unit: str
    ratio: float | None  # ours / floor, for times and rates alike (read it with the goal)
    goal: str  # as written: "<= 2x", "< 5 ms", ">= 50% of floor"
    met: bool
    cause: str = ""  # for a miss: what the remaining time is spent on


RESULTS: list[GoalRow] = []


def goal(
    measure: str,
    ours: float,
    floor: float,
    unit: str,
    target: str,
    met: bool,
    cause: str = "",
) -> None:
    """Record one goal's row (issue 17's table, or a goal of another issue): our figure, the
    floor of the same run, their unit, the goal as written, whether it is met, and for a miss
    what the remaining time is spent on."""
    ratio = round(ours / floor, 3) if floor else None
    RESULTS.append(
        GoalRow(measure, round(ours, 6), round(floor, 6), unit, ratio, target, met, cause)
    )


def summary() -> str:
    """The goals as one table, in the order they were measured."""
    if not RESULTS:
        return "(no goals measured)"
    head = f"{'measure':<52} {'ours':>12} {'floor':>12} {'unit':<6} {'ratio':>8}  goal          met"
    lines = [head, "-" * len(head)]
    for r in RESULTS:
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}x"
        lines.append(
            f"{r.measure:<52} {r.ours:>12.3f} {r.floor:>12.3f} {r.unit:<6} {ratio:>8}  "
            f"{r.goal:<13} {'yes' if r.met else 'NO'}"
        )
        if r.cause and not r.met:
            lines.append(f"    why not: {r.cause}")
    return "\n".join(lines)


def results_json() -> list[dict[str, object]]:
    return [{k: v for k, v in asdict(r).items() if k != "cause" or v} for r in RESULTS]
