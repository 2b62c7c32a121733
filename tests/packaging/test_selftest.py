"""--self-test in the source tree: every step passes; a failing step says why and exits 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from counter_app.selftest import Step, run_self_test

ROOT = Path(__file__).resolve().parents[2]


def test_all_plain_steps_pass() -> None:
    lines: list[str] = []
    assert run_self_test(out=lines.append, err=lines.append) == 0
    assert lines[-1].startswith("自检通过")
    passed = [line for line in lines if line.startswith("[通过]")]
    assert len(passed) == 6
    assert any("迁移到" in line and "事项 33 项" in line for line in passed)
    assert any("受理通知书" in line and "字体已嵌入" in line for line in passed)


def test_a_failing_step_stops_with_its_reason() -> None:
    def broken(folder: Path) -> str:
        raise RuntimeError("找不到打印机驱动")

    lines: list[str] = []
    errors: list[str] = []
    assert run_self_test([Step("坏步骤", broken)], out=lines.append, err=errors.append) == 1
    assert lines[-2:] == ["[失败] 坏步骤：找不到打印机驱动", "自检未通过"]
    assert "Traceback" in errors[0]


def test_main_self_test_from_another_folder(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--self-test"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[通过] 界面（Qt）" in result.stdout
    assert "WenQuanYi Micro Hei" in result.stdout
