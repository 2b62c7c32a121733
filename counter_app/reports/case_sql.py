"""The cases', evaluations' and complaints' figures for a period, one statement per view.

- 受理 received: cases with ``received_on`` in the period (refusals at the window included).
- 准予 approved / 不予许可 refused: decisions of kind approve / rejected made in the period
  (the local day of ``decided_at``); on time when that day is on or before the case's
  promised date (decisions on cases without a promised date are not in the rate).
- 送达 delivered: pickups collected (local day of ``collected_at``) and mail delivered
  (``delivered_on``) in the period.
- 评价: ratings in the period from every source but the hall's self-evaluation; a bad review
  annulled on appeal (follow-up state ``annulled``) no longer counts. Satisfied: levels 4, 5.
- 投诉: complaints (kind complaint) received in the period; upheld ones apart.

A case belongs to a window and a category through its ticket (none: key ''), to staff by who
received, decided or handed it over, to every item it holds. The totals row (``*``) counts
each case once.
"""

from __future__ import annotations

from counter_app.reports.dialect import Dialect
from counter_app.reports.rules.views import TOTAL_KEY, By

CASE_KEYS = {
    By.WINDOW: "qt.window_no",
    By.CATEGORY: "qt.category_code",
    By.ITEM: "ci.item_number",
}
ITEM_JOIN = " JOIN case_item ci ON ci.case_id = c.id"
TICKET_JOIN = " LEFT JOIN queue_ticket qt ON qt.id = c.ticket_id"


def _family(d: Dialect, m: str, base: str, item_join: str, key: str, aggs: str, where: str) -> str:
    keyed = base + (item_join if item_join else "")
    text_key = f"COALESCE({d.as_text(key)}, '')"
    rows = (
        f"SELECT {text_key} AS k, '{m}' AS m, {aggs} FROM {keyed} WHERE {where} GROUP BY {text_key}"
    )
    if item_join:  # a case holds several items: the total counts it once, from the cases
        return f"{rows}\nUNION ALL\nSELECT '{TOTAL_KEY}', '{m}', {aggs} FROM {base} WHERE {where}"
    # Each row has one key: the total is the sum of the keyed rows (one scan, not two).
    return (
        f"SELECT * FROM (WITH f (k, m, a, b, c, e) AS MATERIALIZED ({rows}) SELECT * FROM f "
        f"UNION ALL SELECT '{TOTAL_KEY}', '{m}', SUM(a), SUM(b), SUM(c), SUM(e) FROM f) fam_{m}"
    )


def cases_sql(d: Dialect, by: By) -> str:
    """Rows (k, m, a, b, c, e): m 'r' received a; 'd' decisions a approved, b refused,
    c with a promised date, e on time; 'l' delivered a; 'v' evaluations a, b satisfied;
    'p' complaints a, b upheld. Parameters d0, d1 (dates), t0, t1 (UTC bounds)."""
    item = ITEM_JOIN if by is By.ITEM else ""
    cases = "cases c" + (TICKET_JOIN if by in (By.WINDOW, By.CATEGORY) else "")
    day = d.local_day("cd.decided_at")
    parts = [
        _family(
            d,
            "r",
            cases,
            item,
            "c.received_by" if by is By.STAFF else CASE_KEYS[by],
            "COUNT(*), 0, 0, 0",
            "c.received_on BETWEEN :d0 AND :d1 AND NOT c.deleted",
        ),
        _family(
            d,
            "d",
            "case_decision cd JOIN " + cases.replace("cases c", "cases c ON c.id = cd.case_id", 1),
            item,
            "cd.decided_by" if by is By.STAFF else CASE_KEYS[by],
            "SUM(CASE WHEN cd.kind = 'approve' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN cd.kind = 'rejected' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN c.promised_on IS NOT NULL THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN {day} <= c.promised_on THEN 1 ELSE 0 END)",
            "cd.kind IN ('approve', 'rejected') AND cd.decided_at >= :t0 AND cd.decided_at < :t1"
            " AND NOT c.deleted",
        ),
        _family(
            d,
            "l",
            "delivery dl JOIN " + cases.replace("cases c", "cases c ON c.id = dl.case_id", 1),
            item,
            "dl.created_by" if by is By.STAFF else CASE_KEYS[by],
            "COUNT(*), 0, 0, 0",
            "NOT dl.deleted AND NOT c.deleted AND ((dl.state = 'collected' AND "
            "dl.collected_at >= :t0 AND dl.collected_at < :t1) OR (dl.state = 'delivered' "
            "AND dl.delivered_on BETWEEN :d0 AND :d1))",
        ),
        _family(
            d,
            "v",
            "evaluation e LEFT JOIN evaluation_followup f ON f.evaluation_id = e.id "
            "AND NOT f.deleted"
            + (" LEFT JOIN queue_ticket qt ON qt.id = e.ticket_id" if by is By.CATEGORY else ""),
            "",
            {
                By.WINDOW: "e.window_no",
                By.STAFF: "e.staff",
                By.ITEM: "e.item_no",
                By.CATEGORY: "qt.category_code",
            }[by],
            "COUNT(*), SUM(CASE WHEN e.level >= 4 THEN 1 ELSE 0 END), 0, 0",
            "e.business_date BETWEEN :d0 AND :d1 AND NOT e.deleted AND e.source <> 'self' "
            "AND COALESCE(f.state, '') <> 'annulled'",
        ),
        _family(
            d,
            "p",
            "complaint p",
            "",
            {
                By.WINDOW: "p.about_window",
                By.STAFF: "p.about_staff",
                By.ITEM: "p.about_item",
                By.CATEGORY: "''",
            }[by],
            "COUNT(*), SUM(CASE WHEN p.upheld THEN 1 ELSE 0 END), 0, 0",
            "p.kind = 'complaint' AND p.business_date BETWEEN :d0 AND :d1 AND NOT p.deleted",
        ),
    ]
    return "\nUNION ALL\n".join(parts)
