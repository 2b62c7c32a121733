"""Reading the central's security events (``sync_security_event``, central_authority.py): the
supervisor's page and ``counter-admin sync security-events`` list them the same way."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, text


def read_events(conn: Connection, unseen_only: bool, limit: int = 200) -> list[Row[Any]]:
    """Newest first: id, at, db_user, origin, reason, seen."""
    return list(
        conn.execute(
            text(
                "SELECT id, at, db_user, origin, reason, seen_at IS NOT NULL AS seen "
                "FROM sync_security_event WHERE seen_at IS NULL OR NOT :unseen "
                "ORDER BY id DESC LIMIT :n"
            ),
            {"unseen": unseen_only, "n": limit},
        ).all()
    )


def mark_seen(conn: Connection) -> None:
    conn.execute(
        text(
            "UPDATE sync_security_event SET seen_at = clock_timestamp(), "
            "seen_by = session_user WHERE seen_at IS NULL"
        )
    )
