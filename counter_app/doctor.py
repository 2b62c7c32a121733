"""A readable health report for the IT staff: database, fonts, printers, versions, and what
will bite the hall soon.

Three levels: [正常]; [注意] works today but needs doing soon (holiday data running out within
60 days, blank settings that notices print, no kiosk PIN, a configured printer that does not
answer); [异常] broken now. ``counter-admin doctor`` exits 1 only for 异常 (warnings: 0).
"""

from __future__ import annotations

import os
import platform
import shutil
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from importlib import metadata
from pathlib import Path

from sqlalchemy import func, select

from counter_app.core.errors import CounterError
from counter_app.hall.calendar import CalendarService
from counter_app.hall.rules.settings import PRINTED_ON_NOTICES, SETTING_LABELS
from counter_app.hall.rules.working_days import library_years
from counter_app.hall.settings import HallService, HallSettings
from counter_app.i18n import tr
from counter_app.printing.service import PrintService
from counter_app.printing.views import PrinterRole, PrinterView
from counter_app.queue import store as queue_store
from counter_app.queue.service import QueueService
from db import migrate
from db.engine import Database, check_reachable, make_engine, safe_url
from db.errors import DatabaseProblem
from db.models.queue import QueueTicket
from printers.errors import PrinterError
from printers.resources import cjk_font_path
from printers.status import query_status
from printers.transports import make_transport, parse_printer_url

HORIZON_DAYS = 60  # warn when the holiday data ends within this many days
PRINTER_TIMEOUT = 2.0  # seconds a printer may take to answer the doctor


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    warn: bool = False  # works now, but needs doing soon ("[注意]"); only with ok=True

    @property
    def level(self) -> str:
        return tr("异常") if not self.ok else tr("注意") if self.warn else tr("正常")


def _warn(name: str, detail: str) -> Check:
    return Check(name, True, detail, warn=True)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return tr("未安装")


def check_database(url: str) -> list[Check]:
    engine = make_engine(url)
    try:
        check_reachable(engine)
        current, head = migrate.current_revision(engine), migrate.head_revision()
        migrate.ensure_known_schema(engine)
    except DatabaseProblem as exc:
        return [Check(tr("数据库"), False, exc.message)]
    finally:
        engine.dispose()
    checks = [Check(tr("数据库"), True, tr("可以连接：{u}", u=safe_url(url)))]
    if current == head:
        checks.append(Check(tr("数据库结构"), True, tr("最新（{v}）", v=head)))
    else:
        detail = tr("当前 {c}，程序需要 {h}；运行 counter-admin db upgrade", c=current, h=head)
        checks.append(Check(tr("数据库结构"), False, detail))
    return checks


def check_fonts() -> list[Check]:
    path = cjk_font_path()
    if not path.exists():
        return [Check(tr("中文字体"), False, tr("缺少 {p}，界面和打印会出现方框", p=path))]
    from reportlab.pdfbase import pdfmetrics

    from printers.pdf.fonts import ensure_font

    font = pdfmetrics.getFont(ensure_font())
    missing = [ch for ch in "受理通知书￥0123456789ABC" if ord(ch) not in font.face.charToGlyph]
    if missing:
        return [Check(tr("中文字体"), False, tr("字体缺少字符：{m}", m="".join(missing)))]
    return [Check(tr("中文字体"), True, str(path))]


def check_holidays(
    today: date, library: Iterable[int], complete: Iterable[int], entered: Counter[int]
) -> Check:
    """Until when deadlines can be computed: a year is known when the holiday library has
    it or the administrator marked it complete."""
    name, known = tr("节假日数据"), set(library) | set(complete)
    todo = tr(
        "在 管理 → 节假日 粘贴国务院办公厅的节假日安排通知（或 counter-admin calendar import"
        " 通知.txt），或逐日录入放假和调休再标记该年完整录入，或升级 chinesecalendar"
    )
    if today.year not in known:
        detail = tr("{y} 年尚无节假日数据，期限无法计算；请{t}", y=today.year, t=todo)
        return Check(name, False, detail)
    year = today.year
    while year + 1 in known:
        year += 1
    last = date(year, 12, 31)
    left = (last - today).days
    if left >= HORIZON_DAYS:
        return Check(name, True, tr("已知到 {d}", d=last.isoformat()))
    nxt = year + 1
    return _warn(
        name,
        tr(
            "只到 {d}（还有 {n} 天），跨年的办理期限将无法计算；{y} 年已录入 {e} 天调整、"
            "尚未标记完整。请{t}",
            d=last.isoformat(),
            n=left,
            y=nxt,
            e=entered.get(nxt, 0),
            t=todo,
        ),
    )


def check_hall_settings(settings: HallSettings, set_up: bool) -> Check:
    name = tr("大厅设置")
    if not set_up:
        return _warn(name, tr("尚未完成初始设置：运行 counter-admin hall setup，或启动程序完成"))
    blank = [SETTING_LABELS[key] for key in PRINTED_ON_NOTICES if not getattr(settings, key)]
    if blank:
        return _warn(
            name,
            tr(
                "文书会打印但尚未填写：{b}；用 counter-admin hall set 填写"
                "（或 管理 → 大厅设置与审计）",
                b="、".join(blank),
            ),
        )
    return Check(
        name, True, tr("{n}（{c}），文书所需各项已填写", n=settings.hall_name, c=settings.hall_code)
    )


def kiosk_pin_set(queue: QueueService) -> bool:
    """Whether the kiosk's exit PIN is set (checking with an empty PIN, which never matches,
    raises only when there is none)."""
    try:
        queue.check_kiosk_pin("")
    except CounterError:
        return False
    return True


def kiosk_tickets(database: Database) -> int:
    """Tickets the kiosks have issued on this database: the only record of kiosks there is."""
    with database.read() as session:
        count = select(func.count()).where(QueueTicket.issued_by == queue_store.KIOSK)
        return int(session.scalar(count) or 0)


def check_kiosk(has_pin: bool, tickets: int) -> Check:
    name = tr("自助机退出密码")
    if has_pin:
        return Check(name, True, tr("已设置"))
    seen = tr("自助机已出号 {n} 张；", n=tickets) if tickets else tr("若大厅使用自助机，")
    return _warn(
        name,
        seen
        + tr(
            "未设置退出密码，工作人员无法退出自助机：在“管理 → 排队与自助机 → 自助机退出密码”"
            "设置，或 counter-admin kiosk pin --stdin"
        ),
    )


def probe_printer(printer: PrinterView, timeout: float = PRINTER_TIMEOUT) -> str | None:
    """None when the printer can be opened (and a receipt printer reports itself ready);
    else what is wrong. Nothing is printed; a file target is not opened (it would be emptied)."""
    try:
        config = parse_printer_url(printer.url)
        if config.scheme == "file":
            folder = Path(config.path).parent
            if folder.is_dir() and os.access(folder, os.W_OK):
                return None
            return tr("无法写入目录 {d}", d=folder)
        transport = make_transport(replace(config, timeout=min(config.timeout, timeout)))
        transport.open()
        try:
            if printer.role == PrinterRole.RECEIPT:
                status = query_status(transport, min(0.5, timeout))
                if status is not None and not status.ready:
                    return status.summary
        finally:
            transport.close()
    except PrinterError as exc:
        return exc.message
    except Exception as exc:  # a driver's surprise must not stop the report
        return str(exc) or type(exc).__name__
    return None


def check_printers(printers: list[PrinterView], timeout: float = PRINTER_TIMEOUT) -> list[Check]:
    """Each enabled printer of this PC, probed in its own thread: the report never hangs."""
    if not printers:
        spooler = shutil.which("lp") or shutil.which("lpr")
        detail = (
            tr("系统打印服务：{s}", s=spooler) if spooler else tr("未发现系统打印服务（lp/lpr）")
        )
        return [Check(tr("打印机"), True, detail + tr("；本机尚未配置票据或标签打印机"))]
    results: dict[int, str | None] = {}

    def probe(index: int, printer: PrinterView) -> None:
        results[index] = probe_printer(printer, timeout)

    threads = [
        threading.Thread(target=probe, args=(i, p), daemon=True)
        for i, p in enumerate(printers)
        if p.enabled
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout + 1.0)
    checks = []
    for i, p in enumerate(printers):
        name = tr("打印机 {n}", n=p.name)
        if not p.enabled:
            checks.append(Check(name, True, tr("{r}，已停用", r=p.role_label)))
        elif i not in results:
            checks.append(_warn(name, tr("{u} 在 {s} 秒内没有应答", u=p.url, s=f"{timeout:g}")))
        elif results[i] is not None:
            checks.append(_warn(name, tr("{u}：{m}", u=p.url, m=results[i])))
        else:
            checks.append(Check(name, True, tr("{r}，可以连接：{u}", r=p.role_label, u=p.url)))
    return checks


def check_hall(url: str, today: date) -> list[Check]:
    """What will bite the hall soon, read from a database already known to be current."""
    database = Database(make_engine(url))
    try:
        hall, calendar = HallService(database), CalendarService(database)
        entered = Counter(o.day.year for o in calendar.overrides())
        checks = [
            check_holidays(today, library_years(), calendar.complete_years(), entered),
            check_hall_settings(hall.settings(), hall.is_set_up()),
            check_kiosk(kiosk_pin_set(QueueService(database)), kiosk_tickets(database)),
        ]
        return checks + check_printers(PrintService(database).printers())
    finally:
        database.dispose()


def check_versions() -> list[Check]:
    parts = [
        f"ip-counter {_version('ip-counter')}",
        f"Python {platform.python_version()}",
        f"PySide6 {_version('PySide6-Essentials')}",
        f"SQLAlchemy {_version('SQLAlchemy')}",
        f"reportlab {_version('reportlab')}",
    ]
    return [Check(tr("版本"), True, "，".join(parts))]


def run_checks(url: str, today: date | None = None) -> list[Check]:
    """``today``: the day the holiday horizon is measured from (tests and planning fix it)."""
    checks = check_database(url)
    if all(c.ok for c in checks):
        checks += check_hall(url, today or date.today())
    else:
        checks.append(_warn(tr("打印机"), tr("数据库不可用，未能读取和检查本机的打印机")))
    return checks + check_fonts() + check_versions()


def format_report(checks: list[Check]) -> str:
    lines = [f"[{c.level}] {c.name}：{c.detail}" for c in checks]
    bad = sum(not c.ok for c in checks)
    warned = sum(c.ok and c.warn for c in checks)
    lines.append(tr("共 {n} 项检查，{b} 项异常，{w} 项需注意", n=len(checks), b=bad, w=warned))
    return "\n".join(lines)
