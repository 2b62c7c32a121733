"""The improvement report's figures as the sections of the printed report (words chosen here;
the renderer in printers/pdf/supervision only lays them out)."""

from __future__ import annotations

from datetime import datetime

from counter_app.cases.documents import hall_info
from counter_app.hall.settings import HallSettings
from counter_app.i18n import tr
from counter_app.supervision.reporting.views import ActionView, Count, ReportFigures
from printers.pdf.supervision.improvement_report import (
    BarChart,
    ReportSection,
    ReportTable,
    SupervisionReport,
)

TITLE = tr("服务改进报告")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _counts(header: str, counts: tuple[Count, ...], caption: str = "") -> ReportTable:
    rows = tuple((c.label, str(c.count)) for c in counts)
    return ReportTable((header, tr("数量")), rows, (0.3, 0.15), ("", "right"), caption)


def _evaluations(f: ReportFigures) -> ReportSection:
    rows = tuple((lv.label, str(lv.count), str(lv.previous)) for lv in f.levels)
    rows += ((tr("合计"), str(f.evaluations), str(f.previous_evaluations)),)
    rows += ((tr("满意率"), percent(f.satisfaction), percent(f.previous_satisfaction)),)
    table = ReportTable(
        (tr("评价等级"), tr("本期"), tr("上期（{p}）", p=f.previous_label)),
        rows,
        (0.3, 0.2, 0.3),
        ("", "right", "right"),
    )
    line = tr(
        "本期共收到评价 {n} 条，满意率（非常满意与满意之和占比）{r}，上期 {p}。",
        n=f.evaluations,
        r=percent(f.satisfaction),
        p=percent(f.previous_satisfaction),
    )
    sources = tuple(c for c in f.sources if c.count)
    chart = BarChart(
        tr("各等级评价数量（本期与上期）"),
        tuple(lv.label for lv in f.levels),
        (
            (tr("本期"), tuple(lv.count for lv in f.levels)),
            (tr("上期"), tuple(lv.previous for lv in f.levels)),
        ),
    )
    tables = (table, _counts(tr("评价来源"), sources)) if sources else (table,)
    return ReportSection(tr("评价情况"), (line,), tables, chart)


def _bad_reviews(f: ReportFigures) -> ReportSection:
    line = tr(
        "本期差评（不满意、非常不满意）{n} 条；整改超期未办结 {o} 条，逾期办结 {l} 条，"
        "经申诉核实为误评或恶意评价而撤销 {a} 条。",
        n=f.bad_reviews,
        o=f.followups_overdue,
        l=f.followups_late,
        a=f.annulled,
    )
    return ReportSection(tr("差评及整改情况"), (line,), (_counts(tr("整改状态"), f.followups),))


def _complaints(f: ReportFigures) -> ReportSection:
    kinds = "，".join(f"{c.label} {c.count} 件" for c in f.kinds)
    line = tr(
        "本期收到{k}。投诉超期未办结 {o} 件，逾期答复 {l} 件。",
        k=kinds,
        o=f.complaints_overdue,
        l=f.complaints_late,
    )
    tables = (
        _counts(tr("投诉原因"), f.causes),
        _counts(tr("处理结果"), f.results),
        _counts(tr("投诉渠道"), f.channels),
    )
    return ReportSection(tr("投诉与意见建议"), (line,), tables, side_by_side=True)


def _overdue(f: ReportFigures) -> ReportSection:
    rows = tuple(
        (str(i.item_number), i.item_name, str(i.due), str(i.overdue)) for i in f.overdue_items
    )
    table = ReportTable(
        (tr("序号"), tr("事项"), tr("本期到期"), tr("超期")),
        rows,
        (0.1, 0.56, 0.17, 0.17),
        ("center", "", "right", "right"),
        empty=tr("本期无超期案件。"),
    )
    line = tr(
        "承诺办结日在本期内的案件中，逾期办结或仍未办结的共 {n} 件（按事项统计，"
        "一件多事项的案件在各事项下分别计入）。",
        n=f.overdue_cases,
    )
    return ReportSection(tr("超期案件"), (line,), (table,))


def _actions_table(actions: tuple[ActionView, ...], empty: str, result: bool) -> ReportTable:
    rows = tuple(
        (
            str(i),
            a.text,
            a.owner,
            str(a.due_date or "—"),
            a.state_label,
            *((a.result or "—",) if result else ()),
        )
        for i, a in enumerate(actions, start=1)
    )
    header: tuple[str, ...] = (tr("序号"), tr("整改措施"), tr("责任人"), tr("完成期限"), tr("状态"))
    widths: tuple[float, ...] = (0.08, 0.5, 0.14, 0.16, 0.12)
    aligns: tuple[str, ...] = ("center", "", "", "center", "center")
    if result:
        header += (tr("完成情况"),)
        widths, aligns = (0.07, 0.33, 0.12, 0.14, 0.1, 0.24), (*aligns, "")
    return ReportTable(header, rows, widths, aligns, empty=empty)


def sections(f: ReportFigures) -> tuple[ReportSection, ...]:
    done = tr(
        "上期（{p}）整改措施 {n} 项，已完成 {d} 项。",
        p=f.previous_label,
        n=len(f.previous_actions),
        d=f.previous_done,
    )
    previous = _actions_table(f.previous_actions, tr("上期无整改措施。"), True)
    analysis = f.analysis.strip() or tr("（尚未填写）")
    author = (tr("分析人：{a}", a=f.author),) if f.author and f.analysis.strip() else ()
    return (
        _evaluations(f),
        _bad_reviews(f),
        _complaints(f),
        _overdue(f),
        ReportSection(tr("上期整改措施落实情况"), (done,), (previous,)),
        ReportSection(tr("原因分析"), (*analysis.splitlines(), *author)),
        ReportSection(
            tr("整改措施"), (), (_actions_table(f.actions, tr("尚未制定整改措施。"), False),)
        ),
    )


def report_document(
    f: ReportFigures, settings: HallSettings, printed_by: str, printed_at: datetime
) -> SupervisionReport:
    number = f"{settings.hall_code or 'HALL'}-GJ-{f.period}"
    return SupervisionReport(
        hall=hall_info(settings),
        number=number,
        qr_payload=number,
        issued_on=printed_at.date(),
        title=TITLE,
        subtitle=tr("{p}（{a} 至 {b}）", p=f.period_label, a=f.first, b=f.last),
        sections=sections(f),
        printed_by=printed_by,
        printed_at=printed_at,
    )
