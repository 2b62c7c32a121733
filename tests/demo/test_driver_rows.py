"""The bulk seed's rows go to the driver as tuples (counter_app/demo/driver.py): every value
must be stored exactly as SQLAlchemy's own bind processing would store it."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from counter_app.container import Services
from counter_app.demo.bulk import TABLES
from counter_app.demo.driver import Keys, converter
from counter_app.demo.seed import seed_demo
from counter_app.hall.settings import HallSettings
from db.engine import make_engine, sqlite_url
from db.models.queue import QueueEvent, QueueTicket
from tests.conftest import ADMIN_PASSWORD

ALL_TABLES = {**TABLES, "queue_ticket": QueueTicket.__table__, "queue_event": QueueEvent.__table__}
SAMPLES: dict[str, list[Any]] = {
    "Uuid": [uuid.uuid4(), uuid.UUID(int=5), None],
    "UTCDateTime": [
        datetime(2026, 3, 2, 1, 2, 3, 456789, tzinfo=UTC),
        datetime(2026, 3, 2, 1, 2, 3, tzinfo=UTC),  # no microseconds: still printed
        datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=8))),  # to UTC first
        None,
    ],
    "Date": [date(2026, 1, 5), date(999, 12, 31), None],
    "JSON": [
        None,
        [],
        (),
        ["不予受理", "b"],
        ("不予受理", "b"),
        (1, 5),
        [{"item": "专利：费", "amount": "80", "quantity": 1}],
        ({"item": "a", "amount": "1.50"},),  # a tuple holding dicts (not hashable)
        {"competent_authority": "国家知识产权局"},
    ],
    "Numeric": [Decimal("80"), Decimal("12.50"), None],
    "Boolean": [True, False],
}


@pytest.mark.parametrize("table_name", sorted(ALL_TABLES))
def test_each_converter_gives_what_the_column_bind_processor_gives(table_name: str) -> None:
    dialect = make_engine("sqlite://").dialect
    for column in ALL_TABLES[table_name].columns:
        samples = SAMPLES.get(type(column.type).__name__, ["text", 7, None])
        own = column.type._cached_bind_processor(dialect) or (lambda v: v)
        fast = converter(column, dialect) or (lambda v: v)
        for value in samples * 2:  # the second time from the JSON cache
            assert fast(value) == own(value), (table_name, column.name, value)


def test_keys_are_version_7_increasing_and_unique() -> None:
    keys = Keys()
    made = [keys.next() for _ in range(10_000)]  # past one block of 4,096
    assert made == sorted(made) and len(set(made)) == len(made)
    for text in made[:5] + made[-5:]:
        key = uuid.UUID(hex=text)
        assert (key.version, key.variant) == (7, uuid.RFC_4122)
        assert abs((key.int >> 80) - datetime.now(UTC).timestamp() * 1000) < 60_000
    dashed = keys.dashed()
    assert str(uuid.UUID(dashed)) == dashed


@pytest.fixture
def seeded(tmp_path: Path, hall_settings: HallSettings) -> Iterator[Path]:
    path = tmp_path / "seeded.db"
    services = Services.open(sqlite_url(path))
    services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
    seed_demo(services, 300, seed=5, method="bulk", today=date(2026, 11, 27))
    services.close()
    yield path


def test_every_stored_value_is_what_sqlalchemy_would_store(seeded: Path) -> None:
    """Each row read back through SQLAlchemy's types and bound again equals the raw row."""
    engine = make_engine(sqlite_url(seeded))
    raw = sqlite3.connect(seeded)
    try:
        with engine.connect() as conn:
            for name, table in ALL_TABLES.items():
                columns = list(table.columns)
                order = [c.name for c in columns]
                typed = conn.execute(select(*columns).order_by(table.c[order[0]])).all()
                quoted = ", ".join(f'"{c}"' for c in order)
                stored = raw.execute(f'SELECT {quoted} FROM "{name}" ORDER BY "{order[0]}"')
                stored_rows = stored.fetchall()
                assert len(typed) == len(stored_rows) > 0, name
                binders = [c.type._cached_bind_processor(engine.dialect) for c in columns]
                for back, line in zip(typed, stored_rows, strict=True):
                    for column, bind, value, kept in zip(columns, binders, back, line, strict=True):
                        again = bind(value) if bind else value
                        if isinstance(again, bool):
                            again = int(again)
                        assert again == kept, (name, column.name, value, kept)
    finally:
        raw.close()
        engine.dispose()


def test_a_moment_has_one_utc_text_whichever_zone_it_came_in_first() -> None:
    """The UTC texts are remembered per moment: the same instant in the hall's zone and in
    UTC is one key (equal aware datetimes), so either gives the UTC text; naive ones fail."""
    dialect = make_engine("sqlite://").dialect
    convert = converter(TABLES["cases"].c["received_at"], dialect)
    assert convert is not None
    hall = datetime(2031, 5, 6, 9, 30, 0, 250, tzinfo=timezone(timedelta(hours=8)))
    assert convert(hall) == "2031-05-06 01:30:00.000250"
    assert convert(hall.astimezone(UTC)) == "2031-05-06 01:30:00.000250"
    with pytest.raises(ValueError):
        convert(datetime(2031, 5, 6, 9, 30))
