"""A readable health report for the IT staff: database, fonts, printers, versions."""

from __future__ import annotations

import platform
import shutil
from dataclasses import dataclass
from importlib import metadata

from counter_app.i18n import tr
from db import migrate
from db.engine import check_reachable, make_engine, safe_url
from db.errors import DatabaseProblem
from printers.resources import cjk_font_path


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


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


def check_printers() -> list[Check]:
    spooler = shutil.which("lp") or shutil.which("lpr")
    detail = tr("系统打印服务：{s}", s=spooler) if spooler else tr("未发现系统打印服务（lp/lpr）")
    return [Check(tr("打印机"), True, detail + tr("；本机尚未配置票据或标签打印机"))]


def check_versions() -> list[Check]:
    parts = [
        f"ip-counter {_version('ip-counter')}",
        f"Python {platform.python_version()}",
        f"PySide6 {_version('PySide6-Essentials')}",
        f"SQLAlchemy {_version('SQLAlchemy')}",
        f"reportlab {_version('reportlab')}",
    ]
    return [Check(tr("版本"), True, "，".join(parts))]


def run_checks(url: str) -> list[Check]:
    return check_database(url) + check_fonts() + check_printers() + check_versions()


def format_report(checks: list[Check]) -> str:
    lines = [f"[{'正常' if c.ok else '异常'}] {c.name}：{c.detail}" for c in checks]
    bad = sum(not c.ok for c in checks)
    lines.append(tr("共 {n} 项检查，{b} 项异常", n=len(checks), b=bad))
    return "\n".join(lines)
