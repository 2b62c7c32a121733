"""Where this user's data, logs and drafts live (COUNTER_DATA_DIR overrides, for tests)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

APP_NAME = "ip-counter"


def data_dir() -> Path:
    override = os.environ.get("COUNTER_DATA_DIR")
    path = Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get("COUNTER_DATA_DIR")
    path = Path(override) / "logs" if override else Path(user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    return f"sqlite+pysqlite:///{data_dir() / 'counter.db'}"
