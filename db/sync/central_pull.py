"""Pull pages as rows in the form SQLite stores (migration 0018): no JSON detour.

``sync_pull`` (migrations 0006, 0010) hands a page out as one JSON document: the client
parsed it, turned every value into a Python value and back into SQLite's stored form with
SQLAlchemy's bind processors — most of a join's time. ``sync_pull_rows`` takes the same
arguments, cuts the same pages (by ``(server_seq, tbl, key)``, never inside a seq group),
filters the same rows (a counter's own rows skipped unless ``p_all``; a kiosk's or a hall
display's account only the hall's reference tables, central_roles.py; an account speaks for
its own counter code only, ``sync_client_check``), and answers one row per item:

- ``('h', NULL, tbl, NULL, columns)``: the columns of ``tbl`` its ``'t'`` rows hold, in that
  order (the table's shared columns: its own per-PC columns are never sent);
- ``('t', NULL, tbl, NULL, rows, NULL)``: the page's rows of ``tbl`` as one two-dimensional
  array, each row's values as text in the form SQLite keeps them (UUIDs as 32 hex digits,
  times as ``YYYY-MM-DD HH:MM:SS.ffffff`` UTC, booleans 1/0, dates, numbers and text as they
  are, JSON documents as text): the client hands the rows to a prepared ``INSERT ... ON
  CONFLICT`` as they are, and the columns' affinities store numerals as numbers, exactly as
  the ORM's own values are stored (a row's key is its primary key column, in that form);
- ``('j', NULL, tbl, NULL, [[row JSON], ...], keys)``: anything unusual — a table with a
  column of another type (a photo's bytes), a row whose stored data lacks one of the table's
  columns (written before a migration added it) — goes as before, the row's JSON, decoded the
  long way;
- ``('d', NULL, tbl, NULL, [[''], ...], keys)``: deleted rows;
- last, ``('e', seq, tbl, key, [more])``: where the page ends (the cursor to save with it) and
  whether more pages follow. An empty page has no rows at all.

STABLE: every query in it sees the one snapshot of the call, like ``sync_pull``'s.
"""

from __future__ import annotations

from db.sync.central_roles import LIMITED_KINDS, REFERENCE_TABLES

SIGNATURE = "sync_pull_rows(text, bigint, text, text, integer, boolean)"

# PostgreSQL type -> the expression giving SQLite's stored form from ``r.data`` (to_jsonb of
# the row, written by the sync functions with timezone UTC). %L is the column's name.
FORMS = {
    "uuid": "replace(r.data ->> %L, '-', '')",
    "timestamptz": "to_char((r.data ->> %L)::timestamptz, 'YYYY-MM-DD HH24:MI:SS.US')",
    "date": "r.data ->> %L",
    "bool": "((r.data ->> %L)::boolean)::int::text",
    "int2": "r.data ->> %L",
    "int4": "r.data ->> %L",
    "int8": "r.data ->> %L",
    "numeric": "r.data ->> %L",
    "float4": "r.data ->> %L",
    "float8": "r.data ->> %L",
    "text": "r.data ->> %L",
    "varchar": "r.data ->> %L",
    "json": "(r.data -> %L)::text",
    "jsonb": "(r.data -> %L)::text",
}

_CASES = "\n".join(
    f"                    WHEN '{name}' THEN format($x${form}$x$, a.attname)"
    for name, form in FORMS.items()
)
_TYPES = ", ".join(f"'{name}'" for name in FORMS)
_LIMITED = "|".join(LIMITED_KINDS)
_REFERENCE = ", ".join(f"'{t}'" for t in REFERENCE_TABLES)

UPGRADE = f"""
CREATE FUNCTION sync_pull_rows(p_client text, p_seq bigint, p_tbl text, p_key text,
                               p_limit integer, p_all boolean)
RETURNS TABLE (kind text, seq bigint, tbl text, key text, vals text[], keys text[])
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp SET timezone = 'UTC' SET work_mem = '64MB' AS $f$
DECLARE
    v_last bigint;
    v_limited boolean := session_user ~ '^({_LIMITED})_';
    v_form record;
    v_values text := '';
    v_columns text := '';
BEGIN
    PERFORM sync_client_check(p_client);
    -- A page never ends inside a group of rows sharing one server_seq.
    SELECT r.server_seq INTO v_last FROM sync_row r
        WHERE r.server_seq IS NOT NULL AND (r.server_seq, r.tbl, r.key) > (p_seq, p_tbl, p_key)
        ORDER BY r.server_seq, r.tbl, r.key OFFSET greatest(p_limit, 1) - 1 LIMIT 1;
    IF NOT EXISTS (SELECT 1 FROM sync_row r WHERE r.server_seq IS NOT NULL
            AND (r.server_seq, r.tbl, r.key) > (p_seq, p_tbl, p_key)) THEN
        RETURN;  -- nothing after the cursor: an empty answer
    END IF;
    -- Each shared table whose every column has a plain stored form: its header, and its
    -- branch of the one query below.
    FOR v_form IN
        SELECT s.tbl AS t, array_agg(a.attname::text ORDER BY a.attnum) AS cols,
               string_agg(CASE ty.typname
{_CASES}
                   END, ', ' ORDER BY a.attnum) AS exprs
        FROM sync_table s
        JOIN pg_attribute a ON a.attrelid = to_regclass(quote_ident(s.tbl))
        JOIN pg_type ty ON ty.oid = a.atttypid
        WHERE s.direction = 'both' AND a.attnum > 0 AND NOT a.attisdropped
          AND NOT (a.attname::text = ANY (s.local_columns))
          AND (NOT v_limited OR s.tbl IN ({_REFERENCE}))
        GROUP BY s.tbl
        HAVING bool_and(ty.typname IN ({_TYPES}))
        ORDER BY s.tbl
    LOOP
        kind := 'h'; seq := NULL; tbl := v_form.t; key := NULL; vals := v_form.cols;
        keys := NULL;
        RETURN NEXT;
        v_values := v_values || format(' WHEN %L THEN ARRAY[%s]', v_form.t, v_form.exprs);
        v_columns := v_columns || format(' WHEN %L THEN %L::text[]', v_form.t, v_form.cols);
    END LOOP;
    -- The rows handed out, as sync_pull filters them (not the page's bounds: the cursor
    -- still moves past what is withheld), in one pass over the page, grouped by table and
    -- kind: a group's rows as one two-dimensional array (the driver makes the lists the
    -- client hands on: no row by row work there), the keys beside it but for typed rows
    -- (each holds its key: the client reads it there only when it has rows to skip).
    RETURN QUERY EXECUTE format(
        'SELECT r.kind, NULL::bigint, r.tbl, NULL::text, array_agg(r.vals),'
        ' array_agg(r.key) FILTER (WHERE r.kind <> ''t'')'
        ' FROM (SELECT r.tbl, r.key,'
        '   CASE WHEN r.deleted THEN ''d'' WHEN r.whole THEN ''t'' ELSE ''j'' END AS kind,'
        '   CASE WHEN r.deleted THEN ARRAY[''''] WHEN r.whole THEN CASE r.tbl %s END'
        '        ELSE ARRAY[r.data::text] END AS vals'
        '  FROM (SELECT r.tbl, r.key, r.deleted, r.data,'
        '         coalesce(r.data ?& CASE r.tbl %s END, false) AS whole'
        '        FROM sync_row r WHERE r.server_seq IS NOT NULL'
        '        AND (r.server_seq, r.tbl, r.key) > ($1, $2, $3)'
        '        AND ($4::bigint IS NULL OR r.server_seq <= $4)'
        '        AND ($5 OR r.origin IS DISTINCT FROM $6)'
        '        AND (NOT $7 OR r.tbl = ANY ($8))) r) r'
        ' GROUP BY r.tbl, r.kind',
        CASE WHEN v_values = '' THEN 'WHEN NULL THEN NULL' ELSE v_values END,
        CASE WHEN v_columns = '' THEN 'WHEN NULL THEN NULL' ELSE v_columns END)
        USING p_seq, p_tbl, p_key, v_last, p_all, p_client, v_limited,
              ARRAY[{_REFERENCE}]::text[];
    RETURN QUERY
        SELECT 'e'::text, r.server_seq, r.tbl, r.key, ARRAY[(v_last IS NOT NULL)::text],
               NULL::text[]
        FROM sync_row r
        WHERE r.server_seq IS NOT NULL AND (r.server_seq, r.tbl, r.key) > (p_seq, p_tbl, p_key)
          AND (v_last IS NULL OR r.server_seq <= v_last)
        ORDER BY r.server_seq DESC, r.tbl DESC, r.key DESC LIMIT 1;
END $f$;
REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC;
-- Whoever may pull today may pull this way (the same rows: see above).
DO $g$
DECLARE r text;
BEGIN
    FOR r IN SELECT rolname FROM pg_roles
            WHERE rolname ~ '^(counter|kiosk|display|supervisor|admin)_'
              AND has_function_privilege(
                  oid, 'sync_pull(text, bigint, text, text, integer, boolean)', 'EXECUTE') LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION {SIGNATURE} TO %I', r);
    END LOOP;
END $g$;
"""

DOWNGRADE = f"DROP FUNCTION IF EXISTS {SIGNATURE};\n"
