"""Database roles on the central: each counter logs in as its own role that may call the sync
functions and work the hall's queue tables, and read the hall settings; nothing else (cases
reach the central only through ``sync_push``). A supervisor role may also read the shared tables
and resolve conflicts. An administrator's role (``admin_<name>``, a member of
``ipc_administrators``) is a person's own: its password is typed for an act and never stored on
a PC, and only it may change accounts, roles, catalogue, bundles, information pages, holidays
and hall settings (central_authority.py).
Run by the IT staff with an owner account (``counter-admin --db URL sync grant ...``)."""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from db.sync.central_authority import ADMIN_GROUP

COUNTER_FUNCTIONS = (
    "sync_hello(text)",
    "sync_push(text, jsonb)",
    "sync_pull(text, bigint, text, text, integer, boolean)",
    "sync_pull_rows(text, bigint, text, text, integer, boolean)",  # the same pages, typed
    "sync_found(text)",
    "sync_anchor(text, jsonb)",
    "sync_anchors(text, bigint, integer)",
)
# Reports on the central: the queue's visits brought up to the log first (db/visits.py).
SUPERVISOR_FUNCTIONS = (
    *COUNTER_FUNCTIONS,
    "sync_resolve(bigint, text, text)",
    "queue_visit_refresh(integer)",
)
# Kiosks and hall boards pull only the hall's reference data (central_roles); a kiosk (or a
# rating screen) pushes only new evaluations, complaints and survey answers (central_intake).
LIMITED_FUNCTIONS = (
    "sync_hello(text)",
    "sync_pull(text, bigint, text, text, integer, boolean)",
    "sync_pull_rows(text, bigint, text, text, integer, boolean)",  # the same pages, typed
    "sync_anchor(text, jsonb)",
    "sync_anchors(text, bigint, integer)",
)
QUEUE_TABLES = ("queue_category", "queue_window", "queue_counter", "queue_ticket", "queue_event")
# The queue lives on the central and is worked with table rights (one round trip per call);
# central_roles.py lets a non-administrator change one queue row per statement, and the log
# (queue_event) only grow. Categories and windows are edited from any window's 管理 page.
QUEUE_RIGHTS: dict[str, dict[str, str]] = {
    "counter": {
        "queue_category": "SELECT, INSERT, UPDATE",
        "queue_window": "SELECT, INSERT, UPDATE",
        "queue_counter": "SELECT, INSERT, UPDATE",
        "queue_ticket": "SELECT, INSERT, UPDATE",
        "queue_event": "SELECT, INSERT",
    },
    "kiosk": {  # issues tickets: the day's number, the ticket, its log line
        "queue_category": "SELECT",
        "queue_window": "SELECT",
        "queue_counter": "SELECT, INSERT, UPDATE",
        "queue_ticket": "SELECT, INSERT",
        "queue_event": "SELECT, INSERT",
    },
    "display": dict.fromkeys(QUEUE_TABLES, "SELECT"),  # the board reads
}
QUEUE_RIGHTS["supervisor"] = QUEUE_RIGHTS["admin"] = QUEUE_RIGHTS["counter"]
_CODE = re.compile(r"^[A-Za-z0-9]{1,6}$")
_ADMIN = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,23}$")
KINDS = ("counter", "kiosk", "display", "supervisor", "admin")


def role_name(kind: str, code: str) -> str:
    if kind == "admin":
        if not _ADMIN.match(code):
            raise ValueError("an administrator's name is 1-24 letters or digits")
    elif not _CODE.match(code):
        raise ValueError("a counter code is 1-6 letters or digits")
    return f"{kind}_{code.lower()}"


def _quote_literal(conn: Connection, value: str) -> str:
    return str(conn.execute(text("SELECT quote_literal(:v)"), {"v": value}).scalar_one())


def grant(conn: Connection, kind: str, code: str, password: str) -> str:
    """Create (or re-key) the role ``<kind>_<code>``; returns its name.

    Counters: EXECUTE on the sync functions and the queue's table rights. Kiosks and displays:
    hello, pull (reference data only) and their audit anchors; kiosks issue tickets, displays
    read. Supervisors: also SELECT on the conflicts and the business tables (reports), and
    resolving conflicts. Administrators: a supervisor's rights and membership of the group
    whose accounts may change protected tables.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    name = role_name(kind, code)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    verb = "ALTER" if exists else "CREATE"
    secret = _quote_literal(conn, password) if password else "NULL"
    conn.exec_driver_sql(f'{verb} ROLE "{name}" LOGIN PASSWORD {secret}')
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{database}" TO "{name}"')
    conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{name}"')
    functions = {
        "counter": COUNTER_FUNCTIONS,
        "kiosk": (
            *LIMITED_FUNCTIONS,
            "sync_push(text, jsonb)",
            "kiosk_case_progress(text, text, text)",  # 查询办理进度 (central_kiosk.py)
        ),
        "display": LIMITED_FUNCTIONS,
    }.get(kind, SUPERVISOR_FUNCTIONS)
    if kind == "admin":
        conn.exec_driver_sql(f'GRANT {ADMIN_GROUP} TO "{name}"')
    for function in functions:
        conn.exec_driver_sql(f'GRANT EXECUTE ON FUNCTION {function} TO "{name}"')
    # The hall's queue lives on the central: kiosks issue, windows call, boards read.
    for table in QUEUE_TABLES:
        conn.exec_driver_sql(f'REVOKE ALL ON TABLE "{table}" FROM "{name}"')
        conn.exec_driver_sql(f'GRANT {QUEUE_RIGHTS[kind][table]} ON TABLE "{table}" TO "{name}"')
    if kind != "display":
        conn.exec_driver_sql(f'GRANT USAGE ON SEQUENCE queue_event_seq_seq TO "{name}"')
    conn.exec_driver_sql(f'GRANT SELECT ON TABLE setting TO "{name}"')
    if kind in ("supervisor", "admin"):
        tables = conn.execute(text("SELECT tbl FROM sync_table WHERE direction = 'both'")).scalars()
        for table in [
            *tables,
            "sync_conflict",
            "sync_security_event",
            "central_audit",
            "queue_visit",
        ]:
            conn.exec_driver_sql(f'GRANT SELECT ON TABLE "{table}" TO "{name}"')
    return name


def revoke(conn: Connection, kind: str, code: str) -> str:
    name = role_name(kind, code)
    conn.exec_driver_sql(f'DROP OWNED BY "{name}"')
    conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{name}"')
    return name
