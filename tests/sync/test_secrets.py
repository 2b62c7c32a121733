"""The central's password lives in the OS keyring only: not in the database, not in logs."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from counter_app.core.errors import CounterError
from counter_app.sync.config import KEYRING_SERVICE
from tests.sync.conftest import Hall

SECRET = "Sup3r-Secret-口令"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def test_the_password_goes_to_the_keyring_and_nowhere_else(
    hall: Hall, caplog: pytest.LogCaptureFixture
) -> None:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    caplog.set_level(logging.DEBUG)
    try:
        a = hall.counter("W01")
        a.services.sync.configure(a.admin, hall.config(), SECRET)
        assert memory.store[(KEYRING_SERVICE, hall.config().keyring_user)] == SECRET
        a.sync()
        # A fresh start reads it back from the keyring and syncs.
        a.services.sync.close()
        a.sync()
        assert a.services.sync.status().state == "online"
    finally:
        keyring.set_keyring(previous)
    path = Path(str(a.services.db.engine.url.database))
    for file in path.parent.glob(path.name + "*"):
        assert SECRET.encode() not in file.read_bytes()
    assert SECRET not in caplog.text
    assert all(SECRET not in str(r.args) for r in caplog.records)


def test_without_a_keyring_the_password_is_refused_not_written(hall: Hall) -> None:
    from keyring.backends.fail import Keyring as NoKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        a = hall.counter("W01")
        with pytest.raises(CounterError) as info:
            a.services.sync.configure(a.admin, hall.config(), SECRET)
        assert info.value.field == "password" and "密码库" in info.value.message
        other = replace(hall.config(), user="counter_w01")
        with pytest.raises(CounterError):
            a.services.sync.configure(a.admin, other, SECRET)
        assert a.services.sync.config() == hall.config()  # nothing changed
    finally:
        keyring.set_keyring(previous)


def test_tls_required_against_a_server_without_it_is_explained(hall: Hall) -> None:
    a = hall.counter("W01")
    strict = replace(hall.config(), sslmode="require")
    with pytest.raises(CounterError) as info:
        a.services.sync.configure(a.admin, strict, "")
    assert "加密连接失败" in info.value.message and info.value.field == "host"
    assert a.services.sync.config() == hall.config()  # the working setting stays
