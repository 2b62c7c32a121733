"""One sync at a time per PC, across processes (the app's worker, ``counter-admin sync run``):
a second one is told so at once instead of pushing the same changes twice."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import Engine

from counter_app.core.errors import CounterError
from counter_app.i18n import tr


class SyncBusy(CounterError):
    """Another sync of this PC is running (the app's or a command line's)."""

    def __init__(self) -> None:
        super().__init__(tr("本机已有一次同步正在进行（程序后台或另一个命令），请稍候再试。"))


@contextmanager
def one_sync_at_a_time(local: Engine) -> Iterator[None]:
    """An OS file lock beside this PC's database file, taken without waiting."""
    database = local.url.database
    if local.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        path = Path(tempfile.gettempdir()) / f"ip-counter-sync-{os.getpid()}.lock"
    else:
        path = Path(f"{database}.sync.lock")
    lock = FileLock(path, timeout=0, is_singleton=False)
    try:
        lock.acquire()
    except Timeout:
        raise SyncBusy() from None
    try:
        yield
    finally:
        lock.release()
