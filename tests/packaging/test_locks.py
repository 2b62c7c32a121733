"""The locks installs come from: every pin hashed, in step with pyproject.toml's ranges."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ("requirements.lock", "requirements-test.lock", "requirements-qt69.lock")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)\s*(;[^\\]*)?\\?$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: str) -> dict[str, tuple[str, str]]:
    """name -> (version, marker) of a lock, checking that every pin carries hashes."""
    found: dict[str, tuple[str, str]] = {}
    lines = (ROOT / lock).read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        match = PIN.match(line)
        if not match:
            continue
        assert lines[index + 1].strip().startswith("--hash=sha256:"), f"{lock}: {line} has no hash"
        name, version, marker = match.groups()
        found[canonical(name)] = (version, (marker or "").lstrip("; ").strip())
    assert found, f"{lock} has no pins"
    return found


def requirement_names(requirements: list[str]) -> set[str]:
    return {canonical(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in requirements}


def project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("lock", LOCKS)
def test_every_pin_is_hashed(lock: str) -> None:
    pins(lock)


def test_the_locks_follow_pyproject() -> None:
    """A dependency added to pyproject.toml without `make lock` fails here, not on a hall PC."""
    meta = project()
    runtime = requirement_names(meta["dependencies"])  # type: ignore[arg-type]
    test = requirement_names(meta["optional-dependencies"]["test"])  # type: ignore[index]
    for lock, wanted in (
        ("requirements.lock", runtime),
        ("requirements-test.lock", runtime | test),
        ("requirements-qt69.lock", runtime | test),
    ):
        missing = wanted - set(pins(lock))
        assert not missing, f"{lock} lacks {sorted(missing)}: run `make lock`"


def test_the_test_lock_holds_the_runtime_and_pyinstaller() -> None:
    runtime, test = pins("requirements.lock"), pins("requirements-test.lock")
    assert {name: test.get(name) for name in runtime} == runtime
    assert "pyinstaller" in test


def test_windows_only_packages_keep_their_marker() -> None:
    for lock in LOCKS:
        version, marker = pins(lock)["pywin32"]
        assert marker == "sys_platform == 'win32'", f"{lock}: pywin32 {version} ; {marker}"


def test_the_qt69_lock_differs_only_in_pyside6() -> None:
    test, qt69 = pins("requirements-test.lock"), pins("requirements-qt69.lock")
    qt_names = {"pyside6-essentials", "pyside6-addons", "shiboken6"}
    assert {name: qt69[name][0] for name in qt_names} == dict.fromkeys(qt_names, "6.9.3")
    assert {n: v for n, v in qt69.items() if n not in qt_names} == {
        n: v for n, v in test.items() if n not in qt_names
    }
