"""The public intake on the central (migration 0012): what a kiosk's or a rating screen's
account may push.

Kiosks and rating screens stand in the hall, within any visitor's reach, so their central
accounts (kind ``kiosk``) may call ``sync_push`` for one purpose only: to add new evaluations,
complaints and survey answers. Every other write through the sync by such an account, and
every update or delete, is refused by a statement trigger on each shared table (SQLSTATE
SY004: ``sync_push`` records a security event and answers ``refused``). Display accounts push
nothing at all.

An evaluation from such an account must rate a service that happened: its ticket exists on the
central, is finished, and the window, the staff member and the one-per-service key are the
ticket's. And since a kiosk issues tickets with direct table rights, its new tickets must be
waiting ones (nobody called, nothing served) and its log lines issues: it cannot make up the
finished service it would then rate. A script holding a kiosk's password cannot rate a member
of staff for a service they never gave, nor rate one service twice (``service_key`` is unique).
"""

from __future__ import annotations

INTAKE_TABLES = ("evaluation", "complaint", "survey_answer")
PUBLIC_KINDS = ("kiosk", "display")
# name, primary key type, direction; positions follow login_event's (21).
NEW_TABLES = (
    "evaluation",
    "evaluation_followup",
    "supervision_step",
    "complaint",
    "training_record",
    "staff_merit",
    "improvement_report",
    "improvement_action",
    "survey",
    "survey_answer",
    "integrity_record",
)
_PUBLIC = "^(" + "|".join(PUBLIC_KINDS) + ")_"
_INTAKE = ", ".join(f"'{t}'" for t in INTAKE_TABLES)


def _rows() -> str:
    return "\n".join(
        "INSERT INTO sync_table (tbl, position, pk, pk_type, direction, local_columns) "
        f"VALUES ('{name}', {22 + i}, 'id', 'uuid', 'both', '{{}}');"
        for i, name in enumerate(NEW_TABLES)
    )


UPGRADE = f"""
{_rows()}
CREATE FUNCTION sync_intake_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $f$
BEGIN
    IF session_user ~ '{_PUBLIC}'
            AND (TG_OP <> 'INSERT' OR TG_TABLE_NAME NOT IN ({_INTAKE})) THEN
        RAISE EXCEPTION '%', format(
            '账号 %s 只能新增评价、投诉咨询和问卷答卷，不能%s %s',
            session_user,
            CASE TG_OP WHEN 'INSERT' THEN '新增' WHEN 'UPDATE' THEN '修改' ELSE '删除' END,
            TG_TABLE_NAME) USING ERRCODE = 'SY004';
    END IF;
    RETURN NULL;
END $f$;
DO $$
DECLARE v_t text;
BEGIN
    FOR v_t IN SELECT tbl FROM sync_table LOOP
        EXECUTE format(
            'CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION sync_intake_guard()',
            v_t || '_intake_guard', v_t);
    END LOOP;
END $$;

CREATE FUNCTION evaluation_rates_a_service() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE v_t record;
BEGIN
    IF session_user !~ '{_PUBLIC}' THEN
        RETURN NEW;
    END IF;
    SELECT id, state, window_no, called_by, business_date INTO v_t
        FROM queue_ticket WHERE id = NEW.ticket_id;
    IF NOT FOUND OR v_t.state <> 'done'
            OR NEW.service_key IS DISTINCT FROM 't:' || v_t.id::text
            OR NEW.window_no IS DISTINCT FROM v_t.window_no
            OR NEW.staff IS DISTINCT FROM v_t.called_by
            OR NEW.business_date IS DISTINCT FROM v_t.business_date
            OR NEW.source NOT IN ('screen', 'keypad', 'kiosk') THEN
        RAISE EXCEPTION '%', format(
            '账号 %s 提交的评价不对应一次已办结的服务（号票 %s）',
            session_user, coalesce(NEW.ticket_number, '')) USING ERRCODE = 'SY004';
    END IF;
    RETURN NEW;
END $f$;
CREATE TRIGGER evaluation_rates_a_service BEFORE INSERT ON evaluation
    FOR EACH ROW EXECUTE FUNCTION evaluation_rates_a_service();

-- A kiosk issues tickets: a new ticket waits, called by nobody, served nowhere; its log lines
-- say it was issued (or its slip not printed). Otherwise a kiosk's password could make up a
-- finished service and then rate it.
CREATE FUNCTION queue_kiosk_issues_only() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
BEGIN
    IF session_user !~ '^kiosk_' THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'queue_event' THEN
        IF NEW.kind NOT IN ('issue', 'print_failed') THEN
            RAISE EXCEPTION '账号 % 只能记录发号', session_user USING ERRCODE = 'SY004';
        END IF;
    ELSIF NEW.state NOT IN ('waiting', 'print_failed')
            OR NEW.window_no <> '' OR NEW.called_by <> '' OR NEW.first_called_at IS NOT NULL
            OR NEW.called_at IS NOT NULL OR NEW.service_started_at IS NOT NULL
            OR NEW.finished_at IS NOT NULL THEN
        RAISE EXCEPTION '账号 % 只能发放新号票', session_user USING ERRCODE = 'SY004';
    END IF;
    RETURN NEW;
END $f$;
CREATE TRIGGER queue_ticket_kiosk_issues_only BEFORE INSERT ON queue_ticket
    FOR EACH ROW EXECUTE FUNCTION queue_kiosk_issues_only();
CREATE TRIGGER queue_event_kiosk_issues_only BEFORE INSERT ON queue_event
    FOR EACH ROW EXECUTE FUNCTION queue_kiosk_issues_only();

-- Accounts granted before this version: kiosks may now push their intake, supervisors and
-- administrators read the new shared tables.
DO $$
DECLARE v_r text; v_t text;
BEGIN
    FOR v_r IN SELECT rolname FROM pg_roles WHERE rolname ~ '^kiosk_' LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION sync_push(text, jsonb) TO %I', v_r);
    END LOOP;
    FOR v_r IN SELECT rolname FROM pg_roles WHERE rolname ~ '^(supervisor|admin)_' LOOP
        FOREACH v_t IN ARRAY ARRAY[{", ".join(f"'{t}'" for t in NEW_TABLES)}] LOOP
            EXECUTE format('GRANT SELECT ON TABLE %I TO %I', v_t, v_r);
        END LOOP;
    END LOOP;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'grants not updated: run sync grant again for kiosks and supervisors';
END $$;
"""

DOWNGRADE = f"""
DROP TRIGGER IF EXISTS queue_ticket_kiosk_issues_only ON queue_ticket;
DROP TRIGGER IF EXISTS queue_event_kiosk_issues_only ON queue_event;
DROP FUNCTION IF EXISTS queue_kiosk_issues_only();
DROP TRIGGER IF EXISTS evaluation_rates_a_service ON evaluation;
DROP FUNCTION IF EXISTS evaluation_rates_a_service();
DO $$
DECLARE v_t text;
BEGIN
    FOR v_t IN SELECT tbl FROM sync_table LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', v_t || '_intake_guard', v_t);
    END LOOP;
END $$;
DROP FUNCTION IF EXISTS sync_intake_guard();
DELETE FROM sync_row WHERE tbl IN ({", ".join(f"'{t}'" for t in NEW_TABLES)});
DELETE FROM sync_table WHERE tbl IN ({", ".join(f"'{t}'" for t in NEW_TABLES)});
"""
