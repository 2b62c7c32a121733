"""Start-up to the first shown main window (offscreen), beside a bare PySide6 QMainWindow."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import goal, report, time_calls
from counter_app.container import Services
from counter_app.core.roles import Role
from counter_app.hall.settings import HallSettings

RUNS = 7


def _time_process(args: list[str]) -> dict[str, float]:
    """Seconds from spawning the probe to each word it prints ("shown", "ready", ...)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.startup_probe", *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    marks = {line.strip(): time.perf_counter() - start for line in proc.stdout}
    proc.wait(timeout=60)
    assert "shown" in marks, marks
    return marks


def _prepare(folder: Path) -> str:
    url = f"sqlite+pysqlite:///{folder / 'bench.db'}"
    services = Services.open(url)
    hall = HallSettings(hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W03")
    admin = services.hall.first_run(hall, "admin", "王管理", "admin2026ok")
    services.staff.add_user(admin, "li", "李受理", frozenset({Role.RECEPTION}), "recept2026")
    login = time_calls(lambda: services.staff.login("li", "recept2026"), repeat=10, warmup=1)
    report("login (argon2 verify + audit row)", login.p50, login.p50, note="no floor: for scale")
    services.close()
    return url


def _import_profile() -> str:
    """Where the start-up's own time goes: the slowest of our modules imported before the
    window shows (python -X importtime of ui.app; cumulative ms), and the font."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import ui.app"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[1].isdigit():
            rows.append((int(parts[1]) / 1000, parts[2]))
    pyside = max((ms for ms, name in rows if name == "PySide6.QtWidgets"), default=0.0)
    ours = sorted(
        (r for r in rows if r[1] != "ui.app" and r[1].split(".")[0] in ("ui", "counter_app")),
        reverse=True,
    )[:4]
    listed = ", ".join(f"{name} {ms:.0f} ms" for ms, name in ours)
    text = (
        f"imports before the window: PySide6.QtWidgets {pyside:.0f} ms (the floor's too); {listed}"
    )
    print(f"  profile: {text}", flush=True)
    return text


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    url = _prepare(folder)
    bare_runs, ours_runs = [], []
    for _ in range(RUNS):  # interleaved so both see the same machine load
        bare_runs.append(_time_process(["--bare"])["shown"])
        ours_runs.append(_time_process([url, "li"]))
    bare = statistics.median(bare_runs)
    for mark, what in (
        ("shown", "main window shown (login page)"),
        ("ready", "database open, login enabled"),
        ("workspace", "tabs built after login"),
    ):
        ours = statistics.median(run[mark] for run in ours_runs)
        report(
            f"start-up: {what}",
            ours,
            bare,
            note="floor: bare QMainWindow process, median of 7"
            + ("; goal <= 1.5x" if mark == "shown" else ""),
        )
        if mark == "shown":
            goal(
                "start-up to window shown",
                ours * 1000,
                bare * 1000,
                "ms",
                "<= 1.5x",
                ours <= 1.5 * bare,
                cause=_import_profile(),
            )


if __name__ == "__main__":
    main()
