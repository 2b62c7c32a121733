"""The SQL installed on the central PostgreSQL by migration 0006 (a later change to it comes as
a new migration that replaces the functions).

Counters never write the business tables directly: they call ``sync_push`` (SECURITY DEFINER),
which applies each command atomically as compare-and-set per field, de-duplicates op ids,
parks conflicts and numbers the rows it changed with one ``server_seq`` taken as the last
statement of the transaction, so that ``server_seq`` order is commit order.
"""

TABLES = """
CREATE TABLE sync_meta (
    id integer PRIMARY KEY CHECK (id = 1),
    epoch uuid NOT NULL,
    seq bigint NOT NULL DEFAULT 0
);
INSERT INTO sync_meta (id, epoch, seq) VALUES (1, gen_random_uuid(), 0);
CREATE TABLE sync_table (
    tbl text PRIMARY KEY,
    position integer NOT NULL DEFAULT 0,  -- parents before children
    pk text NOT NULL,
    pk_type text NOT NULL,
    direction text NOT NULL CHECK (direction IN ('both', 'push')),
    local_columns text[] NOT NULL DEFAULT '{}',
    -- A state column and where its transitions are recorded: a transition the central has
    -- already seen (in the history) is a no-op when it arrives again.
    state_column text,
    history_table text,
    history_key text,
    history_from text,
    history_to text
);
CREATE TABLE sync_applied_op (
    op_id uuid PRIMARY KEY,
    origin text NOT NULL,
    result text NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE sync_row (
    tbl text NOT NULL,
    key text NOT NULL,
    server_seq bigint,
    data jsonb,
    deleted boolean NOT NULL DEFAULT false,
    origin text,
    PRIMARY KEY (tbl, key)
);
CREATE INDEX ix_sync_row_cursor ON sync_row (server_seq, tbl, key);
CREATE TABLE sync_conflict (
    id bigserial PRIMARY KEY,
    op_id uuid NOT NULL,
    origin text NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    reason text NOT NULL,
    command jsonb NOT NULL,
    server_rows jsonb NOT NULL,
    resolved_at timestamptz,
    resolved_by text,
    resolution text
);
CREATE INDEX ix_sync_conflict_open ON sync_conflict (resolved_at, id);
"""

FUNCTIONS = r"""
CREATE FUNCTION sync_norm(p_tbl text, p_val jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp SET timezone = 'UTC' AS $f$
DECLARE v_full jsonb; v_out jsonb;
BEGIN
    IF p_val IS NULL THEN RETURN NULL; END IF;
    EXECUTE format('SELECT to_jsonb(r) FROM jsonb_populate_record(NULL::%I, $1) r', p_tbl)
        INTO v_full USING p_val;
    SELECT coalesce(jsonb_object_agg(k, v_full -> k), '{}'::jsonb)
        INTO v_out FROM jsonb_object_keys(p_val) AS k;
    RETURN v_out;
END $f$;

CREATE FUNCTION sync_differs(p_a jsonb, p_b jsonb, p_skip text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $f$
    SELECT EXISTS (
        SELECT 1 FROM jsonb_object_keys(p_a) AS k
        WHERE NOT (k = ANY (p_skip)) AND (p_a -> k) IS DISTINCT FROM (p_b -> k)
    )
$f$;

CREATE FUNCTION sync_conflict_error(p_text text) RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
    RAISE EXCEPTION '%', p_text USING ERRCODE = 'SY001';
END $f$;

CREATE FUNCTION sync_seen_transition(
    p_spec sync_table, p_key text, p_from jsonb, p_to jsonb, p_fresh text[]
) RETURNS boolean LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $f$
DECLARE v_seen boolean;
BEGIN
    IF p_spec.history_table IS NULL THEN
        RETURN false;
    END IF;
    EXECUTE format(
        'SELECT EXISTS (SELECT 1 FROM %I h WHERE h.%I = $1::%s AND h.%I = $2 AND h.%I = $3 '
        'AND NOT (h.id::text = ANY ($4)))',
        p_spec.history_table, p_spec.history_key, p_spec.pk_type, p_spec.history_from,
        p_spec.history_to)
        INTO v_seen USING p_key, p_from #>> '{}', p_to #>> '{}', p_fresh;
    RETURN v_seen;
END $f$;

CREATE FUNCTION sync_apply_change(
    ch jsonb, p_origin text, p_mode text, p_fresh text[], OUT o_tbl text, OUT o_key text
) LANGUAGE plpgsql SET search_path = public, pg_temp SET timezone = 'UTC' AS $f$
DECLARE
    v_spec sync_table;
    v_tbl text := ch ->> 't';
    v_key text := ch ->> 'k';
    v_kind text := ch ->> 'o';
    v_cur jsonb; v_new jsonb; v_old jsonb; v_row jsonb;
    v_col text;
    v_sets text[] := '{}';
    v_exact boolean := true;
    v_versioned boolean;
    v_where text;
    v_assign text;
    v_skip text[];
BEGIN
    SELECT * INTO v_spec FROM sync_table WHERE tbl = v_tbl;
    IF NOT FOUND THEN
        PERFORM sync_conflict_error(format('表 %s 不在同步范围内', v_tbl));
    END IF;
    o_tbl := v_tbl;
    v_where := format('t.%I = $1::%s', v_spec.pk, v_spec.pk_type);
    EXECUTE format('SELECT to_jsonb(t) FROM %I t WHERE %s FOR UPDATE', v_tbl, v_where)
        INTO v_cur USING v_key;
    v_skip := ARRAY['row_version', 'updated_at', 'created_at', v_spec.pk] || v_spec.local_columns;
    v_new := sync_norm(v_tbl, ch -> 'new') - v_spec.local_columns;
    v_old := sync_norm(v_tbl, ch -> 'old') - v_spec.local_columns;

    IF v_kind = 'i' THEN
        IF v_cur IS NULL THEN
            EXECUTE format(
                'INSERT INTO %I SELECT * FROM jsonb_populate_record(NULL::%I, $1)', v_tbl, v_tbl
            ) USING ch -> 'new';
        ELSE
            v_versioned := v_cur ? 'row_version';
            IF p_mode = 'force' OR (p_mode = 'ensure' AND v_versioned
                    AND (v_cur ->> 'row_version')::bigint < (v_new ->> 'row_version')::bigint) THEN
                SELECT array_agg(k) INTO v_sets FROM jsonb_object_keys(v_new) AS k
                    WHERE NOT (k = ANY (v_skip));
                v_exact := false;
            ELSIF p_mode = 'ensure' OR NOT sync_differs(v_new, v_cur, v_skip) THEN
                RETURN;
            ELSE
                PERFORM sync_conflict_error(
                    format('%s %s：中心已有此记录，内容不同', v_tbl, v_key));
            END IF;
        END IF;
    ELSIF v_kind = 'u' THEN
        IF v_cur IS NULL THEN
            PERFORM sync_conflict_error(
                format('%s %s：中心没有此记录（可能其新增被搁置）', v_tbl, v_key));
        END IF;
        FOR v_col IN SELECT jsonb_object_keys(v_new) LOOP
            CONTINUE WHEN v_col = ANY (v_skip);
            CONTINUE WHEN (v_cur -> v_col) IS NOT DISTINCT FROM (v_new -> v_col);
            IF p_mode = 'force' OR (v_cur -> v_col) IS NOT DISTINCT FROM (v_old -> v_col) THEN
                v_sets := v_sets || v_col;
            ELSIF v_col = v_spec.state_column AND sync_seen_transition(
                    v_spec, v_key, v_old -> v_col, v_new -> v_col, p_fresh) THEN
                CONTINUE;  -- this very transition happened here already; the central moved on
            ELSE
                PERFORM sync_conflict_error(format(
                    '%s %s 字段 %s：本机基于 %s 改为 %s，中心已是 %s',
                    v_tbl, v_key, v_col, v_old -> v_col, v_new -> v_col, v_cur -> v_col));
            END IF;
        END LOOP;
        v_exact := p_mode <> 'force' AND NOT sync_differs(
            v_old, v_cur, ARRAY['updated_at', 'created_at'] || v_spec.local_columns);
        IF NOT v_exact AND cardinality(v_sets) = 0 THEN
            RETURN;  -- the same change reached the central before: nothing to do
        END IF;
    ELSIF v_kind = 'd' THEN
        IF v_cur IS NULL THEN
            RETURN;
        END IF;
        IF p_mode <> 'force' AND sync_differs(v_old, v_cur, v_skip) THEN
            PERFORM sync_conflict_error(format('%s %s：要删除的记录在中心已被修改', v_tbl, v_key));
        END IF;
        EXECUTE format('DELETE FROM %I t WHERE %s', v_tbl, v_where) USING v_key;
    ELSE
        PERFORM sync_conflict_error(format('未知的操作 %s', v_kind));
    END IF;

    IF v_kind <> 'd' AND v_cur IS NOT NULL THEN
        v_versioned := v_cur ? 'row_version';
        SELECT string_agg(format('%I = r.%I', c, c), ', ') INTO v_assign FROM unnest(v_sets) AS c;
        IF v_versioned AND v_exact THEN
            v_assign := concat_ws(', ', v_assign, 'row_version = r.row_version');
            IF v_new ? 'updated_at' THEN
                v_assign := concat_ws(', ', v_assign, 'updated_at = r.updated_at');
            END IF;
        ELSIF v_versioned THEN
            v_assign := concat_ws(', ', v_assign,
                'row_version = GREATEST(t.row_version, coalesce(r.row_version, 0)) + 1',
                'updated_at = clock_timestamp()');
        END IF;
        IF v_assign IS NOT NULL AND v_assign <> '' THEN
            EXECUTE format(
                'UPDATE %I t SET %s FROM jsonb_populate_record(NULL::%I, $2) r WHERE %s',
                v_tbl, v_assign, v_tbl, v_where
            ) USING v_key, ch -> 'new';
        END IF;
    END IF;

    IF v_spec.direction = 'both' THEN
        IF v_kind = 'd' THEN
            v_row := NULL;
        ELSE
            EXECUTE format('SELECT to_jsonb(t) FROM %I t WHERE %s', v_tbl, v_where)
                INTO v_row USING v_key;
            v_row := v_row - v_spec.local_columns;
        END IF;
        INSERT INTO sync_row AS s (tbl, key, server_seq, data, deleted, origin)
            VALUES (v_tbl, v_key, NULL, v_row, v_kind = 'd',
                    CASE WHEN v_exact THEN p_origin END)
            ON CONFLICT (tbl, key) DO UPDATE
            SET server_seq = NULL, data = EXCLUDED.data, deleted = EXCLUDED.deleted,
                origin = EXCLUDED.origin;
        o_key := v_key;
    END IF;
END $f$;

CREATE FUNCTION sync_rows_of(p_cmd jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp SET timezone = 'UTC' AS $f$
DECLARE v_out jsonb := '[]'; v_ch record; v_spec sync_table; v_row jsonb;
BEGIN
    FOR v_ch IN SELECT DISTINCT c ->> 't' AS t, c ->> 'k' AS k
            FROM jsonb_array_elements(p_cmd -> 'changes') AS c LOOP
        SELECT * INTO v_spec FROM sync_table WHERE tbl = v_ch.t;
        CONTINUE WHEN NOT FOUND;
        EXECUTE format('SELECT to_jsonb(t) FROM %I t WHERE t.%I = $1::%s',
                       v_ch.t, v_spec.pk, v_spec.pk_type) INTO v_row USING v_ch.k;
        v_out := v_out || jsonb_build_array(jsonb_build_array(
            v_ch.t, v_ch.k, v_row - v_spec.local_columns));
    END LOOP;
    RETURN v_out;
END $f$;

CREATE FUNCTION sync_apply_command(p_cmd jsonb, p_origin text, p_mode text,
                                   INOUT p_tbls text[], INOUT p_keys text[])
LANGUAGE plpgsql SET search_path = public, pg_temp AS $f$
DECLARE v_ch jsonb; v_t text; v_k text; v_fresh text[];
BEGIN
    SELECT coalesce(array_agg(c ->> 'k'), '{}') INTO v_fresh
        FROM jsonb_array_elements(p_cmd -> 'changes') AS c WHERE c ->> 'o' = 'i';
    FOR v_ch IN SELECT value FROM jsonb_array_elements(p_cmd -> 'changes') LOOP
        SELECT o_tbl, o_key INTO v_t, v_k
            FROM sync_apply_change(v_ch, p_origin, p_mode, v_fresh);
        IF v_k IS NOT NULL THEN
            p_tbls := p_tbls || v_t;
            p_keys := p_keys || v_k;
        END IF;
    END LOOP;
END $f$;

CREATE FUNCTION sync_number(p_tbls text[], p_keys text[]) RETURNS bigint
LANGUAGE plpgsql SET search_path = public, pg_temp AS $f$
DECLARE v_seq bigint;
BEGIN
    IF cardinality(p_tbls) = 0 THEN
        RETURN NULL;
    END IF;
    -- The one-row counter is taken last: its lock is held to COMMIT, so numbers follow
    -- commit order and a reader never sees seq N+1 before N.
    UPDATE sync_meta SET seq = seq + 1 WHERE id = 1 RETURNING seq INTO v_seq;
    UPDATE sync_row r SET server_seq = v_seq
        FROM unnest(p_tbls, p_keys) AS u(tbl, key)
        WHERE r.tbl = u.tbl AND r.key = u.key;
    RETURN v_seq;
END $f$;

CREATE FUNCTION sync_push(p_client text, p_ops jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET timezone = 'UTC' AS $f$
DECLARE
    v_cmd jsonb; v_op uuid; v_prev text; v_res text; v_reason text; v_mode text;
    v_tbls text[] := '{}'; v_keys text[] := '{}';
    v_ctbls text[]; v_ckeys text[];
    v_results jsonb := '[]';
    v_seq bigint;
BEGIN
    IF p_client IS NULL OR p_client = '' THEN
        RAISE EXCEPTION 'client code missing';
    END IF;
    -- A counter's own role may only speak for that counter.
    IF session_user ~ '^(counter|supervisor)_' AND lower(p_client) <> substring(session_user
            FROM position('_' IN session_user) + 1) THEN
        RAISE EXCEPTION '账号 % 不能代表窗口 % 同步', session_user, p_client
            USING ERRCODE = 'SY003';
    END IF;
    FOR v_cmd IN SELECT value FROM jsonb_array_elements(p_ops) LOOP
        v_op := (v_cmd ->> 'op')::uuid;
        v_mode := coalesce(v_cmd ->> 'mode', 'normal');
        IF v_mode NOT IN ('normal', 'ensure') THEN
            RAISE EXCEPTION 'mode % is not for counters', v_mode;
        END IF;
        SELECT result INTO v_prev FROM sync_applied_op WHERE op_id = v_op;
        IF FOUND THEN
            v_results := v_results || jsonb_build_array(jsonb_build_object(
                'op', v_op, 'result', v_prev, 'duplicate', true,
                'rows', CASE WHEN v_prev = 'conflict' THEN sync_rows_of(v_cmd) END));
            CONTINUE;
        END IF;
        v_ctbls := '{}'; v_ckeys := '{}';
        BEGIN
            SELECT p_tbls, p_keys INTO v_ctbls, v_ckeys
                FROM sync_apply_command(v_cmd, p_client, v_mode, v_ctbls, v_ckeys);
            v_res := 'applied'; v_reason := NULL;
        EXCEPTION
            WHEN SQLSTATE 'SY001' OR integrity_constraint_violation OR data_exception THEN
                v_res := 'conflict'; v_reason := SQLERRM;
        END;
        IF v_res = 'applied' THEN
            v_tbls := v_tbls || v_ctbls;
            v_keys := v_keys || v_ckeys;
        ELSE
            INSERT INTO sync_conflict (op_id, origin, reason, command, server_rows)
                VALUES (v_op, p_client, v_reason, v_cmd, sync_rows_of(v_cmd));
        END IF;
        INSERT INTO sync_applied_op (op_id, origin, result) VALUES (v_op, p_client, v_res);
        v_results := v_results || jsonb_build_array(jsonb_build_object(
            'op', v_op, 'result', v_res, 'reason', v_reason,
            'rows', CASE WHEN v_res = 'conflict' THEN sync_rows_of(v_cmd) END));
    END LOOP;
    v_seq := sync_number(v_tbls, v_keys);
    IF v_seq IS NOT NULL THEN
        PERFORM pg_notify('counter_sync', p_client);  -- who changed something: not us, pull
    END IF;
    RETURN jsonb_build_object('seq', v_seq, 'results', v_results);
END $f$;

CREATE FUNCTION sync_pull(p_client text, p_seq bigint, p_tbl text, p_key text,
                          p_limit integer, p_all boolean) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE v_last bigint; v_out jsonb;
BEGIN
    -- A page never ends inside a group of rows sharing one server_seq.
    SELECT server_seq INTO v_last FROM sync_row
        WHERE server_seq IS NOT NULL AND (server_seq, tbl, key) > (p_seq, p_tbl, p_key)
        ORDER BY server_seq, tbl, key OFFSET greatest(p_limit, 1) - 1 LIMIT 1;
    WITH page AS (
        SELECT server_seq, tbl, key, data, deleted, origin FROM sync_row
        WHERE server_seq IS NOT NULL AND (server_seq, tbl, key) > (p_seq, p_tbl, p_key)
          AND (v_last IS NULL OR server_seq <= v_last)
    )
    SELECT jsonb_build_object(
        'rows', coalesce(jsonb_agg(
                    jsonb_build_array(tbl, key, CASE WHEN deleted THEN NULL ELSE data END)
                    ORDER BY server_seq, tbl, key)
                FILTER (WHERE p_all OR origin IS DISTINCT FROM p_client), '[]'::jsonb),
        'end', (SELECT jsonb_build_array(p.server_seq, p.tbl, p.key) FROM page p
                ORDER BY p.server_seq DESC, p.tbl DESC, p.key DESC LIMIT 1),
        'more', v_last IS NOT NULL)
    INTO v_out FROM page;
    RETURN v_out;
END $f$;

CREATE FUNCTION sync_hello(p_client text) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE v_sysid text := ''; v_tli text := ''; v_out jsonb;
BEGIN
    BEGIN
        SELECT system_identifier::text INTO v_sysid FROM pg_control_system();
        SELECT timeline_id::text INTO v_tli FROM pg_control_checkpoint();
    EXCEPTION WHEN insufficient_privilege THEN
        NULL;
    END;
    SELECT jsonb_build_object(
        'epoch', m.epoch::text || ':' || v_sysid || ':' || v_tli,
        'seq', m.seq,
        'schema', (SELECT version_num FROM alembic_version LIMIT 1),
        'now', extract(epoch FROM clock_timestamp()),
        'rows', (SELECT count(*) FROM (SELECT 1 FROM sync_row LIMIT 1) AS any_row),
        'conflicts', (SELECT count(*) FROM sync_conflict
                      WHERE resolved_at IS NULL AND origin = p_client))
    INTO v_out FROM sync_meta m WHERE m.id = 1;
    RETURN v_out;
END $f$;

CREATE FUNCTION sync_resolve(p_id bigint, p_action text, p_by text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET timezone = 'UTC' AS $f$
DECLARE v_c sync_conflict; v_tbls text[] := '{}'; v_keys text[] := '{}'; v_seq bigint;
BEGIN
    SELECT * INTO v_c FROM sync_conflict WHERE id = p_id FOR UPDATE;
    IF NOT FOUND OR v_c.resolved_at IS NOT NULL THEN
        RAISE EXCEPTION '冲突 % 不存在或已处理', p_id USING ERRCODE = 'SY002';
    END IF;
    IF p_action = 'apply' THEN
        SELECT p_tbls, p_keys INTO v_tbls, v_keys
            -- No origin: every counter, the one that made it included, takes the result.
            FROM sync_apply_command(v_c.command, NULL, 'force', v_tbls, v_keys);
    ELSIF p_action <> 'keep' THEN
        RAISE EXCEPTION 'unknown action %', p_action;
    END IF;
    UPDATE sync_conflict SET resolved_at = clock_timestamp(), resolved_by = p_by,
        resolution = p_action WHERE id = p_id;
    v_seq := sync_number(v_tbls, v_keys);
    IF v_seq IS NOT NULL THEN
        PERFORM pg_notify('counter_sync', '');
    END IF;
    RETURN jsonb_build_object('seq', v_seq);
END $f$;

CREATE FUNCTION sync_found(p_client text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE v_t text;
BEGIN
    -- The first counter brings the hall's data. What an empty central holds (a catalogue
    -- seeded by a tool) would collide with it, so it goes; cases never do.
    LOCK TABLE sync_meta IN EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM sync_row) OR EXISTS (SELECT 1 FROM cases) THEN
        RAISE EXCEPTION '中心数据库已有数据，不能再作为首台窗口建立' USING ERRCODE = 'SY002';
    END IF;
    FOR v_t IN SELECT tbl FROM sync_table ORDER BY position DESC LOOP
        IF v_t = 'setting' THEN
            DELETE FROM setting WHERE scope = 'hall';
        ELSE
            EXECUTE format('DELETE FROM %I', v_t);
        END IF;
    END LOOP;
END $f$;

CREATE FUNCTION sync_new_epoch() RETURNS uuid
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    UPDATE sync_meta SET epoch = gen_random_uuid() WHERE id = 1 RETURNING epoch
$f$;

REVOKE ALL ON FUNCTION sync_push(text, jsonb),
    sync_pull(text, bigint, text, text, integer, boolean), sync_hello(text),
    sync_resolve(bigint, text, text), sync_new_epoch(), sync_found(text) FROM PUBLIC;
"""

DROP = """
DROP FUNCTION IF EXISTS sync_new_epoch();
DROP FUNCTION IF EXISTS sync_found(text);
DROP FUNCTION IF EXISTS sync_resolve(bigint, text, text);
DROP FUNCTION IF EXISTS sync_hello(text);
DROP FUNCTION IF EXISTS sync_pull(text, bigint, text, text, integer, boolean);
DROP FUNCTION IF EXISTS sync_push(text, jsonb);
DROP FUNCTION IF EXISTS sync_number(text[], text[]);
DROP FUNCTION IF EXISTS sync_apply_command(jsonb, text, text, text[], text[]);
DROP FUNCTION IF EXISTS sync_rows_of(jsonb);
DROP FUNCTION IF EXISTS sync_apply_change(jsonb, text, text, text[]);
DROP FUNCTION IF EXISTS sync_seen_transition(sync_table, text, jsonb, jsonb, text[]);
DROP FUNCTION IF EXISTS sync_conflict_error(text);
DROP FUNCTION IF EXISTS sync_differs(jsonb, jsonb, text[]);
DROP FUNCTION IF EXISTS sync_norm(text, jsonb);
DROP TABLE IF EXISTS sync_conflict;
DROP TABLE IF EXISTS sync_row;
DROP TABLE IF EXISTS sync_applied_op;
DROP TABLE IF EXISTS sync_table;
DROP TABLE IF EXISTS sync_meta;
"""
