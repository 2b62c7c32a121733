"""Migration 0003 creates and drops the printing tables on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect

from db import migrate
from db.engine import make_engine

PRINTING = {"printer", "print_job"}


def test_0003_up_and_down(any_url: str) -> None:
    engine = make_engine(any_url)
    try:
        migrate.upgrade(engine, "0003")
        assert set(inspect(engine).get_table_names()) >= PRINTING
        indexes = {ix["name"] for ix in inspect(engine).get_indexes("print_job")}
        assert {"ix_print_job_printer_state", "ix_print_job_ticket_id"} <= indexes
        migrate.downgrade(engine, "0002")
        assert not PRINTING & set(inspect(engine).get_table_names())
        assert migrate.current_revision(engine) == "0002"
        migrate.upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= PRINTING
    finally:
        engine.dispose()
