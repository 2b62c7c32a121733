"""The layer rules of ARCHITECTURE.md: only ui/ and main.py import Qt; db and printers are
siblings that never import each other; lower layers never import upper ones."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_import_linter_contracts_hold() -> None:
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_qt_outside_ui_even_in_lazy_imports() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("counter_app", "db", "printers", "hall_devices")
        for path in _python_files(folder)
        if _imports(path) & {"PySide6", "shiboken6"}
    ]
    assert offenders == []


def test_db_and_printers_do_not_import_each_other() -> None:
    bad = [p for p in _python_files("db") if "printers" in _imports(p)]
    bad += [p for p in _python_files("printers") if "db" in _imports(p)]
    assert bad == []


def test_the_layer_check_would_catch_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert "PySide6" in _imports(sample)
