"""Least privilege on the central (migration 0010).

- ``sync_pull`` answers an account for its own counter code only, and hands a kiosk's or a
  hall display's account only the hall's reference data (hall settings, catalogue, bundles,
  information pages, holidays): a kiosk issues tickets and shows guides, a board shows calls;
  neither needs cases, applicants or staff (password hashes). A counter's account gets all
  that is shared: its PC works offline on the hall's cases.
- The queue lives on the central and is worked with direct table rights (one round trip per
  call; see docs/decisions/0009). Those rights are narrowed by kind (roles.py) and guarded
  here: an account that is not an administrator's changes one queue row per statement (the app
  never changes more), so ``UPDATE queue_ticket SET state = 'done'`` on every row is refused;
  the queue's log lines are never updated or deleted by anyone but the owner.
"""

from __future__ import annotations

from db.sync import central_authority

REFERENCE_TABLES = (
    "setting",
    "catalog_item",
    "catalog_item_version",
    "bundle",
    "info_entry",
    "holiday_override",
    "holiday_year",
)
LIMITED_KINDS = ("kiosk", "display")
QUEUE_GUARDED = ("queue_ticket", "queue_window", "queue_counter", "queue_category")

_PULL = central_authority.function_0006("sync_pull")
_FILTER = (
    "                FILTER (WHERE p_all OR origin IS DISTINCT FROM p_client), '[]'::jsonb),\n"
)
if _PULL.count(_FILTER) != 1:
    raise AssertionError("sync_pull changed")
_BEGIN = "BEGIN\n    -- A page never ends inside a group of rows sharing one server_seq.\n"
if _PULL.count(_BEGIN) != 1:
    raise AssertionError("sync_pull changed")
# A counter's account pulls as its own counter only (its own rows are skipped by origin).
# Filtered in the page's rows, not in its bounds: the cursor still moves past what is withheld.
PULL = _PULL.replace(
    _BEGIN, "BEGIN\n    PERFORM sync_client_check(p_client);\n" + _BEGIN[6:]
).replace(
    _FILTER,
    "                FILTER (WHERE (p_all OR origin IS DISTINCT FROM p_client)\n"
    "                    AND (NOT (session_user ~ '^({kinds})_') OR tbl IN ({tables}))),\n"
    "                '[]'::jsonb),\n".format(
        kinds="|".join(LIMITED_KINDS), tables=", ".join(f"'{t}'" for t in REFERENCE_TABLES)
    ),
)

GUARD = f"""
CREATE FUNCTION queue_one_row_at_a_time() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
BEGIN
    IF (SELECT count(*) FROM changed) > 1 AND NOT sync_is_admin() THEN
        RAISE EXCEPTION '账号 % 一次只能改动一行排队数据（%）', session_user, TG_TABLE_NAME
            USING ERRCODE = 'SY006';
    END IF;
    RETURN NULL;
END $f$;
{
    "".join(
        f'''CREATE TRIGGER {table}_one_row AFTER UPDATE ON {table}
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION queue_one_row_at_a_time();
'''
        for table in QUEUE_GUARDED
    )
}
CREATE FUNCTION queue_log_append_only() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
BEGIN
    IF NOT sync_is_admin() THEN
        RAISE EXCEPTION '排队记录只能追加' USING ERRCODE = 'SY005';
    END IF;
    RETURN NULL;
END $f$;
CREATE TRIGGER queue_event_append_only BEFORE UPDATE OR DELETE ON queue_event
    FOR EACH STATEMENT EXECUTE FUNCTION queue_log_append_only();
"""

DOWNGRADE = (
    _PULL
    + "".join(f"DROP TRIGGER IF EXISTS {t}_one_row ON {t};\n" for t in QUEUE_GUARDED)
    + """
DROP TRIGGER IF EXISTS queue_event_append_only ON queue_event;
DROP FUNCTION IF EXISTS queue_log_append_only();
DROP FUNCTION IF EXISTS queue_one_row_at_a_time();
"""
)
