"""The built folder (`make dist`) works away from the source tree: a missing hidden import,
data file or Qt plugin fails here, not on a hall PC.

`make dist` rebuilds only when a source, resource, the spec or the lock changed; the folder
is then copied outside the tree and run from / with only what it carries.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME = "ip-counter"
EXE = ".exe" if sys.platform == "win32" else ""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    build = subprocess.run(
        [make, "--no-print-directory", "dist"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    copy = tmp_path_factory.mktemp("installed") / NAME
    shutil.copytree(ROOT / "dist" / NAME, copy, symlinks=True)
    return copy


def run(app: Path, program: str, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run a program of the copied folder from /, with no trace of the source tree."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "COUNTER_"))
    }
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), COUNTER_DATA_DIR=str(home / "data"))
    return subprocess.run(
        [str(app / f"{program}{EXE}"), *args],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_built_program_passes_its_self_test(app: Path, tmp_path: Path) -> None:
    result = run(app, NAME, "--self-test", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "（安装版，" in result.stdout
    assert "[通过] 界面（Qt）" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("自检通过")


def test_counter_admin_runs_from_the_folder(app: Path, tmp_path: Path) -> None:
    helped = run(app, "counter-admin", "--help", home=tmp_path)
    assert helped.returncode == 0, helped.stdout + helped.stderr
    assert "counter-admin" in helped.stdout
    checked = run(app, "counter-admin", "selftest", home=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "自检通过" in checked.stdout
    url = f"sqlite+pysqlite:///{tmp_path / 'admin.db'}"
    upgraded = run(app, "counter-admin", "--db", url, "db", "upgrade", home=tmp_path)
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    exported = tmp_path / "catalog.json"
    args = ("--db", url, "catalog", "export", "--format", "json", "--out", str(exported))
    catalog = run(app, "counter-admin", *args, home=tmp_path)
    assert catalog.returncode == 0, catalog.stdout + catalog.stderr
    assert "专利" in exported.read_text(encoding="utf-8")


def test_the_folder_carries_its_licences(app: Path) -> None:
    licences = app / "licenses"
    summary = (licences / "README.txt").read_text(encoding="utf-8")
    for name in ("PySide6_Essentials", "reportlab", "SQLAlchemy", "alembic", "WenQuanYi"):
        assert name in summary
    assert (licences / "wqy-microhei.LICENSE").is_file()
    assert any((licences / entry).is_dir() for entry in os.listdir(licences))
