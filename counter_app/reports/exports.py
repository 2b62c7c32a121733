"""Exports of a period: .xlsx (one sheet per view), .csv (one view), the PDF report, and the
daily report written after the hall closes. Every export is audited; a folder that cannot be
written (missing, read-only, full) is a CounterError naming the path."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.reports.csvfile import write_csv
from counter_app.reports.rules.columns import columns_for, text
from counter_app.reports.rules.daily import daily_file_stem
from counter_app.reports.rules.periods import minutes
from counter_app.reports.rules.views import By, PeriodTable, Series
from counter_app.reports.xlsx import write_xlsx
from printers.pdf.reports.throughput import Chart, DocTable, ThroughputReport, render

VIEWS: tuple[str, ...] = ("window", "staff", "item", "category")


class Figures(Protocol):
    @property
    def hall_name(self) -> str: ...

    def period(
        self,
        actor: Actor,
        start: date,
        end: date,
        by: By | str = ...,
        *,
        compare: bool = ...,
        allow_long: bool = ...,
    ) -> PeriodTable: ...

    def series(self, actor: Actor, start: date, end: date, *, allow_long: bool = ...) -> Series: ...

    def audit(
        self, actor: Actor, action: str, entity_id: str, after: dict[str, object]
    ) -> None: ...

    def local_now(self) -> datetime: ...


def _why(exc: OSError) -> str:
    return {
        errno.ENOSPC: tr("磁盘已满"),
        errno.EDQUOT: tr("磁盘配额已满"),
        errno.EACCES: tr("没有写入权限"),
        errno.EPERM: tr("没有写入权限"),
        errno.EROFS: tr("磁盘只读"),
        errno.ENOENT: tr("文件夹不存在"),
        errno.ENOTDIR: tr("路径不是文件夹"),
    }.get(exc.errno or 0, exc.strerror or str(exc))


@contextmanager
def writing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path``, moved into place when the block ends (whole or
    nothing); an OSError becomes a Chinese message with the path."""
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=".report-", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        yield tmp
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise CounterError(tr("无法写入“{p}”：{why}", p=str(path), why=_why(exc)), "path") from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _period_text(start: date, end: date) -> str:
    return f"{start.isoformat()} 至 {end.isoformat()}"


def export_xlsx(
    figures: Figures,
    actor: Actor,
    start: date,
    end: date,
    path: Path,
    views: Sequence[str] = VIEWS,
    allow_long: bool = False,
) -> Path:
    tables = [
        figures.period(actor, start, end, v, compare=False, allow_long=allow_long) for v in views
    ]
    with writing(path) as tmp:
        write_xlsx(tmp, figures.hall_name, tables, actor.display_name, figures.local_now())
    figures.audit(
        actor,
        "report.export",
        path.name[:64],
        {"path": str(path), "format": "xlsx", "start": start, "end": end, "views": list(views)},
    )
    return path


def export_csv(
    figures: Figures,
    actor: Actor,
    start: date,
    end: date,
    path: Path,
    by: str = "window",
    allow_long: bool = False,
) -> Path:
    table = figures.period(actor, start, end, by, compare=False, allow_long=allow_long)
    with writing(path) as tmp:
        write_csv(tmp, table)
    figures.audit(
        actor,
        "report.export",
        path.name[:64],
        {"path": str(path), "format": "csv", "start": start, "end": end, "views": [by]},
    )
    return path


def export_pdf(
    figures: Figures,
    actor: Actor,
    start: date,
    end: date,
    path: Path,
    views: Sequence[str] = VIEWS,
    allow_long: bool = False,
) -> Path:
    tables = [
        figures.period(actor, start, end, v, compare=False, allow_long=allow_long) for v in views
    ]
    series = figures.series(actor, start, end, allow_long=allow_long)
    report = ThroughputReport(
        hall=figures.hall_name,
        title=tr("窗口服务统计报表"),
        period=_period_text(start, end),
        printed_by=actor.display_name,
        printed_at=figures.local_now(),
        source=tables[0].source.label if tables else "",
        charts=_charts(tables, series),
        tables=tuple(_doc_table(t) for t in tables),
    )
    data = render(report)
    with writing(path) as tmp:
        tmp.write_bytes(data)
    figures.audit(
        actor,
        "report.export",
        path.name[:64],
        {"path": str(path), "format": "pdf", "start": start, "end": end, "views": list(views)},
    )
    return path


def _doc_table(table: PeriodTable) -> DocTable:
    columns = columns_for(table.by)
    return DocTable(
        title=tr("按{v}统计", v=table.by.label),
        header=(table.by.label, *(c.header for c in columns)),
        rows=tuple(
            (row.label, *(text(row, c) for c in columns)) for row in (*table.rows, table.total)
        ),
    )


def _charts(tables: list[PeriodTable], series: Series) -> tuple[Chart, ...]:
    charts: list[Chart] = []
    windows = next((t for t in tables if t.by is By.WINDOW), None)
    shown = [r for r in windows.rows if r.key] if windows is not None else []
    if shown:
        charts.append(
            Chart(
                tr("各窗口服务人次"),
                "bar",
                tuple(r.key for r in shown),
                ((tr("服务人次"), tuple(float(r.tickets_served) for r in shown)),),
            )
        )
    hours = sorted({p.hour for p in series.by_hour})
    if hours:
        per_hour = {h: sum(p.served for p in series.by_hour if p.hour == h) for h in hours}
        charts.append(
            Chart(
                tr("各时段办结人次（全部窗口）"),
                "bar",
                tuple(f"{h}时" for h in hours),
                ((tr("办结人次"), tuple(float(per_hour[h]) for h in hours)),),
            )
        )
    if len(series.by_day) > 1:
        charts.append(
            Chart(
                tr("每日等候时间（分）"),
                "line",
                tuple(p.day.strftime("%m-%d") for p in series.by_day),
                (
                    (tr("中位"), tuple(minutes(p.wait_median_s) or 0.0 for p in series.by_day)),
                    (tr("P90"), tuple(minutes(p.wait_p90_s) or 0.0 for p in series.by_day)),
                ),
            )
        )
    return tuple(charts)


def daily_report(figures: Figures, actor: Actor, day: date, folder: Path) -> tuple[Path, Path]:
    """The day's .xlsx and PDF in ``folder`` (窗口服务统计_YYYY-MM-DD.xlsx / .pdf)."""
    try:
        there = folder.is_dir()
    except OSError as exc:  # a name too long, a device that went away
        raise CounterError(
            tr("无法写入“{p}”：{why}", p=str(folder), why=_why(exc)), "path"
        ) from exc
    if not there:
        raise CounterError(
            tr("无法写入“{p}”：{why}", p=str(folder), why=tr("文件夹不存在")), "path"
        )
    stem = daily_file_stem(day)
    xlsx = export_xlsx(figures, actor, day, day, folder / f"{stem}.xlsx")
    pdf = export_pdf(figures, actor, day, day, folder / f"{stem}.pdf")
    return xlsx, pdf
