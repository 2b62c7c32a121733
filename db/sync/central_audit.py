"""The audit anchored off the PC, and the central's own chain (migration 0009).

Each PC's audit chain is hash-linked on the PC; a person holding the PC could still cut its
tail (rows and head together) or edit a row and re-hash everything after it. So every sync
sends the (seq, hash) of the PC's new audit rows to the central, where ``audit_anchor`` only
grows: no update, no delete, no truncate (a trigger). ``audit verify`` at a joined PC compares
its chain with the anchors: a tail shorter than what the central holds, or a row whose hash
differs from the one anchored, is reported. A counter account anchors and reads only its own
counter's rows.

The central keeps its own chain of security-relevant acts in ``central_audit``: refused pushes,
anchors that contradict what was anchored before, conflicts settled, new epochs, foundings.
Each row's hash covers the previous row's hash and its own content (sha256), so that
``sync verify`` notices a row removed or edited by someone with the owner's rights.
"""

from __future__ import annotations

from db.sync import central_authority

TABLES = """
CREATE TABLE audit_anchor (
    counter text NOT NULL,
    seq bigint NOT NULL,
    hash text NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (counter, seq)
);
CREATE TABLE central_audit (
    seq bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    db_user text NOT NULL,
    act text NOT NULL,
    detail jsonb NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL
);
CREATE FUNCTION sync_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    RAISE EXCEPTION '% 只能追加，不能修改或删除', TG_TABLE_NAME USING ERRCODE = 'SY005';
END $f$;
CREATE TRIGGER audit_anchor_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_anchor
    FOR EACH STATEMENT EXECUTE FUNCTION sync_append_only();
CREATE TRIGGER central_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON central_audit
    FOR EACH STATEMENT EXECUTE FUNCTION sync_append_only();
"""

# The hash of a central_audit row: sha256 over the previous hash and the row's canonical text
# (seq|at as epoch microseconds|db_user|act|detail as jsonb text). audit_chain.py recomputes it.
FUNCTIONS = r"""
CREATE FUNCTION central_audit_record(p_act text, p_detail jsonb) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp SET timezone = 'UTC' AS $f$
DECLARE v_prev central_audit; v_seq bigint; v_prev_hash text; v_at timestamptz;
BEGIN
    LOCK TABLE central_audit IN SHARE ROW EXCLUSIVE MODE;  -- one writer: a straight chain
    SELECT * INTO v_prev FROM central_audit ORDER BY seq DESC LIMIT 1;
    v_seq := coalesce(v_prev.seq, 0) + 1;
    v_prev_hash := coalesce(v_prev.hash, repeat('0', 64));
    v_at := date_trunc('milliseconds', clock_timestamp());
    INSERT INTO central_audit (seq, at, db_user, act, detail, prev_hash, hash)
    VALUES (v_seq, v_at, session_user, p_act, p_detail, v_prev_hash,
            encode(sha256(convert_to(concat_ws('|', v_prev_hash, v_seq,
                (extract(epoch FROM v_at) * 1000)::bigint, session_user, p_act,
                p_detail::text), 'UTF8')), 'hex'));
END $f$;

CREATE FUNCTION sync_client_check(p_client text) RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
    IF p_client IS NULL OR p_client = '' THEN
        RAISE EXCEPTION 'client code missing';
    END IF;
    IF session_user ~ '^(counter|supervisor|kiosk|display)_'
            AND lower(p_client) <> substring(session_user
            FROM position('_' IN session_user) + 1) THEN
        RAISE EXCEPTION '账号 % 不能代表窗口 % 同步', session_user, p_client
            USING ERRCODE = 'SY003';
    END IF;
END $f$;

CREATE FUNCTION sync_anchor(p_client text, p_rows jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE v_row jsonb; v_seq bigint; v_hash text; v_had text; v_bad bigint[] := '{}';
BEGIN
    PERFORM sync_client_check(p_client);
    FOR v_row IN SELECT value FROM jsonb_array_elements(p_rows) LOOP
        v_seq := (v_row ->> 0)::bigint;
        v_hash := v_row ->> 1;
        SELECT hash INTO v_had FROM audit_anchor WHERE counter = p_client AND seq = v_seq;
        IF NOT FOUND THEN
            INSERT INTO audit_anchor (counter, seq, hash) VALUES (p_client, v_seq, v_hash);
        ELSIF v_had <> v_hash THEN
            v_bad := v_bad || v_seq;
        END IF;
    END LOOP;
    IF cardinality(v_bad) > 0 THEN
        PERFORM central_audit_record('audit_rewritten', jsonb_build_object(
            'counter', p_client, 'seqs', to_jsonb(v_bad[1:20]), 'count', cardinality(v_bad)));
        INSERT INTO sync_security_event (db_user, origin, op_id, reason, command)
            VALUES (session_user, p_client, NULL,
                    format('窗口 %s 的审计记录与中心存证不一致（第 %s 条起 %s 条），疑似被改写',
                           p_client, v_bad[1], cardinality(v_bad)),
                    jsonb_build_object('seqs', to_jsonb(v_bad[1:20])));
    END IF;
    RETURN jsonb_build_object(
        'max', (SELECT max(seq) FROM audit_anchor WHERE counter = p_client),
        'mismatch', to_jsonb(v_bad));
END $f$;

CREATE FUNCTION sync_anchors(p_client text, p_after bigint, p_limit integer) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
BEGIN
    PERFORM sync_client_check(p_client);
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_array(seq, hash) ORDER BY seq), '[]')
            FROM (SELECT seq, hash FROM audit_anchor WHERE counter = p_client AND seq > p_after
                  ORDER BY seq LIMIT p_limit) AS a);
END $f$;

REVOKE ALL ON FUNCTION central_audit_record(text, jsonb), sync_client_check(text),
    sync_anchor(text, jsonb), sync_anchors(text, bigint, integer) FROM PUBLIC;
"""


def _authority_function(name: str) -> str:
    """Migration 0008's (guarded) definition of ``name``, as CREATE OR REPLACE."""
    body = central_authority.FUNCTIONS
    start = body.index(f"CREATE OR REPLACE FUNCTION {name}(")
    end = body.index("END $f$;", start) + len("END $f$;")
    return body[start:end] + "\n"


def _with_central_audit(name: str, anchor: str, act: str) -> str:
    """Migration 0008's function ``name`` recording ``act`` in the central chain."""
    function = _authority_function(name)
    if function.count(anchor) != 1:
        raise AssertionError(f"anchor not found once in {name}: {anchor!r}")
    return function.replace(anchor, act + anchor)


# Security-relevant acts the central records in its own chain.
RECORDING = "\n".join(
    [
        _with_central_audit(
            "sync_push",
            "        ELSE\n            INSERT INTO sync_conflict",
            "            PERFORM central_audit_record('push_refused', jsonb_build_object(\n"
            "                'counter', p_client, 'op', v_op, 'reason', v_reason));\n",
        ),
        _with_central_audit(
            "sync_resolve",
            "    UPDATE sync_conflict SET resolved_at",
            "    PERFORM central_audit_record('conflict_resolved', jsonb_build_object(\n"
            "        'conflict', p_id, 'action', p_action, 'by', p_by));\n",
        ),
        _with_central_audit(
            "sync_found",
            "    FOR v_t IN SELECT tbl FROM sync_table ORDER BY position DESC LOOP\n",
            "    PERFORM central_audit_record('hall_founded', jsonb_build_object(\n"
            "        'counter', p_client));\n",
        ),
    ]
)

# A command of changes another program committed to a PC's database is refused whole.
_APPLY = central_authority.function_0006("sync_apply_command")
_APPLY_FROM = "BEGIN\n    SELECT coalesce(array_agg(c ->> 'k'), '{}') INTO v_fresh"
if _APPLY.count(_APPLY_FROM) != 1:
    raise AssertionError("sync_apply_command changed")
APPLY_COMMAND = _APPLY.replace(
    _APPLY_FROM,
    "BEGIN\n"
    "    IF coalesce((p_cmd ->> 'outside')::boolean, false) THEN\n"
    "        RAISE EXCEPTION '%', '窗口数据库在本程序之外被改动（如用数据库工具直接修改），'\n"
    "            '中心不接受这些更改' USING ERRCODE = 'SY004';\n"
    "    END IF;\n"
    "    SELECT coalesce(array_agg(c ->> 'k'), '{}') INTO v_fresh",
)

NEW_EPOCH = """
CREATE OR REPLACE FUNCTION sync_new_epoch() RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE v_epoch uuid;
BEGIN
    UPDATE sync_meta SET epoch = gen_random_uuid() WHERE id = 1 RETURNING epoch INTO v_epoch;
    PERFORM central_audit_record('new_epoch', jsonb_build_object('epoch', v_epoch));
    RETURN v_epoch;
END $f$;
"""

DOWNGRADE = (
    "".join(_authority_function(n) for n in ("sync_push", "sync_resolve", "sync_found"))
    + _APPLY
    + """
DROP FUNCTION IF EXISTS sync_new_epoch();
CREATE FUNCTION sync_new_epoch() RETURNS uuid
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    UPDATE sync_meta SET epoch = gen_random_uuid() WHERE id = 1 RETURNING epoch
$f$;
REVOKE ALL ON FUNCTION sync_new_epoch() FROM PUBLIC;
DROP FUNCTION IF EXISTS sync_anchors(text, bigint, integer);
DROP FUNCTION IF EXISTS sync_anchor(text, jsonb);
DROP FUNCTION IF EXISTS sync_client_check(text);
DROP FUNCTION IF EXISTS central_audit_record(text, jsonb);
DROP TABLE IF EXISTS central_audit;
DROP TABLE IF EXISTS audit_anchor;
DROP FUNCTION IF EXISTS sync_append_only();
"""
)
