"""The improvement report's figures as readable HTML for the screen (small tables, overdue in
red, the satisfaction rate beside the period before)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from counter_app.i18n import tr
from counter_app.supervision.reporting.printout import percent
from counter_app.supervision.reporting.views import Count, ReportFigures

RED = "#b00020"
TABLE = '<table cellspacing="0" cellpadding="3" border="1" style="border-collapse:collapse">'


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(
        f'<th style="background:#eeeeee; white-space:nowrap">{escape(h)}</th>' for h in header
    )
    body = "".join(
        "<tr>" + "".join(f'<td style="white-space:nowrap">{cell}</td>' for cell in row) + "</tr>"
        for row in rows
    )
    return f"{TABLE}<tr>{head}</tr>{body}</table>"


def _num(value: int, alarm: bool = False) -> str:
    colour = f' style="color:{RED}; font-weight:bold"' if alarm and value else ""
    return f"<span{colour}>{value}</span>"


def _counts(title: str, counts: Sequence[Count]) -> str:
    rows = [(escape(c.label), _num(c.count)) for c in counts] or [(tr("（无）"), "")]
    return _table((title, tr("数量")), rows)


def _side_by_side(*tables: str) -> str:
    cells = "".join(f'<td valign="top" style="padding-right:12px">{t}</td>' for t in tables)
    return f"<table><tr>{cells}</tr></table>"


def figures_html(f: ReportFigures) -> str:
    """The figures of ``f`` as the screen shows them."""
    levels = [(escape(lv.label), _num(lv.count), str(lv.previous)) for lv in f.levels]
    levels.append((tr("合计"), _num(f.evaluations), str(f.previous_evaluations)))
    levels.append((tr("<b>满意率</b>"), f"<b>{percent(f.satisfaction)}</b>",
                   percent(f.previous_satisfaction)))  # fmt: skip
    previous = escape(tr("上期 {p}", p=f.previous_label))
    items = [
        (str(i.item_number), escape(i.item_name), str(i.due), _num(i.overdue, True))
        for i in f.overdue_items
    ]
    parts = [
        f"<h3>{escape(f.period_label)}（{f.first} 至 {f.last}）</h3>",
        f"<h4>{tr('一、评价情况')}</h4>",
        _table((tr("等级"), tr("本期"), previous), levels),
        f"<h4>{tr('二、差评及整改')}</h4>",
        "<p>"
        + tr(
            "差评 {n} 条；整改超期未办结 {o} 条，逾期办结 {l} 条，申诉成立撤销 {a} 条。",
            n=f.bad_reviews,
            o=_num(f.followups_overdue, True),
            l=_num(f.followups_late, True),
            a=f.annulled,
        )
        + "</p>",
        _counts(tr("整改状态"), f.followups),
        f"<h4>{tr('三、投诉与意见建议')}</h4>",
        "<p>"
        + "，".join(f"{escape(c.label)} {c.count} 件" for c in f.kinds)
        + tr(
            "；投诉超期未办结 {o} 件，逾期答复 {l} 件。",
            o=_num(f.complaints_overdue, True),
            l=_num(f.complaints_late, True),
        )
        + "</p>",
        _side_by_side(
            _counts(tr("原因"), f.causes),
            _counts(tr("结果"), f.results),
            _counts(tr("渠道"), f.channels),
        ),
        f"<h4>{tr('四、超期案件（按事项）')}</h4>",
        _table((tr("序号"), tr("事项"), tr("到期"), tr("超期")), items)
        if items
        else f"<p>{tr('本期无超期案件。')}</p>",
        f"<h4>{tr('五、上期整改措施')}</h4>",
        "<p>"
        + tr("共 {n} 项，已完成 {d} 项。", n=len(f.previous_actions), d=f.previous_done)
        + "</p>",
    ]
    return "".join(parts)
