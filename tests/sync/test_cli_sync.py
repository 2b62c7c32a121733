"""counter-admin sync, run as the IT staff would."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from counter_app.container import Services
from counter_app.hall.settings import HallSettings
from counter_app.sync.runlock import one_sync_at_a_time
from tests.test_cli import run


def test_prepare_a_central_join_a_counter_show_and_force_a_sync(
    pg_url: str, tmp_path: Path
) -> None:
    result = run("db", "upgrade", db=pg_url)
    assert result.returncode == 0, result.stderr
    assert "中心数据库已就绪" in result.stdout
    grant = run("sync", "grant", "counter", "W05", "--password-stdin", stdin="pw-w05\n", db=pg_url)
    assert grant.returncode == 0 and "counter_w05" in grant.stdout
    local = f"sqlite+pysqlite:///{tmp_path / 'w05.db'}"
    assert run("db", "upgrade", db=local).returncode == 0
    url = make_url(pg_url)
    configure = (
        "sync", "configure", "--host", str(url.host), "--port", str(url.port),
        "--database", str(url.database), "--user", "counter_w05", "--sslmode", "disable",
        "--counter", "W05",
    )  # fmt: skip
    refused = run(*configure, db=local)  # an empty central and a PC never set up: no hall
    assert refused.returncode == 2 and "尚未完成首次设置" in refused.stderr
    services = Services.open(local)
    try:
        services.hall.first_run(
            HallSettings(hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W05"),
            "admin", "王管理", "admin2026ok",
        )  # fmt: skip
    finally:
        services.close()
    joined = run(*configure, db=local)
    assert joined.returncode == 0, joined.stderr
    assert "首台窗口" in joined.stdout and "中心在线" in joined.stdout
    status = run("sync", "status", db=local)
    assert (
        status.returncode == 0 and "counter_w05@" in status.stdout and "待上传 0" in status.stdout
    )
    assert "pw-w05" not in status.stdout + status.stderr
    forced = run("sync", "run", db=local)
    assert forced.returncode == 0 and "已上传 0 项更改" in forced.stdout
    with one_sync_at_a_time(create_engine(local)):  # the app's worker is syncing right now
        busy = run("sync", "run", db=local)
    assert busy.returncode == 1 and "已有一次同步正在进行" in busy.stderr
    assert "尚未准备好" not in busy.stdout + busy.stderr
    epoch = run("sync", "new-epoch", db=pg_url)
    assert epoch.returncode == 0
    again = run("sync", "run", db=local)
    assert again.returncode == 0 and "重新同步" in again.stdout


def test_a_central_that_is_not_there_is_said_so(tmp_path: Path) -> None:
    local = f"sqlite+pysqlite:///{tmp_path / 'w06.db'}"
    run("db", "upgrade", db=local)
    result = run(
        "sync", "configure", "--host", "127.0.0.1", "--port", "1", "--user", "counter_w06",
        "--sslmode", "disable", "--counter", "W06", db=local,
    )  # fmt: skip
    assert result.returncode == 2
    assert "无法连接中心数据库" in result.stderr
    assert "本机未连接中心数据库" in run("sync", "status", db=local).stdout
