"""Where the time of receive + acceptance notice goes (bench_reception's receive goal), and
what the first notice of a session costs with and without ``printers.pdf.warm_up``."""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (file suffix, function) -> the part of receive + notice its cumulative time stands for.
_SAVE = ("counter_app/cases/reception.py", "receive")
_NOTICE = ("counter_app/cases/documents.py", "render")
_BUILD = ("printers/pdf/page.py", "build_pdf")
_FILE = ("printers/pdf/page.py", "save")  # page numbers, font subset, compression, writing


@dataclass(frozen=True)
class ReceiveProfile:
    shares: dict[str, float]  # part -> share of the profiled time (0..1)
    top: str  # the functions with the most own time, one a line

    def summary(self) -> str:
        return ", ".join(f"{name} {share:.0%}" for name, share in self.shares.items())


def _cumulative(stats: pstats.Stats, where: tuple[str, str]) -> float:
    suffix, name = where
    table: dict[tuple[str, int, str], tuple[int, int, float, float, object]]
    table = stats.stats  # type: ignore[attr-defined]
    return sum(
        row[3]
        for (path, _line, func), row in table.items()
        if func == name and path.replace("\\", "/").endswith(suffix)
    )


def profile_receive(once: Callable[[], object], repeat: int) -> ReceiveProfile:
    """cProfile ``repeat`` calls of ``once`` (a save and its notice) and split the time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        once()
    profiler.disable()
    stats = pstats.Stats(profiler)
    save, notice = _cumulative(stats, _SAVE), _cumulative(stats, _NOTICE)
    build, pdf_file = _cumulative(stats, _BUILD), _cumulative(stats, _FILE)
    total = save + notice or 1.0
    shares = {
        "save (ORM flush of case, items, materials, event, audit)": save / total,
        "notice's reads and issue record": (notice - build) / total,
        "PDF layout and drawing (platypus, once for both copies)": (build - pdf_file) / total,
        "PDF file (font subset, zlib, page numbers)": pdf_file / total,
    }
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(8)
    rows = [ln.strip() for ln in out.getvalue().splitlines() if ln.strip()[:1].isdigit()]
    rows = [ln for ln in rows if "function calls" not in ln]
    head = "ncalls  tottime  percall  cumtime  percall filename:lineno(function)"
    return ReceiveProfile(shares, "\n".join(f"    {ln}" for ln in [head, *rows]))


_FIRST = """
import json, time
t0 = time.perf_counter()
from printers import pdf
from tests.pdf import samples
t1 = time.perf_counter()
WARM
t2 = time.perf_counter()
pdf.render_acceptance_notice(samples.ACCEPTANCE)
t3 = time.perf_counter()
pdf.render_acceptance_notice(samples.ACCEPTANCE)
t4 = time.perf_counter()
print(json.dumps({"warm": t2 - t1, "first": t3 - t2, "second": t4 - t3}))
"""


def first_notice(warm: bool) -> dict[str, float]:
    """In a fresh interpreter: the first and the second notice, after a warm-up or not."""
    script = _FIRST.replace("WARM", "pdf.warm_up()" if warm else "")
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
