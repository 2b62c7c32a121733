"""查询办理进度 for a hall kiosk (migration 0016): a kiosk's account pulls no cases
(central_roles.py), so the central answers one look-up at a time, masked, and counts the tries
itself — a script holding a kiosk's password meets the same limits as the kiosk's screen.

``kiosk_case_progress(number, phone4, key)``: the case whose number is given, if the caller
proves it holds the applicant's paper or phone: ``key`` (the secret the notice's QR carries:
the last 12 hex digits of the case's id, random bits of a UUIDv7) or ``phone4`` (the last
four digits of the phone on record, the agent's if the applicant has none). A right answer
returns the state, the promised date, the materials awaited and where to collect, with the
applicant's name masked as counter_app/identity/masking.py masks it; an unknown number and a
wrong answer give the same reply.

Limits, per account (each kiosk PC has its own): five wrong answers within ten minutes lock
the look-up for fifteen; sixty look-ups of any kind within ten minutes (a walk through
numbers that happen to exist) lock it too; the tries made up to a lock's start are spent
(when it ends the count starts afresh). Every try is a row of ``kiosk_lookup`` (the
central's record of who asked for which number); no account but the owner reads it.
"""

from __future__ import annotations

MAX_WRONG = 5
MAX_LOOKUPS = 60
WINDOW_MINUTES = 10
LOCK_MINUTES = 15

UPGRADE = f"""
CREATE TABLE kiosk_lookup (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    device text NOT NULL,
    number text NOT NULL,
    how text NOT NULL,
    right_answer boolean NOT NULL
);
CREATE INDEX ix_kiosk_lookup_device_at ON kiosk_lookup (device, at);
CREATE TABLE kiosk_lock (
    device text PRIMARY KEY,
    locked_at timestamptz NOT NULL,
    until timestamptz NOT NULL
);
REVOKE ALL ON kiosk_lookup, kiosk_lock FROM PUBLIC;

CREATE FUNCTION kiosk_mask_name(n text) RETURNS text
LANGUAGE sql IMMUTABLE AS $m$
    SELECT CASE
        WHEN char_length(btrim(n)) <= 1 THEN btrim(n)
        WHEN char_length(btrim(n)) = 2 THEN left(btrim(n), 1) || '*'
        ELSE left(btrim(n), 1) || repeat('*', char_length(btrim(n)) - 2) || right(btrim(n), 1)
    END
$m$;

CREATE FUNCTION kiosk_case_progress(p_number text, p_phone4 text, p_key text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE
    dev text := session_user;
    num text := upper(left(regexp_replace(coalesce(p_number, ''), '\\s', '', 'g'), 40));
    lk kiosk_lock%ROWTYPE;
    tries integer;
    wrong integer;
    c record;
    phones text;
    ok boolean := false;
    how text := CASE WHEN coalesce(p_key, '') <> '' THEN 'scan' ELSE 'typed' END;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kiosk_case_progress'), hashtext(dev));
    SELECT * INTO lk FROM kiosk_lock WHERE device = dev;
    IF FOUND AND lk.until > now() THEN
        RETURN jsonb_build_object('status', 'locked', 'until', lk.until);
    END IF;
    SELECT count(*) INTO tries FROM kiosk_lookup
        WHERE device = dev AND at > greatest(now() - interval '{WINDOW_MINUTES} minutes',
                                             coalesce(lk.locked_at, '-infinity'));
    IF tries >= {MAX_LOOKUPS} THEN
        INSERT INTO kiosk_lock VALUES (dev, now(), now() + interval '{LOCK_MINUTES} minutes')
            ON CONFLICT (device) DO UPDATE SET locked_at = EXCLUDED.locked_at,
                until = EXCLUDED.until;
        RETURN jsonb_build_object('status', 'locked',
                                  'until', now() + interval '{LOCK_MINUTES} minutes');
    END IF;

    SELECT cs.id, cs.number, cs.status, cs.promised_on, cs.supplement_deadline, cs.agent,
           a.name, a.phone
        INTO c
        FROM cases cs JOIN applicant a ON a.id = cs.applicant_id
        WHERE cs.number = num AND NOT cs.deleted;
    IF FOUND THEN
        phones := regexp_replace(coalesce(c.phone, ''), '\\D', '', 'g');
        IF phones = '' THEN
            phones := regexp_replace(coalesce(c.agent::jsonb ->> 'phone', ''), '\\D', '', 'g');
        END IF;
        ok := (how = 'scan'
                AND lower(p_key) = right(replace(c.id::text, '-', ''), 12))
           OR (how = 'typed' AND coalesce(p_phone4, '') ~ '^[0-9]{{4}}$'
                AND char_length(phones) >= 4 AND right(phones, 4) = p_phone4);
    END IF;
    INSERT INTO kiosk_lookup (device, number, how, right_answer) VALUES (dev, num, how, ok);

    IF NOT ok THEN
        SELECT count(*) INTO wrong FROM kiosk_lookup
            WHERE device = dev AND NOT right_answer
              AND at > greatest(now() - interval '{WINDOW_MINUTES} minutes',
                                coalesce(lk.locked_at, '-infinity'));
        IF wrong >= {MAX_WRONG} THEN
            INSERT INTO kiosk_lock VALUES (dev, now(), now() + interval '{LOCK_MINUTES} minutes')
                ON CONFLICT (device) DO UPDATE SET locked_at = EXCLUDED.locked_at,
                    until = EXCLUDED.until;
            RETURN jsonb_build_object('status', 'locked',
                                      'until', now() + interval '{LOCK_MINUTES} minutes');
        END IF;
        RETURN jsonb_build_object('status', 'wrong', 'left', {MAX_WRONG} - wrong);
    END IF;

    RETURN jsonb_build_object(
        'status', 'ok',
        'number', c.number,
        'applicant', kiosk_mask_name(c.name),
        'state', c.status,
        'promised_on', c.promised_on,
        'supplement_by', c.supplement_deadline,
        'missing', CASE WHEN c.status IN ('awaiting_supplement', 'returned_for_correction')
            THEN coalesce((SELECT jsonb_agg(m.name ORDER BY m.position) FROM case_material m
                           WHERE m.case_id = c.id AND NOT m.received), '[]'::jsonb)
            ELSE '[]'::jsonb END,
        'delivery', (SELECT jsonb_build_object(
                         'method', d.method, 'tracking', d.tracking_number,
                         'pickup_address', d.pickup_address, 'pickup_until', d.pickup_until)
                     FROM delivery d WHERE d.case_id = c.id AND NOT d.deleted
                     ORDER BY d.created_at DESC LIMIT 1));
END $f$;
REVOKE ALL ON FUNCTION kiosk_case_progress(text, text, text) FROM PUBLIC;
DO $g$
DECLARE r text;
BEGIN
    FOR r IN SELECT rolname FROM pg_roles WHERE rolname ~ '^kiosk_' LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION kiosk_case_progress(text, text, text) TO %I',
                       r);
    END LOOP;
END $g$;
"""

DOWNGRADE = """
DROP FUNCTION IF EXISTS kiosk_case_progress(text, text, text);
DROP FUNCTION IF EXISTS kiosk_mask_name(text);
DROP TABLE IF EXISTS kiosk_lock;
DROP TABLE IF EXISTS kiosk_lookup;
"""
