"""Visits in SQL: the queue log cut into one row per ticket and window, as
counter_app/queue/rules/times.py defines them (that module does it in Python for one day).

A *visit* opens with a call (or a call-back) and ends with the first finish, no-show, hold or
transfer after it. Its wait runs from the moment the ticket (re)entered the queue — the issue,
a requeue, or the transfer that ended the previous visit — to the call; its service from the
start (or the call when staff finished without pressing start) to the finish; its walk from
the call to the start, for visits that started and had no recall.

``VISITS`` is a list of CTEs ending in ``visits`` (columns below); the caller appends its own
CTEs and a SELECT. Parameters: ``:d0`` and ``:d1``, the business dates (both included).
"""

from __future__ import annotations

from counter_app.reports.dialect import ENDS, OPENS, Dialect


def visits_cte(d: Dialect) -> str:
    """``ev``, ``grp``, ``visits``: ticket_id, vno, day, window_no, staff, category, queued_at,
    called_at, started_at, ended_at, outcome, recalls, served, no_show, wait_s, service_s,
    walk_s."""
    return f"""
ev AS (
  SELECT ticket_id, seq, at, kind, window_no, staff, category_code, number, business_date,
    SUM(CASE WHEN kind IN {OPENS} THEN 1 ELSE 0 END)
      OVER (PARTITION BY ticket_id ORDER BY at, seq ROWS UNBOUNDED PRECEDING) AS vno
  FROM queue_event
  WHERE business_date BETWEEN :d0 AND :d1 AND ticket_id IS NOT NULL
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
),
visits AS MATERIALIZED (
  SELECT ticket_id, vno, day, number, window_no, staff, category, queued_at, called_at,
    started_at, ended_at, recalls,
    CASE WHEN ended_at IS NULL THEN ''
      WHEN finish_at = ended_at THEN 'finish'
      WHEN no_show_at = ended_at THEN 'no_show'
      WHEN hold_at = ended_at THEN 'hold' ELSE 'transfer' END AS outcome,
    CASE WHEN finish_at = ended_at THEN 1 ELSE 0 END AS served,
    CASE WHEN no_show_at = ended_at THEN 1 ELSE 0 END AS no_show,
    {d.secs("called_at", "queued_at")} AS wait_s,
    CASE WHEN finish_at = ended_at
      THEN {d.secs("ended_at", "COALESCE(started_at, called_at)")} END AS service_s,
    CASE WHEN started_at IS NOT NULL AND recalls = 0
      THEN {d.secs("started_at", "called_at")} END AS walk_s
  FROM queued WHERE vno > 0
)"""
