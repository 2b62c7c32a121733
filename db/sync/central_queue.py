"""``call_next`` in one round trip on PostgreSQL (migration 0017): ``queue_call_next``.

The hall's queue lives on the central and windows work it with their own table rights
(docs/decisions/0009). Calling the next ticket used to be seven statements over three
connection checkouts: read the window, find its current ticket, finish it (select, update,
log, notify) and claim the next (update, log, notify). The function does the same in one
transaction and one round trip:

- the window row is locked (``FOR UPDATE``: two presses at one window never call two tickets)
  and checked: missing or inactive, paused, closed come back as ``o_status`` with nothing
  changed, and the caller raises its own message;
- the window's current ticket (called or serving; found by ``ix_queue_ticket_at_window``) is
  finished and logged, as ``actions.finish`` does;
- the next ticket is claimed in the order of ``queue_rules.sort_key`` (transferred to this
  window first, then the window's categories in order, each by place key) with ``FOR UPDATE
  SKIP LOCKED`` as before, called and logged; one ``pg_notify`` for the board.

``SECURITY INVOKER``: the caller's own rights apply (a counter's account has SELECT and UPDATE
on the tickets and windows and INSERT on the log; a kiosk or a board cannot call), and so do
the triggers of central_roles.py: each UPDATE changes one row, the log only grows.
"""

from __future__ import annotations

CHANNEL = "queue_events"  # counter_app/queue/store.CHANNEL

INDEX = "ix_queue_ticket_at_window"

FUNCTION = f"""
CREATE FUNCTION queue_call_next(
    p_window text, p_staff text, p_now timestamptz, p_day date,
    OUT o_status text, OUT o_note text,
    OUT o_id uuid, OUT o_number text, OUT o_category_code text, OUT o_priority text,
    OUT o_state text, OUT o_business_date date, OUT o_issued_at timestamptz,
    OUT o_window_no text, OUT o_target_window text, OUT o_recall_count integer,
    OUT o_called_at timestamptz, OUT o_service_started_at timestamptz,
    OUT o_finished_at timestamptz, OUT o_category_name text)
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $f$
DECLARE
    v_win queue_window;
    v_id uuid;
    v_code text;
    v_t queue_ticket;
    v_finished boolean := false;
BEGIN
    SELECT * INTO v_win FROM queue_window w
        WHERE w.number = p_window AND NOT w.deleted FOR UPDATE;
    IF NOT FOUND OR NOT v_win.active THEN
        o_status := 'no_window';
        RETURN;
    ELSIF v_win.state = 'paused' THEN
        o_status := 'paused';
        o_note := v_win.pause_reason;
        RETURN;
    ELSIF v_win.state = 'closed' THEN
        o_status := 'closed';
        RETURN;
    END IF;

    -- Finish the window's current ticket (served without "start": from its call).
    UPDATE queue_ticket t SET state = 'done',
        service_started_at = CASE WHEN t.state = 'called' THEN t.called_at
                                  ELSE t.service_started_at END,
        finished_at = p_now, row_version = t.row_version + 1, updated_at = p_now
    WHERE t.id = (SELECT c.id FROM queue_ticket c
                  WHERE c.window_no = p_window AND c.state IN ('called', 'serving')
                  ORDER BY c.called_at DESC LIMIT 1)
      AND t.state IN ('called', 'serving')
    RETURNING t.* INTO v_t;
    IF FOUND THEN
        v_finished := true;
        INSERT INTO queue_event (at, business_date, kind, ticket_id, number, category_code,
                                 window_no, staff, note)
        VALUES (p_now, v_t.business_date, 'finish', v_t.id, v_t.number, v_t.category_code,
                p_window, p_staff, '');
    END IF;

    -- The next ticket: transferred to this window, then the window's categories in order.
    SELECT c.id INTO v_id FROM queue_ticket c
        WHERE c.business_date = p_day AND c.state = 'waiting' AND c.target_window = p_window
        ORDER BY c.place_key, c.seq LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF v_id IS NULL THEN
        FOR v_code IN SELECT e.code FROM json_array_elements_text(v_win.categories::json)
                WITH ORDINALITY AS e(code, n) ORDER BY e.n LOOP
            SELECT c.id INTO v_id FROM queue_ticket c
                WHERE c.business_date = p_day AND c.state = 'waiting'
                  AND c.target_window = '' AND c.category_code = v_code
                ORDER BY c.place_key, c.seq LIMIT 1 FOR UPDATE SKIP LOCKED;
            EXIT WHEN v_id IS NOT NULL;
        END LOOP;
    END IF;
    IF v_id IS NULL THEN
        o_status := 'none';
        IF v_finished THEN
            PERFORM pg_notify('{CHANNEL}', 'finish');
        END IF;
        RETURN;
    END IF;

    UPDATE queue_ticket t SET state = 'called', window_no = p_window, target_window = '',
        called_by = p_staff, called_at = p_now,
        first_called_at = coalesce(t.first_called_at, p_now), recall_count = 0,
        row_version = t.row_version + 1, updated_at = p_now
    WHERE t.id = v_id AND t.state = 'waiting'
    RETURNING t.* INTO v_t;
    INSERT INTO queue_event (at, business_date, kind, ticket_id, number, category_code,
                             window_no, staff, note)
    VALUES (p_now, v_t.business_date, 'call', v_t.id, v_t.number, v_t.category_code,
            p_window, p_staff, '');
    PERFORM pg_notify('{CHANNEL}', 'call');
    o_status := 'called';
    o_id := v_t.id;
    o_number := v_t.number;
    o_category_code := v_t.category_code;
    o_priority := v_t.priority;
    o_state := v_t.state;
    o_business_date := v_t.business_date;
    o_issued_at := v_t.issued_at;
    o_window_no := v_t.window_no;
    o_target_window := v_t.target_window;
    o_recall_count := v_t.recall_count;
    o_called_at := v_t.called_at;
    o_service_started_at := v_t.service_started_at;
    o_finished_at := v_t.finished_at;
    SELECT q.name INTO o_category_name FROM queue_category q WHERE q.code = v_t.category_code;
END $f$;
"""

DROP = "DROP FUNCTION IF EXISTS queue_call_next(text, text, timestamptz, date);\n"
