"""The hall's supervision deadlines: defaults, set by an administrator (CLI and the hall
settings page), refused out of range or for anyone else, audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.supervision import settings
from counter_app.supervision.settings import SupervisionSettings
from db.engine import Database, make_engine
from tests.hall.cli_support import ADMIN_PW, SETUP, Cli


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(tmp_path / "counter.db", monkeypatch, capsys)
    assert cli(*SETUP, stdin=ADMIN_PW + "\n").code == 0
    return cli


def test_defaults_then_set_by_the_command_line(cli: Cli) -> None:
    shown = cli("hall", "deadlines")
    assert shown.code == 0
    assert "差评整改期限：15 个工作日" in shown.out and "投诉答复期限：7 个工作日" in shown.out
    assert cli("hall", "deadlines", "--followup", "5").code == 0
    shown = cli("hall", "deadlines")
    assert "差评整改期限：5 个工作日" in shown.out and "投诉答复期限：7 个工作日" in shown.out
    audited = cli.rows("SELECT actor FROM audit_log WHERE entity_id = 'supervision'")
    assert audited == [("counter-admin",)]


@pytest.mark.parametrize("bad", ["0", "61", "x", "-3"])
def test_out_of_range_is_refused(cli: Cli, bad: str) -> None:
    result = cli("hall", "deadlines", "--complaint", bad)
    assert result.code == 2
    assert "整数" in result.err or "之间" in result.err or "应在" in result.err
    assert cli.rows("SELECT count(*) FROM setting WHERE key LIKE 'supervision.%'") == [(0,)]


def test_only_an_administrator_sets_them(cli: Cli) -> None:
    database = Database(make_engine(cli.url))
    supervisor = Actor("li", "李科长", frozenset({Role.SUPERVISOR}))
    with pytest.raises(CounterError):
        settings.save(database, supervisor, SupervisionSettings(5, 5))
    admin = Actor("admin", "王管理", frozenset({Role.ADMINISTRATOR}))
    with pytest.raises(CounterError) as refused:
        settings.save(database, admin, SupervisionSettings(0, 5))
    assert refused.value.field == "followup_days"
    assert settings.load(database) == SupervisionSettings()
    database.dispose()
