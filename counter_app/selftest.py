"""``--self-test``: does this copy of the program (source tree or installed folder) work here?

Runs the real paths on a fresh database in a temporary folder: migrate and seed the catalogue,
set up a hall (argon2), receive one case and render its acceptance notice (PDF with the
embedded font, Code128 and QR), issue one queue ticket and render it as ESC/POS through the
file transport, and import the modules that are only loaded dynamically (a missing one in an
installed folder fails here, not in front of an applicant). The composition root adds the Qt
check (ui/ is the only place that imports Qt). Nothing outside the temporary folder changes.
"""

from __future__ import annotations

import importlib
import platform
import sys
import tempfile
import traceback
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.i18n import tr

if TYPE_CHECKING:
    from counter_app.container import Services

# Given the work folder, does one thing and returns what it did; raises on failure.
StepFn = Callable[[Path], str]

# Loaded by name at run time (registries, URL handlers, migrations): PyInstaller cannot see them.
DYNAMIC_MODULES = (
    "reportlab.graphics.barcode.code93",
    "reportlab.graphics.barcode.code39",
    "reportlab.graphics.barcode.qr",
    "_rl_accel",  # reportlab's C accelerator (rl-accel), imported by exec
    "serial.urlhandler.protocol_loop",
    "serial.urlhandler.protocol_socket",
    "serial.urlhandler.protocol_rfc2217",
    "db.sync.central_sql",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    "keyring.backends",
)

HALL_CODE, COUNTER_CODE = "ZJ", "W01"
APPLICANT_CREDIT_CODE = "91110000600037341L"  # a valid 统一社会信用代码 (check digit L)


@dataclass(frozen=True)
class Step:
    name: str
    run: StepFn


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def _program(folder: Path) -> str:
    frozen = getattr(sys, "frozen", False)
    where = Path(sys.executable).parent if frozen else Path(__file__).resolve().parent.parent
    kind = tr("安装版") if frozen else tr("源代码")
    return tr(
        "ip-counter {v}（{k}，{w}），Python {p}，{o}",
        v=_version("ip-counter"),
        k=kind,
        w=where,
        p=platform.python_version(),
        o=platform.platform(terse=True),
    )


class _Run:
    """The steps over one fresh database in ``folder``."""

    def __init__(self) -> None:
        self.services: Services | None = None

    def database(self, folder: Path) -> str:
        from counter_app.container import Services
        from db import migrate

        path = folder / "selftest.db"
        self.services = Services.open(f"sqlite+pysqlite:///{path}")
        revision = migrate.current_revision(self.services.db.engine)
        if revision != migrate.head_revision():
            raise RuntimeError(
                tr("迁移后结构版本为 {r}，应为 {h}", r=revision, h=migrate.head_revision())
            )
        items = self.services.catalog.list_items()
        if not items:
            raise RuntimeError(tr("事项清单为空：resources/catalog/items.json 未找到或为空"))
        bundles = self.services.bundles.bundles()
        return tr(
            "新建 {p}，迁移到 {r}，事项 {n} 项，一件事套餐 {b} 个",
            p=path,
            r=revision,
            n=len(items),
            b=len(bundles),
        )

    def first_run(self, folder: Path) -> str:
        from counter_app.hall.rules.settings import HallSettings

        services = self._services()
        settings = HallSettings(
            hall_name=tr("自检大厅"),
            hall_code=HALL_CODE,
            counter_code=COUNTER_CODE,
            office_name=tr("自检知识产权局"),
            address=tr("自检地址"),
            phone="0518-00000000",
        )
        admin = services.hall.first_run(settings, "selftest", tr("自检管理员"), uuid.uuid4().hex)
        return tr(
            "大厅 {h}，窗口 {c}，管理员 {a}（argon2 口令）",
            h=HALL_CODE,
            c=COUNTER_CODE,
            a=admin.username,
        )

    def notice(self, folder: Path) -> str:
        from counter_app.cases.rules.reception import (
            ApplicantInput,
            Outcome,
            ReceptionInput,
            merge_materials,
        )
        from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role

        services = self._services()
        item = services.catalog.list_items()[0]
        materials = tuple(
            replace(
                line,
                received=True,
                received_copies=line.copies_required,
                received_original=line.original_required,
            )
            for line in merge_materials([item])
        )
        form = ReceptionInput(
            draft_key=str(uuid.uuid4()),
            applicant=ApplicantInput(
                kind="organisation",
                name=tr("自检科技有限公司"),
                id_type="credit_code",
                id_number=APPLICANT_CREDIT_CODE,
                phone="0518-85550000",
                address=tr("江苏省连云港市海州区自检路 1 号"),
                postal_code="222000",
                legal_representative=tr("张自检"),
                contact_name=tr("李自检"),
            ),
            item_ids=(item.id,),
            materials=materials,
            outcome=Outcome.ACCEPT,
        )
        clerk = Actor("selftest", tr("自检受理员"), frozenset({Role.RECEPTION}))
        case = services.reception.receive(clerk, form)
        document = services.documents.render(SYSTEM_ACTOR, case.number, "acceptance")
        pdf = document.pdf
        if not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-64:]:
            raise RuntimeError(tr("生成的受理通知书不是完整的 PDF"))
        if b"/FontFile2" not in pdf:
            raise RuntimeError(tr("受理通知书没有嵌入中文字体"))
        out = folder / f"{case.number}-acceptance.pdf"
        out.write_bytes(pdf)
        return tr(
            "案件 {c}（{i}），{t} {f}，{b} 字节，字体已嵌入",
            c=case.number,
            i=item.name,
            t=document.title,
            f=out,
            b=len(pdf),
        )

    def ticket(self, folder: Path) -> str:
        from counter_app.printing.render import render_receipt
        from counter_app.printing.views import PrinterRole, PrinterView
        from printers.documents import QueueTicket
        from printers.job import print_with_status
        from printers.transports import open_transport, parse_printer_url

        services = self._services()
        categories = services.queue.kiosk_categories()
        if not categories:
            raise RuntimeError(tr("没有可取号的业务类别"))
        captured: list[QueueTicket] = []

        class _Capture:
            def submit(self, ticket_id: uuid.UUID, ticket: QueueTicket) -> None:
                captured.append(ticket)

        services.queue.printer = _Capture()
        issued = services.queue.issue(categories[0].code)
        if not captured:
            raise RuntimeError(tr("取号后没有生成小票"))
        out = folder / f"ticket-{issued.ticket.number}.bin"
        printer = PrinterView(
            name=tr("自检票据打印机"), role=PrinterRole.RECEIPT, url=f"file://{out}", paper_mm=80
        )
        payload = render_receipt(printer, captured[0])
        config = parse_printer_url(printer.url)
        transport = open_transport(config)
        try:
            print_with_status(transport, payload, timeout=config.timeout)
        finally:
            transport.close()
        written = out.read_bytes()
        hall = services.hall.settings().hall_name
        if not written.startswith(b"\x1b@") or hall.encode("gb18030") not in written:
            raise RuntimeError(tr("小票字节不对：缺少 ESC @ 或大厅名称（GB18030）"))
        return tr(
            "排队号 {n}（{c}），ESC/POS {b} 字节写入 {f}",
            n=issued.ticket.number,
            c=categories[0].name,
            b=len(written),
            f=out,
        )

    def modules(self, folder: Path) -> str:
        missing = []
        for name in DYNAMIC_MODULES:
            try:
                importlib.import_module(name)
            except ImportError as exc:
                missing.append(f"{name}（{exc}）")
        if missing:
            raise RuntimeError(tr("缺少模块：{m}", m="；".join(missing)))
        import psycopg
        import serial

        port = serial.serial_for_url("loop://", timeout=1)
        try:
            port.write(b"LED")
            echoed = port.read(3)
        finally:
            port.close()
        if echoed != b"LED":
            raise RuntimeError(tr("串口 loop:// 回送不对：{e!r}", e=echoed))
        return tr(
            "{n} 个动态加载的模块齐全；PostgreSQL 驱动 psycopg {v}（{i}）；串口 loop:// 正常",
            n=len(DYNAMIC_MODULES),
            v=psycopg.__version__,
            i=psycopg.pq.__impl__,
        )

    def _services(self) -> Services:
        if self.services is None:
            raise RuntimeError(tr("数据库尚未打开"))
        return self.services

    def close(self) -> None:
        if self.services is not None:
            self.services.close()
            self.services = None


def run_self_test(
    extra: Sequence[Step] = (),
    out: Callable[[str], None] = print,
    err: Callable[[str], None] | None = None,
) -> int:
    """Run every step in a fresh temporary folder; 0 when all passed, 1 at the first failure.

    ``extra`` steps (the Qt check) run after the plain ones. ``out`` gets one line per step,
    ``err`` the traceback of a failure (stderr by default).
    """
    show_error = err or (lambda text: print(text, file=sys.stderr))
    run = _Run()
    steps = [
        Step(tr("程序"), _program),
        Step(tr("数据库"), run.database),
        Step(tr("首次设置"), run.first_run),
        Step(tr("受理通知书"), run.notice),
        Step(tr("排队小票"), run.ticket),
        Step(tr("模块"), run.modules),
        *extra,
    ]
    out(tr("自检开始"))
    with tempfile.TemporaryDirectory(prefix="ip-counter-selftest-") as tmp:
        folder = Path(tmp)
        out(tr("临时文件夹：{f}", f=folder))
        try:
            for step in steps:
                try:
                    detail = step.run(folder)
                except Exception as exc:
                    show_error(traceback.format_exc())
                    reason = str(exc) or type(exc).__name__
                    out(tr("[失败] {n}：{r}", n=step.name, r=reason))
                    out(tr("自检未通过"))
                    return 1
                out(tr("[通过] {n}：{d}", n=step.name, d=detail))
        finally:
            run.close()
    out(tr("自检通过：{n} 项全部正常（临时文件已删除）", n=len(steps)))
    return 0
