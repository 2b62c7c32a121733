"""counter-admin commands of the reception area: demo data and documents of a case."""

from __future__ import annotations

import argparse
import time

from counter_app.cases.documents import KINDS
from counter_app.cli.common import output_file
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.demo.seed import seed_demo
from counter_app.i18n import tr


def _services(args: argparse.Namespace) -> Services:
    return Services.open(args.db)


def _demo_seed(args: argparse.Namespace) -> int:
    if args.cases < 1:
        raise CounterError(tr("案件数应为正整数"), "cases")
    services = _services(args)
    started = time.perf_counter()
    last_shown = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if done == total or now - last_shown[0] >= 2.0:
            last_shown[0] = now
            print(
                tr(
                    "已生成 {d}/{t} 件（{p}%），用时 {s} 秒",
                    d=done,
                    t=total,
                    p=done * 100 // total,
                    s=f"{now - started:.1f}",
                ),
                flush=True,
            )

    try:
        result = seed_demo(
            services,
            args.cases,
            seed=args.seed,
            method=args.method,
            progress=progress,
        )
    finally:
        services.close()
    print(
        tr(
            "完成：新增演示案件 {c} 件、申请人 {a} 个，共写入 {r} 行（{m}），"
            "受理日期 {f} 至 {l}，用时 {s} 秒",
            c=result.cases,
            a=result.applicants,
            r=result.rows,
            m=tr("批量写入") if result.method == "bulk" else tr("经受理服务逐件办理"),
            f=result.first_day,
            l=result.last_day,
            s=f"{result.seconds:.1f}",
        )
    )
    queue = result.queue  # the dashboard's figures come from the queue's history
    print(
        queue.skipped
        or tr(
            "叫号记录：新增 {d} 个工作日的号票 {t} 张、叫号日志 {e} 行（窗口 {w}），"
            "{c} 件案件关联到所办理的号票",
            c=queue.linked,
            d=queue.days,
            w="、".join(queue.windows),
            t=queue.tickets,
            e=queue.events,
        )
    )
    return 0


def _document_render(args: argparse.Namespace) -> int:
    with output_file(args.out) as out:  # refused before a document number is given
        services = _services(args)
        try:
            doc = services.documents.render(SYSTEM_ACTOR, args.case, args.kind, args.payment)
        finally:
            services.close()
        out.write(doc.pdf)
    mark = tr("（补打）") if doc.reprint else ""
    message = tr(
        "已写入 {f}：{t}{m}，编号 {n}，{b} 字节",
        f=out.path,
        t=doc.title,
        m=mark,
        n=doc.number,
        b=len(doc.pdf),
    )
    print(message)
    return 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this area's command groups to groups."""
    demo = groups.add_parser("demo", help=tr("演示数据"))
    demo_actions = demo.add_subparsers(dest="action", required=True)
    seed = demo_actions.add_parser("seed", help=tr("生成演示申请人和案件（用于培训和性能测试）"))
    seed.add_argument("--cases", type=int, required=True, help=tr("案件数"))
    seed.add_argument("--seed", type=int, default=None, help=tr("随机种子（相同种子生成相同数据）"))
    seed.add_argument(
        "--method",
        choices=["auto", "bulk", "service"],
        default="auto",
        help=tr("auto：1000 件以内经受理服务逐件办理，更多时批量写入"),
    )
    seed.set_defaults(handler=_demo_seed)
    document = groups.add_parser("document", help=tr("案件文书"))
    doc_actions = document.add_subparsers(dest="action", required=True)
    render = doc_actions.add_parser("render", help=tr("把案件的文书保存为 PDF"))
    render.add_argument("case", help=tr("案件编号（可扫码录入）"))
    render.add_argument("--kind", choices=list(KINDS), required=True, help=tr("文书类型"))
    render.add_argument("--out", required=True, help=tr("输出的 PDF 文件"))
    render.add_argument("--payment", default=None, help=tr("收费票据：票据号（默认第一笔）"))
    render.set_defaults(handler=_document_render)
