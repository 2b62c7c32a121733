"""Set-based apply on the central (migration 0017): a batch's plain inserts one statement per
table, everything else command by command as before.

``sync_push`` (as migrations 0006, 0008 and 0009 made it) applied every command on its own:
per row a ``SELECT ... FOR UPDATE``, a normalisation, an INSERT, a re-read and a ``sync_row``
upsert, and per command a subtransaction and a lookup of its op id. Most of what counters
push is new rows (a reception, its items, materials, events, payments). Now:

- ``sync_bulk_eligible(ops)`` marks, in one query, the commands that may go together: mode
  ``normal``, not made outside this program, every change an insert into a shared table that
  is not an administrators' one, its key the key of its row, and no table+key (nor op id)
  that another command of the batch also touches;
- ``sync_push`` walks the batch in order; a run of such commands is applied by
  ``sync_apply_bulk`` in one subtransaction: their ``sync_applied_op`` rows first (an op id
  seen before breaks the primary key: exactly once), then per table, parents first, a check
  that none of the rows exists yet and one ``INSERT ... SELECT FROM jsonb_populate_recordset``
  whose rows feed the ``sync_row`` upsert in the same statement;
- if anything in it fails (a row already there, a replay, a foreign key, a unique column, a
  trigger's refusal), the subtransaction is rolled back and the same commands go one by one
  through the unchanged per-command path, with its conflicts, refusals and security events.
  Commands that are not eligible always go that way, in their place in the batch.

What a run applies in bulk is exactly what the per-command path would have applied (every
command there succeeds: inserts of absent rows, nothing else touching their keys); the one
order it does not keep is between tables inside a run, parents before children, which the
outbox (foreign keys on at the PC) never needs.
"""

from __future__ import annotations

from db.sync import central_audit

_ELIGIBLE = r"""
CREATE FUNCTION sync_bulk_eligible(p_ops jsonb) RETURNS boolean[]
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $f$
    WITH ops AS (
        SELECT x.n, x.o FROM jsonb_array_elements(p_ops) WITH ORDINALITY AS x(o, n)
    ), changes AS (
        SELECT ops.n, c ->> 't' AS t, c ->> 'k' AS k, c ->> 'o' AS kind, c -> 'new' AS new
        FROM ops, jsonb_array_elements(
            CASE WHEN jsonb_typeof(ops.o -> 'changes') = 'array' THEN ops.o -> 'changes'
                 ELSE '[]'::jsonb END) AS c
    ), key_uses AS (
        SELECT t, k, count(*) AS uses FROM changes GROUP BY t, k
    ), op_uses AS (
        SELECT coalesce(o ->> 'op', '') AS op, count(*) AS uses FROM ops GROUP BY 1
    ), per_op AS (
        SELECT ch.n, bool_and(coalesce(
                   ch.kind = 'i' AND NOT s.protected AND jsonb_typeof(ch.new) = 'object'
                   AND (ch.new ->> s.pk) = ch.k AND ku.uses = 1, false)) AS plain
        FROM changes ch
        LEFT JOIN sync_table s ON s.tbl = ch.t
        LEFT JOIN key_uses ku ON ku.t = ch.t AND ku.k = ch.k
        GROUP BY ch.n
    )
    SELECT coalesce(array_agg(
        coalesce(p.plain, false) AND ou.uses = 1
        AND coalesce(ops.o ->> 'mode', 'normal') = 'normal'
        AND (ops.o -> 'outside' IS NULL OR ops.o -> 'outside' = 'false'::jsonb)
        ORDER BY ops.n), '{}')
    FROM ops
    LEFT JOIN per_op p ON p.n = ops.n
    JOIN op_uses ou ON ou.op = coalesce(ops.o ->> 'op', '')
$f$;
"""

_APPLY_BULK = r"""
CREATE FUNCTION sync_apply_bulk(p_ops jsonb, p_idx integer[], p_client text) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp SET timezone = 'UTC' AS $f$
DECLARE
    v_spec record;
    v_exists boolean;
    v_tbls text[] := '{}';
    v_keys text[] := '{}';
    v_results jsonb;
BEGIN
    -- Exactly once: an op id applied before breaks the primary key here.
    INSERT INTO sync_applied_op (op_id, origin, result)
        SELECT (p_ops -> (i - 1) ->> 'op')::uuid, p_client, 'applied' FROM unnest(p_idx) AS i;
    FOR v_spec IN
        SELECT s.tbl, s.pk, s.pk_type, s.direction, s.local_columns,
               jsonb_agg(c -> 'new') AS news, array_agg(c ->> 'k') AS keys
        FROM unnest(p_idx) AS i, jsonb_array_elements(p_ops -> (i - 1) -> 'changes') AS c
        JOIN sync_table s ON s.tbl = c ->> 't'
        GROUP BY s.tbl, s.pk, s.pk_type, s.direction, s.local_columns, s.position
        ORDER BY s.position
    LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I t WHERE t.%I = ANY ($1::%s[]))',
                       v_spec.tbl, v_spec.pk, v_spec.pk_type)
            INTO v_exists USING v_spec.keys;
        IF v_exists THEN
            RAISE EXCEPTION 'a row of % is at the central already', v_spec.tbl;
        END IF;
        IF v_spec.direction = 'both' THEN
            EXECUTE format(
                'WITH ins AS (INSERT INTO %1$I SELECT * FROM jsonb_populate_recordset('
                'NULL::%1$I, $1) RETURNING *) '
                'INSERT INTO sync_row AS s (tbl, key, server_seq, data, deleted, origin) '
                'SELECT %1$L, k.key, NULL, to_jsonb(ins) - $3, false, $4 '
                'FROM ins JOIN unnest($2) AS k(key) ON ins.%2$I = k.key::%3$s '
                'ON CONFLICT (tbl, key) DO UPDATE SET server_seq = NULL, data = EXCLUDED.data, '
                'deleted = EXCLUDED.deleted, origin = EXCLUDED.origin',
                v_spec.tbl, v_spec.pk, v_spec.pk_type)
                USING v_spec.news, v_spec.keys, v_spec.local_columns, p_client;
            v_tbls := v_tbls || array_fill(v_spec.tbl, ARRAY[cardinality(v_spec.keys)]);
            v_keys := v_keys || v_spec.keys;
        ELSE
            EXECUTE format(
                'INSERT INTO %1$I SELECT * FROM jsonb_populate_recordset(NULL::%1$I, $1)',
                v_spec.tbl) USING v_spec.news;
        END IF;
    END LOOP;
    SELECT jsonb_agg(jsonb_build_object(
               'op', (p_ops -> (u.i - 1) ->> 'op')::uuid, 'result', 'applied',
               'reason', NULL, 'rows', NULL) ORDER BY u.o)
        INTO v_results FROM unnest(p_idx) WITH ORDINALITY AS u(i, o);
    RETURN jsonb_build_object('results', v_results, 'tbls', to_jsonb(v_tbls),
                              'keys', to_jsonb(v_keys));
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;  -- all of it undone: the caller applies these commands one by one
END $f$;
REVOKE ALL ON FUNCTION sync_bulk_eligible(jsonb), sync_apply_bulk(jsonb, integer[], text)
    FROM PUBLIC;
"""


def _push_0009() -> str:
    """``sync_push`` as migration 0009 left it (0006's, guarded by 0008, recording by 0009)."""
    text = central_audit.RECORDING
    start = text.index("CREATE OR REPLACE FUNCTION sync_push(")
    end = text.index("END $f$;", start) + len("END $f$;")
    return text[start:end] + "\n"


def _replace(body: str, old: str, new: str) -> str:
    if body.count(old) != 1:
        raise AssertionError(f"anchor not found once: {old!r}")
    return body.replace(old, new)


def _push() -> str:
    body = _push_0009()
    body = _replace(
        body,
        "    v_seq bigint;\n",
        "    v_seq bigint;\n"
        "    v_n integer; v_i integer; v_j integer; v_elig boolean[];\n"
        "    v_run integer[] := '{}'; v_todo integer[]; v_bulk jsonb;\n",
    )
    body = _replace(
        body,
        "    FOR v_cmd IN SELECT value FROM jsonb_array_elements(p_ops) LOOP\n",
        """    v_elig := sync_bulk_eligible(p_ops);
    v_n := jsonb_array_length(p_ops);
    FOR v_i IN 1 .. v_n + 1 LOOP
        IF v_i <= v_n AND v_elig[v_i] THEN
            v_run := v_run || v_i;  -- a run of plain inserts: applied together
            CONTINUE;
        END IF;
        v_todo := '{}';
        IF cardinality(v_run) > 0 THEN
            v_bulk := sync_apply_bulk(p_ops, v_run, p_client);
            IF v_bulk IS NULL THEN
                v_todo := v_run;  -- something in the run failed: each command on its own
            ELSE
                v_results := v_results || (v_bulk -> 'results');
                v_tbls := v_tbls || ARRAY(SELECT jsonb_array_elements_text(v_bulk -> 'tbls'));
                v_keys := v_keys || ARRAY(SELECT jsonb_array_elements_text(v_bulk -> 'keys'));
            END IF;
            v_run := '{}';
        END IF;
        IF v_i <= v_n THEN
            v_todo := v_todo || v_i;
        END IF;
        FOREACH v_j IN ARRAY v_todo LOOP
        v_cmd := p_ops -> (v_j - 1);
""",
    )
    return _replace(
        body,
        "    END LOOP;\n    v_seq := sync_number(v_tbls, v_keys);\n",
        "        END LOOP;\n    END LOOP;\n    v_seq := sync_number(v_tbls, v_keys);\n",
    )


UPGRADE = _ELIGIBLE + _APPLY_BULK + _push()

DOWNGRADE = (
    _push_0009()
    + """
DROP FUNCTION IF EXISTS sync_apply_bulk(jsonb, integer[], text);
DROP FUNCTION IF EXISTS sync_bulk_eligible(jsonb);
"""
)
