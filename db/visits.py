"""The queue's visits, kept as a table: one row per ticket and call, derived from the queue
log (``queue_event``) and recomputed per ticket whenever the log of that ticket changes.

A *visit* opens with a call (or a call-back) and ends with the first finish, no-show, hold or
transfer after it. Its wait runs from the moment the ticket (re)entered the queue — the issue,
a requeue, or the transfer that ended the previous visit — to the call; its service from the
start (or the call when staff finished without pressing start) to the finish; its walk from
the call to the start, for visits that started and had no recall.
(counter_app/queue/rules/times.py says the same in Python for one day; a test keeps them
equal.)

Why a table (docs/decisions/0015): the figures of a year read 240 000 visits; cutting 1.2 M
log lines into visits on every query took 15-35 s. A trigger on ``queue_event`` marks the
ticket *dirty* (``queue_visit_dirty``; cheap, one upsert per log line, so the queue's calls
stay fast and the order in which log lines arrive does not matter); ``refresh`` recomputes the
visits of the dirty tickets before figures are read. On PostgreSQL the trigger and the refresh
are SECURITY DEFINER functions: no account needs a right on these tables, and none can write
a visit that the log does not give.

The SQL here is also frozen into the central's function by migration 0014; a test compares
the function on a migrated server with ``refresh_function()``: change both together (a new
migration that replaces the function).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

OPENS = "('call', 'call_back')"
ENDS = "('finish', 'no_show', 'hold', 'transfer')"
COLUMNS = (
    "ticket_id, vno, day, number, window_no, staff, category, queued_at, called_at, "
    "started_at, ended_at, recalls, outcome, served, no_show, wait_s, service_s, walk_s"
)


def secs(pg: bool, end: str, start: str) -> str:
    """``end - start`` in whole seconds (NULL if either is NULL), the same on both engines."""
    if pg:
        return f"ROUND(EXTRACT(EPOCH FROM ({end} - {start})))::float8"
    # Whole seconds from strftime plus the microseconds as text (SQLAlchemy stores
    # 'YYYY-MM-DD HH:MM:SS.ffffff'): exact, where julianday() is off by ~50 µs and would
    # round some half seconds the other way than PostgreSQL.
    whole = f"(strftime('%s', {end}) - strftime('%s', {start}))"
    frac = (
        f"(COALESCE(CAST(substr({end}, 20) AS REAL), 0)"
        f" - COALESCE(CAST(substr({start}, 20) AS REAL), 0))"
    )
    return f"ROUND(ROUND({whole} + {frac}, 6))"


def visits_select(pg: bool, tickets: str) -> str:
    """SELECT of the visits (``COLUMNS``) of the tickets in ``tickets`` (an SQL set)."""
    return f"""
WITH ev AS (
  SELECT ticket_id, seq, at, kind, window_no, staff, category_code, number, business_date,
    SUM(CASE WHEN kind IN {OPENS} THEN 1 ELSE 0 END)
      OVER (PARTITION BY ticket_id ORDER BY at, seq ROWS UNBOUNDED PRECEDING) AS vno
  FROM queue_event
  WHERE ticket_id IN ({tickets})
),
grp AS (
  SELECT ticket_id, vno, MIN(business_date) AS day, MIN(at) AS first_at,
    MAX(CASE WHEN kind IN ('issue', 'requeue') THEN at END) AS entered,
    MIN(CASE WHEN kind IN {OPENS} THEN at END) AS called_at,
    MAX(CASE WHEN kind IN {OPENS} THEN window_no END) AS window_no,
    MAX(CASE WHEN kind IN {OPENS} THEN staff END) AS staff,
    MAX(CASE WHEN kind IN {OPENS} THEN category_code END) AS category,
    MAX(CASE WHEN kind IN {OPENS} THEN number END) AS number,
    MIN(CASE WHEN kind = 'start' THEN at END) AS started_at,
    MIN(CASE WHEN kind IN {ENDS} THEN at END) AS ended_at,
    MIN(CASE WHEN kind = 'finish' THEN at END) AS finish_at,
    MIN(CASE WHEN kind = 'no_show' THEN at END) AS no_show_at,
    MIN(CASE WHEN kind = 'hold' THEN at END) AS hold_at,
    MIN(CASE WHEN kind = 'transfer' THEN at END) AS transfer_at,
    SUM(CASE WHEN kind = 'recall' THEN 1 ELSE 0 END) AS recalls
  FROM ev GROUP BY ticket_id, vno
),
entries AS (
  SELECT g.*,
    COALESCE(entered,
      CASE WHEN vno = 0 THEN first_at END,
      CASE WHEN vno > 0 AND transfer_at = ended_at THEN transfer_at END) AS entry
  FROM grp g
),
queued AS (
  SELECT e.*, MAX(entry) OVER (PARTITION BY ticket_id ORDER BY vno
    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS queued_at
  FROM entries e
)
SELECT ticket_id, vno, day, COALESCE(number, ''), COALESCE(window_no, ''),
  COALESCE(staff, ''), COALESCE(category, ''), queued_at, called_at, started_at, ended_at,
  recalls,
  CASE WHEN ended_at IS NULL THEN ''
    WHEN finish_at = ended_at THEN 'finish'
    WHEN no_show_at = ended_at THEN 'no_show'
    WHEN hold_at = ended_at THEN 'hold' ELSE 'transfer' END,
  CASE WHEN finish_at = ended_at THEN 1 ELSE 0 END,
  CASE WHEN no_show_at = ended_at THEN 1 ELSE 0 END,
  {secs(pg, "called_at", "queued_at")},
  CASE WHEN finish_at = ended_at
    THEN {secs(pg, "ended_at", "COALESCE(started_at, called_at)")} END,
  CASE WHEN started_at IS NOT NULL AND recalls = 0
    THEN {secs(pg, "started_at", "called_at")} END
FROM queued WHERE vno > 0"""


# -- SQLite: triggers, and the refresh run by the reader in one write transaction ----------

SQLITE_TRIGGERS = (
    """CREATE TRIGGER queue_event_visit_ins AFTER INSERT ON queue_event
WHEN NEW.ticket_id IS NOT NULL BEGIN
  INSERT OR IGNORE INTO queue_visit_dirty (ticket_id) VALUES (NEW.ticket_id);
END""",
    """CREATE TRIGGER queue_event_visit_del AFTER DELETE ON queue_event
WHEN OLD.ticket_id IS NOT NULL BEGIN
  INSERT OR IGNORE INTO queue_visit_dirty (ticket_id) VALUES (OLD.ticket_id);
END""",
    """CREATE TRIGGER queue_event_visit_upd AFTER UPDATE ON queue_event BEGIN
  INSERT OR IGNORE INTO queue_visit_dirty (ticket_id)
    SELECT NEW.ticket_id WHERE NEW.ticket_id IS NOT NULL
    UNION SELECT OLD.ticket_id WHERE OLD.ticket_id IS NOT NULL;
END""",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS queue_event_visit_ins",
    "DROP TRIGGER IF EXISTS queue_event_visit_del",
    "DROP TRIGGER IF EXISTS queue_event_visit_upd",
)


def _refresh_sqlite(conn: Connection, limit: int) -> int:
    # One batch of dirty tickets, the same set in the three statements (the transaction
    # holds SQLite's only write lock, so nothing changes in between).
    batch = f"SELECT ticket_id FROM queue_visit_dirty ORDER BY ticket_id LIMIT {int(limit)}"
    taken = int(conn.execute(text(f"SELECT COUNT(*) FROM ({batch}) b")).scalar() or 0)
    if taken == 0:
        return 0
    conn.execute(text(f"DELETE FROM queue_visit WHERE ticket_id IN ({batch})"))
    conn.execute(text(f"INSERT INTO queue_visit ({COLUMNS}) {visits_select(False, batch)}"))
    conn.execute(text(f"DELETE FROM queue_visit_dirty WHERE ticket_id IN ({batch})"))
    return taken


# -- PostgreSQL: SECURITY DEFINER trigger and refresh -----------------------------------


def refresh_function() -> str:
    """The central's ``queue_visit_refresh(limit)``: takes up to ``limit`` dirty tickets (a
    log line written meanwhile marks its ticket again, for the next call), recomputes their
    visits and returns how many tickets it took. Short transactions: an inserter whose
    ticket's mark is being taken waits for this one to commit."""
    return f"""
CREATE OR REPLACE FUNCTION queue_visit_refresh(p_limit integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE
    ids uuid[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('queue_visit_refresh'));
    WITH gone AS (
        DELETE FROM queue_visit_dirty WHERE ticket_id IN (
            SELECT ticket_id FROM queue_visit_dirty ORDER BY ticket_id
            LIMIT greatest(p_limit, 1))
        RETURNING ticket_id)
    SELECT array_agg(ticket_id) INTO ids FROM gone;
    IF ids IS NULL THEN
        RETURN 0;
    END IF;
    DELETE FROM queue_visit WHERE ticket_id IN (SELECT unnest(ids));
    INSERT INTO queue_visit ({COLUMNS}) {visits_select(True, "SELECT unnest(ids)")};
    RETURN cardinality(ids);
END $f$;
REVOKE ALL ON FUNCTION queue_visit_refresh(integer) FROM PUBLIC;
"""


PG_UPGRADE = """
CREATE FUNCTION queue_visit_mark() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.ticket_id IS NOT NULL THEN
        INSERT INTO queue_visit_dirty (ticket_id) VALUES (NEW.ticket_id)
            ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.ticket_id IS NOT NULL THEN
        INSERT INTO queue_visit_dirty (ticket_id) VALUES (OLD.ticket_id)
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $f$;
REVOKE ALL ON FUNCTION queue_visit_mark() FROM PUBLIC;
CREATE TRIGGER queue_event_visit AFTER INSERT OR UPDATE OR DELETE ON queue_event
    FOR EACH ROW EXECUTE FUNCTION queue_visit_mark();
""" + refresh_function()
# Supervisors' and administrators' accounts made before this migration read reports too.
PG_GRANT_EXISTING = """
DO $g$
DECLARE r text;
BEGIN
    FOR r IN SELECT rolname FROM pg_roles WHERE rolname ~ '^(supervisor|admin)_' LOOP
        EXECUTE format('GRANT SELECT ON TABLE queue_visit TO %I', r);
        EXECUTE format('GRANT EXECUTE ON FUNCTION queue_visit_refresh(integer) TO %I', r);
    END LOOP;
END $g$;
"""
PG_DOWNGRADE = """
DROP TRIGGER IF EXISTS queue_event_visit ON queue_event;
DROP FUNCTION IF EXISTS queue_visit_mark();
DROP FUNCTION IF EXISTS queue_visit_refresh(integer);
"""

MARK_ALL = (
    "INSERT INTO queue_visit_dirty (ticket_id) "
    "SELECT DISTINCT ticket_id FROM queue_event WHERE ticket_id IS NOT NULL"
)


BATCH = 5000


def refresh_batch(conn: Connection, limit: int = BATCH) -> int:
    """Recompute the visits of up to ``limit`` tickets whose log changed since the last
    refresh, in the caller's transaction (commit it); the number of tickets taken (0: none
    left)."""
    if conn.dialect.name == "postgresql":
        return int(conn.execute(text("SELECT queue_visit_refresh(:n)"), {"n": limit}).scalar() or 0)
    return _refresh_sqlite(conn, limit)


def pending(conn: Connection) -> bool:
    """Whether any ticket waits for its visits to be recomputed (a cheap read)."""
    return bool(conn.execute(text("SELECT EXISTS (SELECT 1 FROM queue_visit_dirty)")).scalar())
