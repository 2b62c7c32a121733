"""counter-admin integrity: 诚信档案 (add a record, list the file, import a CSV/XLSX export).

The command acts as a supervisor named "counter-admin" in the audit trail."""

from __future__ import annotations

import argparse
from datetime import date

from counter_app.cli.common import naming_fields
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.i18n import tr
from counter_app.integrity.forms import IntegrityForm
from counter_app.integrity.rules import Category, parse_category, parse_kind

CLI_ACTOR = Actor("counter-admin", tr("系统管理命令"), frozenset({Role.SUPERVISOR}))
OPTIONS = {
    "subject_kind": "--kind",
    "subject_name": "--name",
    "subject_code": "--code",
    "category": "--category",
    "source_doc": "--document",
    "authority": "--authority",
    "decision_date": "--decided",
    "starts": "--from",
    "ends": "--to",
    "note": "--note",
}


def _day(text: str | None, option: str) -> date | None:
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CounterError(
            tr("{o} 日期格式应为 YYYY-MM-DD，如 2026-11-28，收到“{t}”", o=option, t=text[:40]),
            "date",
        ) from None


def _add(args: argparse.Namespace) -> int:
    with naming_fields(OPTIONS):
        form = IntegrityForm(
            subject_kind=parse_kind(args.kind).value,
            subject_name=args.name,
            subject_code=args.code,
            category=parse_category(args.category).value,
            source_doc=args.document,
            decision_date=_day(args.decided, "--decided"),
            starts=_day(args.starts, "--from"),
            ends=_day(args.ends, "--to"),
            authority=args.authority,
            note=args.note,
        )
    services = Services.open(args.db)
    try:
        with naming_fields(OPTIONS):
            view = services.integrity.add(CLI_ACTOR, form)
    finally:
        services.close()
    print(tr("已登记：{n} {c}（{i}）", n=view.subject_name, c=view.category_label, i=view.id))
    return 0


def _list(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        rows = services.integrity.list(CLI_ACTOR, args.query or "", args.in_force)
    finally:
        services.close()
    for r in rows:
        mark = tr("有效") if r.in_force else tr("无效")
        print(
            f"{r.decision_date}  {r.kind_label}  {r.subject_name}  {r.code_masked}  "
            f"{r.category_label}  {r.source_doc}  {r.period}  {r.repair_label}  {mark}"
        )
    print(tr("共 {n} 条", n=len(rows)))
    return 0


def _import(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        report = services.integrity.import_file(CLI_ACTOR, args.file)
    finally:
        services.close()
    if not report.ok:
        raise CounterError(report.text, "file")
    print(report.text)
    return 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the integrity command group."""
    group = groups.add_parser("integrity", help=tr("诚信档案"))
    actions = group.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help=tr("登记一条失信记录"))
    add.add_argument("--kind", required=True, help=tr("applicant(申请人) 或 agency(代理机构)"))
    add.add_argument("--name", required=True, help=tr("申请人或代理机构名称"))
    add.add_argument("--code", required=True, help=tr("证件号码或统一社会信用代码"))
    categories = "、".join(f"{c.value}({c.label})" for c in Category)
    add.add_argument("--category", required=True, help=tr("失信类别：{c}", c=categories))
    add.add_argument("--document", required=True, help=tr("认定文书的文号或标题"))
    add.add_argument("--decided", required=True, help=tr("认定日期 YYYY-MM-DD"))
    add.add_argument("--from", dest="starts", required=True, help=tr("开始日期 YYYY-MM-DD"))
    add.add_argument("--to", dest="ends", default=None, help=tr("结束日期（不填为长期）"))
    add.add_argument("--authority", default="", help=tr("认定机关"))
    add.add_argument("--note", default="", help=tr("备注"))
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", help=tr("列出诚信档案（证件号码打码）"))
    listing.add_argument("--in-force", action="store_true", help=tr("只列有效记录"))
    listing.add_argument("--query", default=None, help=tr("名称或证件号码的一部分"))
    listing.set_defaults(handler=_list)
    imp = actions.add_parser("import", help=tr("从 CSV 或 XLSX 文件导入（全部成功或全部不导入）"))
    imp.add_argument("file", help=tr("文件路径"))
    imp.set_defaults(handler=_import)
