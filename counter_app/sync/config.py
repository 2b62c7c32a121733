"""Where the hall's central database is: kept in this PC's local settings; the password in the
operating system's keyring (Windows Credential Manager, Secret Service), never in a file."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.engine import URL

from counter_app.core.errors import CounterError
from counter_app.hall.settings import put_setting
from counter_app.i18n import tr
from db.engine import Database
from db.models import Setting

logger = logging.getLogger(__name__)

KEY = "sync.central"
KEYRING_SERVICE = "counter-app central database"
SSL_MODES = ("disable", "prefer", "require", "verify-ca", "verify-full")
_HOST = re.compile(r"^[A-Za-z0-9.\-:]{1,253}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]{0,62}$")


@dataclass(frozen=True)
class CentralConfig:
    host: str
    port: int = 5432
    database: str = "counter"
    user: str = ""
    sslmode: str = "prefer"
    sslrootcert: str = ""

    @property
    def keyring_user(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None, client: str) -> URL:
        query = {"sslmode": self.sslmode, "application_name": f"counter-{client}"}
        if self.sslrootcert:
            query["sslrootcert"] = self.sslrootcert
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
            query=query,
        )


def check(config: CentralConfig) -> CentralConfig:
    host = config.host.strip()
    if not _HOST.match(host):
        raise CounterError(tr("请填写中心数据库服务器地址，如 192.168.1.10"), "host")
    if not 0 < int(config.port) < 65536:
        raise CounterError(tr("端口应为 1-65535，PostgreSQL 默认 5432"), "port")
    if not _NAME.match(config.database.strip()):
        raise CounterError(tr("数据库名只能用字母、数字和下划线"), "database")
    if not _NAME.match(config.user.strip()):
        raise CounterError(tr("请填写本窗口的数据库账号，如 counter_w03"), "user")
    if config.sslmode not in SSL_MODES:
        raise CounterError(tr("加密方式不正确"), "sslmode")
    return CentralConfig(
        host,
        int(config.port),
        config.database.strip(),
        config.user.strip(),
        config.sslmode,
        config.sslrootcert.strip(),
    )


def load(db: Database) -> CentralConfig | None:
    with db.read() as session:
        row = session.scalar(select(Setting).where(Setting.key == KEY))
    if row is None or not row.value:
        return None
    return CentralConfig(**json.loads(row.value))


def save(db: Database, config: CentralConfig | None) -> None:
    with db.write() as session:
        put_setting(session, KEY, "" if config is None else json.dumps(asdict(config)), "local")


def store_password(config: CentralConfig, password: str) -> None:
    """Into the OS keyring; an empty password (trust or certificate login) stores nothing."""
    import keyring
    from keyring.errors import KeyringError

    if not password:
        return
    try:
        keyring.set_password(KEYRING_SERVICE, config.keyring_user, password)
    except KeyringError as exc:
        logger.warning("keyring unavailable: %s", type(exc).__name__)
        raise CounterError(
            tr("本机没有可用的系统密码库，无法安全保存数据库密码。请信息科启用系统密码库后再试。"),
            "password",
        ) from exc


def read_password(config: CentralConfig) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, config.keyring_user)
    except KeyringError as exc:  # no keyring: only a password-less login can work
        logger.info("keyring unavailable: %s", type(exc).__name__)
        return None
