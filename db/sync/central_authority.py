"""Authority on the central (migration 0008): what only an administrator may change.

The hall's accounts, roles, catalogue, bundles, information pages, holidays and hall settings
are *protected* tables. A push that would change a protected row is applied only when the
database account making it is an administrator's own (a member of ``ipc_administrators``, or
the central's owner), or when it is the founding counter's first snapshot (within
``FOUNDING_MINUTES`` of ``sync_found``). Otherwise the central refuses the whole command,
records a security event (who, from which counter, what) and answers ``refused`` with its own
rows, so that the counter puts them back. A counter's account and password live on the PC;
an administrator's central password does not: it is typed for the act and never stored.

The functions of migration 0006 are replaced here with the same bodies plus the guard, taken
from ``central_sql`` so that there is one text of each.
"""

from __future__ import annotations

from db.sync import central_sql

FOUNDING_MINUTES = 15
PROTECTED = (
    "setting",
    "staff",
    "catalog_item",
    "catalog_item_version",
    "bundle",
    "info_entry",
    "holiday_override",
    "holiday_year",
)
ADMIN_GROUP = "ipc_administrators"

TABLES = f"""
ALTER TABLE sync_table ADD COLUMN protected boolean NOT NULL DEFAULT false;
UPDATE sync_table SET protected = true WHERE tbl IN ({", ".join(f"'{t}'" for t in PROTECTED)});
ALTER TABLE sync_meta ADD COLUMN founder text, ADD COLUMN founding_until timestamptz;
CREATE TABLE sync_security_event (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    db_user text NOT NULL,
    origin text NOT NULL,
    op_id uuid,
    reason text NOT NULL,
    command jsonb NOT NULL,
    seen_at timestamptz,
    seen_by text
);
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ADMIN_GROUP}') THEN
        CREATE ROLE {ADMIN_GROUP} NOLOGIN;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'no CREATEROLE: only the owner may change protected tables until an '
                 'administrator creates the role {ADMIN_GROUP}';
END $$;
"""

_IS_ADMIN = f"""
CREATE FUNCTION sync_is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = '{ADMIN_GROUP}'
                   AND pg_has_role(session_user, r.oid, 'MEMBER'))
        OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = session_user AND r.rolsuper)
        OR pg_has_role(session_user,
                       (SELECT relowner FROM pg_class WHERE oid = 'sync_meta'::regclass),
                       'MEMBER')
$f$;

CREATE FUNCTION sync_guard(p_client text) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $f$
DECLARE v_open boolean;
BEGIN
    SELECT founder = p_client AND founding_until > clock_timestamp() INTO v_open
        FROM sync_meta WHERE id = 1;
    -- Set on every call, so that no caller can arrive with the guard already off.
    PERFORM set_config('ipc.guard',
        CASE WHEN sync_is_admin() OR coalesce(v_open, false) THEN 'off' ELSE 'on' END, true);
END $f$;

CREATE FUNCTION sync_refuse_protected(p_tbl text, p_key text) RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
    RAISE EXCEPTION '%', format(
        '%s %s：只有管理员本人的中心账号可以更改账号、角色、事项目录、节假日和大厅设置',
        p_tbl, p_key) USING ERRCODE = 'SY004';
END $f$;
"""

_GUARD = """
    v_guard boolean := coalesce(current_setting('ipc.guard', true), 'on') <> 'off';
"""


def function_0006(name: str) -> str:
    """One function's definition from migration 0006's text, as CREATE OR REPLACE."""
    text = central_sql.FUNCTIONS
    start = text.index(f"CREATE FUNCTION {name}(")
    end = min(
        i
        for i in (text.find("\nCREATE FUNCTION", start + 1), text.find("\nREVOKE", start))
        if i > 0
    )
    return "CREATE OR REPLACE" + text[start + len("CREATE") : end].rstrip() + "\n"


def _replace(body: str, old: str, new: str) -> str:
    if body.count(old) != 1:
        raise AssertionError(f"anchor not found once: {old!r}")
    return body.replace(old, new)


def _apply_change() -> str:
    body = function_0006("sync_apply_change")
    body = _replace(
        body, "    v_skip text[];\n", "    v_skip text[];\n" + _GUARD.strip("\n") + "\n"
    )
    # An insert the central lacks, or one that would overwrite a protected row.
    body = _replace(
        body,
        "        IF v_cur IS NULL THEN\n            EXECUTE format(\n",
        "        IF v_guard AND v_spec.protected AND (v_cur IS NULL\n"
        "                OR sync_differs(v_new, v_cur, v_skip)) THEN\n"
        "            PERFORM sync_refuse_protected(v_tbl, v_key);\n"
        "        END IF;\n"
        "        IF v_cur IS NULL THEN\n            EXECUTE format(\n",
    )
    # An update that changes a column (versions and stamps alone are not a change).
    body = _replace(
        body,
        "        v_exact := p_mode <> 'force' AND NOT sync_differs(\n",
        "        IF v_guard AND v_spec.protected AND cardinality(v_sets) > 0 THEN\n"
        "            PERFORM sync_refuse_protected(v_tbl, v_key);\n"
        "        END IF;\n"
        "        v_exact := p_mode <> 'force' AND NOT sync_differs(\n",
    )
    body = _replace(
        body,
        "        IF v_cur IS NULL THEN\n            RETURN;\n        END IF;\n"
        "        IF p_mode <> 'force' AND sync_differs(v_old, v_cur, v_skip) THEN\n",
        "        IF v_cur IS NULL THEN\n            RETURN;\n        END IF;\n"
        "        IF v_guard AND v_spec.protected THEN\n"
        "            PERFORM sync_refuse_protected(v_tbl, v_key);\n"
        "        END IF;\n"
        "        IF p_mode <> 'force' AND sync_differs(v_old, v_cur, v_skip) THEN\n",
    )
    return body


def _push() -> str:
    body = function_0006("sync_push")
    body = _replace(
        body,
        "    FOR v_cmd IN SELECT value FROM jsonb_array_elements(p_ops) LOOP\n",
        "    PERFORM sync_guard(p_client);\n"
        "    FOR v_cmd IN SELECT value FROM jsonb_array_elements(p_ops) LOOP\n",
    )
    body = _replace(
        body,
        "        EXCEPTION\n            WHEN SQLSTATE 'SY001'",
        "        EXCEPTION\n            WHEN SQLSTATE 'SY004' THEN\n"
        "                v_res := 'refused'; v_reason := SQLERRM;\n"
        "            WHEN SQLSTATE 'SY001'",
    )
    body = _replace(
        body,
        "        ELSE\n            INSERT INTO sync_conflict",
        "        ELSIF v_res = 'refused' THEN\n"
        "            INSERT INTO sync_security_event (db_user, origin, op_id, reason, command)\n"
        "                VALUES (session_user, p_client, v_op, v_reason, v_cmd);\n"
        "        ELSE\n            INSERT INTO sync_conflict",
    )
    # A refused command is answered with the central's rows too: the counter puts them back.
    body = _replace(
        body,
        "            'rows', CASE WHEN v_prev = 'conflict' THEN",
        "            'rows', CASE WHEN v_prev IN ('conflict', 'refused') THEN",
    )
    return _replace(
        body,
        "            'rows', CASE WHEN v_res = 'conflict' THEN",
        "            'rows', CASE WHEN v_res IN ('conflict', 'refused') THEN",
    )


def _resolve() -> str:
    body = function_0006("sync_resolve")
    return _replace(
        body,
        "    IF p_action = 'apply' THEN\n",
        "    PERFORM sync_guard(v_c.origin);  -- a supervisor's apply is no administrator's act\n"
        "    IF p_action = 'apply' THEN\n",
    )


def _found() -> str:
    body = function_0006("sync_found")
    return _replace(
        body,
        "    FOR v_t IN SELECT tbl FROM sync_table ORDER BY position DESC LOOP\n",
        "    UPDATE sync_meta SET founder = p_client,\n"
        f"        founding_until = clock_timestamp() + interval '{FOUNDING_MINUTES} minutes'\n"
        "        WHERE id = 1;\n"
        "    FOR v_t IN SELECT tbl FROM sync_table ORDER BY position DESC LOOP\n",
    )


def _hello() -> str:
    body = function_0006("sync_hello")
    return _replace(
        body,
        "                      WHERE resolved_at IS NULL AND origin = p_client))\n",
        "                      WHERE resolved_at IS NULL AND origin = p_client),\n"
        "        'security', (SELECT count(*) FROM sync_security_event WHERE seen_at IS NULL),\n"
        "        'admin', sync_is_admin())\n",
    )


FUNCTIONS = "\n".join([_IS_ADMIN, _apply_change(), _push(), _resolve(), _found(), _hello()]) + (
    "\nREVOKE ALL ON FUNCTION sync_is_admin(), sync_guard(text), "
    "sync_refuse_protected(text, text) FROM PUBLIC;\n"
)

# Back to migration 0006's functions.
DOWNGRADE = (
    "\n".join(
        function_0006(name)
        for name in ("sync_apply_change", "sync_push", "sync_resolve", "sync_found", "sync_hello")
    )
    + """
DROP FUNCTION IF EXISTS sync_refuse_protected(text, text);
DROP FUNCTION IF EXISTS sync_guard(text);
DROP FUNCTION IF EXISTS sync_is_admin();
DROP TABLE IF EXISTS sync_security_event;
ALTER TABLE sync_meta DROP COLUMN IF EXISTS founder, DROP COLUMN IF EXISTS founding_until;
ALTER TABLE sync_table DROP COLUMN IF EXISTS protected;
"""
)
