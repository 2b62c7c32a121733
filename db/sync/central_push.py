"""Push: a batch's last run of plain inserts numbered as it is written (migration 0018).

``sync_apply_bulk`` (migration 0017, central_bulk.py) wrote each run's ``sync_row`` entries
with ``server_seq`` NULL and ``sync_number``, the last statement of ``sync_push``, wrote every
one of them again with the push's seq: the 10,000 entries of a 10,000-row push twice, each
time with new index entries (``server_seq`` is indexed). Now, when a run is the last thing in
its batch (nothing of the batch follows it; a batch of new rows is one such run), the run:

1. inserts its rows into their tables, per table, as before (a concurrent push of the same new
   key waits here, holding nothing of the numbering);
2. takes the seq (``UPDATE sync_meta``: the counter's row lock is held to COMMIT, so numbers
   still follow commit order and seq N+1 is never visible before N) — after the inserts,
   before the ``sync_row`` entries, which no other push can hold (they belong to rows only
   this transaction has);
3. writes the ``sync_row`` entries with that seq, one statement.

``sync_push`` then numbers whatever earlier steps of the batch changed with the same seq (rows
this transaction already holds) instead of taking one in ``sync_number``. A run that is not
last leaves its entries unnumbered as before: taking the seq early there would hold the
numbering lock while later commands of the batch wait for other pushes' rows (a deadlock with
a push waiting for the numbering). Anything failing in the run still undoes all of it (the
seq's update included) and sends its commands the per-command way.
"""

from __future__ import annotations

from db.sync import central_bulk

_APPLY_BULK = r"""
DROP FUNCTION IF EXISTS sync_apply_bulk(jsonb, integer[], text);
CREATE FUNCTION sync_apply_bulk(p_ops jsonb, p_idx integer[], p_client text, p_last boolean)
RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp SET timezone = 'UTC' AS $f$
DECLARE
    v_spec record;
    v_exists boolean;
    v_tbls text[] := '{}';
    v_keys text[] := '{}';
    v_data jsonb[] := '{}';
    v_k text[];
    v_d jsonb[];
    v_seq bigint;
    v_results jsonb;
BEGIN
    -- Exactly once: an op id applied before breaks the primary key here.
    INSERT INTO sync_applied_op (op_id, origin, result)
        SELECT (p_ops -> (i - 1) ->> 'op')::uuid, p_client, 'applied' FROM unnest(p_idx) AS i;
    FOR v_spec IN
        SELECT s.tbl, s.pk, s.pk_type, s.direction, s.local_columns,
               array_agg(c ->> 'k') AS keys
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
            -- Each row read from its change where it is (no array of the table's rows built
            -- first and read again).
            EXECUTE format(
                'WITH ins AS (INSERT INTO %1$I SELECT r.* FROM unnest($4) AS i, '
                'jsonb_array_elements($1 -> (i - 1) -> ''changes'') AS c, '
                'jsonb_populate_record(NULL::%1$I, c -> ''new'') AS r '
                'WHERE c ->> ''t'' = %1$L RETURNING *) '
                'SELECT coalesce(array_agg(k.key), ''{}''), '
                'coalesce(array_agg(to_jsonb(ins) - $3), ''{}'') '
                'FROM ins JOIN unnest($2) AS k(key) ON ins.%2$I = k.key::%3$s',
                v_spec.tbl, v_spec.pk, v_spec.pk_type)
                INTO v_k, v_d USING p_ops, v_spec.keys, v_spec.local_columns, p_idx;
            v_tbls := v_tbls || array_fill(v_spec.tbl, ARRAY[cardinality(v_k)]);
            v_keys := v_keys || v_k;
            v_data := v_data || v_d;
        ELSE
            EXECUTE format(
                'INSERT INTO %1$I SELECT r.* FROM unnest($2) AS i, '
                'jsonb_array_elements($1 -> (i - 1) -> ''changes'') AS c, '
                'jsonb_populate_record(NULL::%1$I, c -> ''new'') AS r '
                'WHERE c ->> ''t'' = %1$L',
                v_spec.tbl) USING p_ops, p_idx;
        END IF;
    END LOOP;
    IF p_last AND cardinality(v_keys) > 0 THEN
        -- Nothing of the batch follows: the push's seq, taken after the rows' inserts.
        UPDATE sync_meta SET seq = seq + 1 WHERE id = 1 RETURNING seq INTO v_seq;
    END IF;
    INSERT INTO sync_row AS s (tbl, key, server_seq, data, deleted, origin)
        SELECT u.t, u.k, v_seq, u.d, false, p_client
        FROM unnest(v_tbls, v_keys, v_data) AS u(t, k, d)
        ON CONFLICT (tbl, key) DO UPDATE SET server_seq = EXCLUDED.server_seq,
            data = EXCLUDED.data, deleted = EXCLUDED.deleted, origin = EXCLUDED.origin;
    SELECT jsonb_agg(jsonb_build_object(
               'op', (p_ops -> (u.i - 1) ->> 'op')::uuid, 'result', 'applied',
               'reason', NULL, 'rows', NULL) ORDER BY u.o)
        INTO v_results FROM unnest(p_idx) WITH ORDINALITY AS u(i, o);
    RETURN jsonb_build_object(
        'results', v_results, 'seq', v_seq,
        'tbls', CASE WHEN v_seq IS NULL THEN to_jsonb(v_tbls) ELSE '[]'::jsonb END,
        'keys', CASE WHEN v_seq IS NULL THEN to_jsonb(v_keys) ELSE '[]'::jsonb END);
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;  -- all of it undone: the caller applies these commands one by one
END $f$;
REVOKE ALL ON FUNCTION sync_apply_bulk(jsonb, integer[], text, boolean) FROM PUBLIC;
"""


def _replace(body: str, old: str, new: str) -> str:
    if body.count(old) != 1:
        raise AssertionError(f"anchor not found once: {old!r}")
    return body.replace(old, new)


def _push() -> str:
    body = central_bulk._push()
    body = _replace(body, "    v_seq bigint;\n", "    v_seq bigint;\n    v_taken bigint;\n")
    body = _replace(
        body,
        "            v_bulk := sync_apply_bulk(p_ops, v_run, p_client);\n",
        "            v_bulk := sync_apply_bulk(p_ops, v_run, p_client, v_i > v_n);\n",
    )
    body = _replace(
        body,
        "                v_results := v_results || (v_bulk -> 'results');\n",
        "                v_results := v_results || (v_bulk -> 'results');\n"
        "                v_taken := (v_bulk ->> 'seq')::bigint;  -- numbered as written\n",
    )
    return _replace(
        body,
        "    v_seq := sync_number(v_tbls, v_keys);\n",
        """    IF v_taken IS NULL THEN
        v_seq := sync_number(v_tbls, v_keys);
    ELSE
        v_seq := v_taken;  -- the last run took it: what the batch changed before gets it too
        UPDATE sync_row r SET server_seq = v_seq
            FROM unnest(v_tbls, v_keys) AS u(tbl, key)
            WHERE r.tbl = u.tbl AND r.key = u.key;
    END IF;
""",
    )


UPGRADE = _APPLY_BULK + _push()

DOWNGRADE = (
    "DROP FUNCTION IF EXISTS sync_apply_bulk(jsonb, integer[], text, boolean);\n"
    + central_bulk._APPLY_BULK
    + central_bulk._push()
)
