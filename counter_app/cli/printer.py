"""counter-admin printer: test a printer URL, list print jobs, add and list this PC's printers.

``printer test URL`` exits 0 when the page went out (and prints the status read back), 1 when
the printer failed; a bad URL is bad input (2).
"""

from __future__ import annotations

import argparse
import sys

from counter_app.cli.common import whole
from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.i18n import tr
from counter_app.printing.views import STATE_LABELS, JobView, PrinterInput, PrinterRole


def _local(job: JobView) -> str:
    return job.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _test(args: argparse.Namespace) -> int:
    settings = PrinterInput(
        tr("测试"), PrinterRole.RECEIPT, args.url, paper_mm=args.paper,
        chinese_font=not args.raster, boots_in_chinese_mode=not args.epson,
    )  # fmt: skip
    services = Services.open(args.db)
    try:
        result = services.printing.print_test_page(args.url, settings=settings, direct=True)
    finally:
        services.close()
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def _jobs(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        jobs = services.printing.jobs(state=args.state, limit=args.limit)
    finally:
        services.close()
    for job in jobs:
        error = f"  {job.last_error}" if job.last_error else ""
        print(
            f"{_local(job)}  {job.id}  {STATE_LABELS.get(job.state, job.state)}"
            f"  {job.printer_name}  {job.description}  {job.size}B"
            f"  {tr('第 {n} 次', n=job.attempts)}{error}"
        )
    print(tr("共 {n} 个打印任务", n=len(jobs)))
    return 0


def _add(args: argparse.Namespace) -> int:
    data = PrinterInput(
        args.name, args.role, args.url, paper_mm=args.paper,
        chinese_font=not args.raster, boots_in_chinese_mode=not args.epson,
        label_language=args.label_language, label_template=args.label_template,
        label_mode=args.label_mode,
    )  # fmt: skip
    services = Services.open(args.db)
    try:
        view = services.printing.add_printer(SYSTEM_ACTOR, data)
    finally:
        services.close()
    print(tr("已添加打印机 {n}（{r}）：{u}", n=view.name, r=view.role_label, u=view.url))
    return 0


def _list(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        printers = services.printing.printers()
        station = services.printing.station
    finally:
        services.close()
    for p in printers:
        state = tr("启用") if p.enabled else tr("停用")
        print(f"{p.name}  {p.role_label}  {p.url}  {p.paper_mm}mm  {state}")
    print(tr("本机（{s}）共 {n} 台打印机", s=station, n=len(printers)))
    return 0


def _receipt_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--paper", type=int, choices=[58, 80], default=58)
    parser.add_argument("--raster", action="store_true", help=tr("打印机没有中文字库：按图片打印"))
    parser.add_argument("--epson", action="store_true", help=tr("开机为单字节代码页（爱普生类）"))


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this area's command groups to groups."""
    printer = groups.add_parser("printer", help=tr("打印机"))
    actions = printer.add_subparsers(dest="action", required=True)
    test = actions.add_parser("test", help=tr("打印测试页并报告打印机状态"))
    test.add_argument("url", help="serial:///dev/ttyS0?baud=9600 | tcp://10.0.0.5:9100 | ...")
    _receipt_options(test)
    test.set_defaults(handler=_test)
    jobs = actions.add_parser("jobs", help=tr("列出本机的打印任务及状态"))
    jobs.add_argument("--state", choices=list(STATE_LABELS), default=None)
    jobs.add_argument("--limit", type=whole(1, 100_000), default=50)
    jobs.set_defaults(handler=_jobs)
    add = actions.add_parser("add", help=tr("为本机添加打印机"))
    add.add_argument("name")
    add.add_argument("url")
    add.add_argument("--role", choices=[r.value for r in PrinterRole], default="receipt")
    _receipt_options(add)
    add.add_argument("--label-language", choices=["tspl", "zpl"], default="tspl")
    add.add_argument("--label-template", choices=["100x150", "76x130"], default="100x150")
    add.add_argument("--label-mode", choices=["bitmap", "font"], default="bitmap")
    add.set_defaults(handler=_add)
    actions.add_parser("list", help=tr("列出本机的打印机")).set_defaults(handler=_list)
