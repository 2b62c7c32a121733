"""HTML for an item's guide (办事指南) and the information pages, from plain view objects.
What an applicant reads: an item's 待核实 marks (``to_confirm``) are never shown here."""

from __future__ import annotations

from html import escape

from counter_app.hall.info import InfoView
from counter_app.hall.rules.catalog import APPLICANT_TYPES, ItemView
from counter_app.hall.rules.legal import LegalKind, legal_kind_of
from counter_app.i18n import tr

GENERAL_PROCESS = tr(
    "取号 → 窗口受理（材料齐全的当场出具受理通知书，不齐全的一次性告知）→ 审批 → "
    "送达（窗口领取或邮寄）"
)
NOT_SET = tr("（本厅尚未公布，请咨询窗口工作人员）")


def _or_not_set(text: str) -> str:
    return escape(text) if text.strip() else f"<span style='color:#777'>{NOT_SET}</span>"


def _lines(text: str) -> str:
    """Text kept line by line (process steps, one legal basis a line)."""
    return "<br>".join(escape(line) for line in text.strip().splitlines() if line.strip())


def _list(entries: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{escape(e)}</li>" for e in entries) + "</ul>"


def _section(title: str, body: str) -> str:
    return f"<h3 style='margin-bottom:4px'>{escape(title)}</h3><div>{body}</div>"


def _materials(item: ItemView) -> str:
    if not item.content.materials:
        return _or_not_set("")
    rows = []
    for index, m in enumerate(item.content.materials, start=1):
        kind = tr("原件") if m.original else tr("复印件")
        need = (
            f"<br><span style='color:#555'>{escape(m.requirement)}</span>" if m.requirement else ""
        )
        rows.append(
            f"<tr><td>{index}</td><td>{escape(m.name)}{need}</td>"
            f"<td>{kind}</td><td>{m.copies}</td></tr>"
        )
    head = tr("<tr><th>序号</th><th>材料名称及要求</th><th>原件/复印件</th><th>份数</th></tr>")
    table = "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
    return f"{table}{head}{''.join(rows)}</table>"


def _fees(item: ItemView) -> str:
    if not item.content.fees and not item.content.fee_reductions:
        return _or_not_set("")
    lines = []
    for fee in item.content.fees:
        amount = tr("{a} 元", a=fee.amount) if fee.amount is not None else tr("金额待定")
        note = f"（{escape(fee.note)}）" if fee.note else ""
        lines.append(f"<li>{escape(fee.name)}：{amount}{note}</li>")
    reductions = (
        f"<p>{escape(item.content.fee_reductions)}</p>" if item.content.fee_reductions else ""
    )
    return f"<ul>{''.join(lines)}</ul>{reductions}"


def _promises(item: ItemView) -> bool:
    """Whether the item's time is a promise to finish: a licence, a registration or filing;
    a complaint, mediation, ruling, referral or service states its own period instead."""
    kind = legal_kind_of(item.number, item.content.legal_kind)
    return kind in (LegalKind.LICENSING, LegalKind.CONFIRMATION)


def _time_limit(item: ItemView) -> str:
    """Promised working days and their note; for an item that promises none, when it has one,
    its period to decide on acceptance or to handle the matter (handling_note)."""
    if not _promises(item) and item.content.handling_note.strip():
        return escape(item.content.handling_note)
    parts = []
    if item.content.time_limit_days:
        parts.append(
            tr("{d} 个工作日（受理当日不计，补正等待期间不计）", d=item.content.time_limit_days)
        )
    if item.content.time_limit_note:
        parts.append(escape(item.content.time_limit_note))
    return "<br>".join(parts) if parts else _or_not_set("")


def item_guide_html(item: ItemView) -> str:
    c = item.content
    applicants = "、".join(APPLICANT_TYPES.get(t, t) for t in c.applicant_types)
    process = _lines(c.process) if c.process.strip() else escape(GENERAL_PROCESS)
    kind = legal_kind_of(item.number, c.legal_kind)
    time_title = tr("承诺时限") if _promises(item) else tr("办理期限")
    body = [
        f"<h2>{escape(item.code)}　{escape(c.name)}</h2>",
        f"<p style='color:#555'>{escape(c.category.label)}　·　{escape(kind.label)}　·　"
        + tr("第 {v} 版", v=item.version)
        + "</p>",
        _section(tr("办理机关"), _or_not_set(c.authority)),
        _section(tr("申请人"), _or_not_set(applicants)),
        _section(tr("申请材料"), _materials(item)),
        _section(time_title, _time_limit(item)),
        _section(tr("收费标准"), _fees(item)),
        _section(tr("办理流程"), process),
        _section(tr("设定依据"), _lines(c.legal_basis) or _or_not_set("")),
    ]
    if c.rejection_reasons:
        body.append(_section(tr("不予受理的常见情形"), _list(c.rejection_reasons)))
    if c.guide.strip():
        body.append(_section(tr("办事须知"), escape(c.guide).replace("\n", "<br>")))
    return "".join(body)


def info_entries_html(title: str, entries: list[InfoView]) -> str:
    if not entries:
        empty = tr("暂无内容，管理员可在“管理”中发布。")
        return f"<h2>{escape(title)}</h2><p style='color:#777'>{empty}</p>"
    items = []
    for entry in entries:
        link = f"<br><a href='{escape(entry.url)}'>{escape(entry.url)}</a>" if entry.url else ""
        body = escape(entry.body).replace("\n", "<br>")
        items.append(f"<h3>{escape(entry.title)}</h3><div>{body}{link}</div>")
    return f"<h2>{escape(title)}</h2>{''.join(items)}"
