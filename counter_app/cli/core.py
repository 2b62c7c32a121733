"""counter-admin core commands: db, catalog, audit, doctor (accounts: staff.py)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys

from sqlalchemy.exc import DBAPIError

from counter_app import doctor
from counter_app.audit import trail as audit
from counter_app.cli import catalog as catalog_cli
from counter_app.cli.common import os_reason, output_file, parse_day
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.hall.catalog import FILE_MAX_BYTES, load_catalog_json
from counter_app.i18n import tr
from counter_app.sync.anchors import AnchorCheck
from db import migrate
from db.engine import make_engine
from db.sync.client import SyncRefused


def _services(args: argparse.Namespace) -> Services:
    return Services.open(args.db)


def _db_upgrade(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    try:
        before, after = migrate.upgrade(engine)
    finally:
        engine.dispose()
    if engine.dialect.name == "sqlite":
        services = _services(args)  # seeds the catalogue of an empty database
        services.close()
    else:
        # A central: the founding counter brings the hall's catalogue, staff and settings.
        print(tr("中心数据库已就绪；请在第一台窗口电脑的“管理 → 中心数据库”中连接并加入。"))
    print(tr("数据库结构已是最新：{b} -> {a}", b=before or tr("空"), a=after))
    return 0


def _catalog_export(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(output_file(args.out)) if args.out is not None else None
        services = _services(args)
        try:
            text = json.dumps(services.catalog.export_data(), ensure_ascii=False, indent=2)
        finally:
            services.close()
        if out is not None:
            out.write((text + "\n").encode("utf-8"))
        else:
            print(text)
    return 0


def _catalog_import(args: argparse.Namespace) -> int:
    try:
        with open(args.file, "rb") as file:
            raw = file.read(FILE_MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise CounterError(
            tr("无法读取文件 {f}：{e}", f=args.file, e=os_reason(exc)), "file"
        ) from None
    data = load_catalog_json(raw, args.file)
    services = _services(args)
    try:
        result = services.catalog.import_data(SYSTEM_ACTOR, data)
    finally:
        services.close()
    print(
        tr(
            "导入完成：新增 {a} 项，更新 {c} 项，未变 {u} 项",
            a=result.added,
            c=result.changed,
            u=result.unchanged,
        )
    )
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    services = _services(args)
    try:
        result = audit.verify(services.db)
        anchors = _against_central(services) if result.ok else None
    finally:
        services.close()
    if result.ok and anchors is not None and not anchors.ok:
        assert anchors.problem is not None
        seq, reason = anchors.problem
        print(tr("审计链与中心存证不符：{r}（序号 {s}）", r=reason, s=seq))
        return 1
    if result.ok:
        print(tr("审计链完整：共 {n} 条记录", n=result.rows_checked))
        if anchors is not None:
            print(tr("已与中心存证核对 {n} 条，一致", n=anchors.checked))
        return 0
    assert result.broken is not None
    print(
        tr(
            "审计链被破坏：{r}（序号 {s}）。此前 {n} 条完好。",
            r=result.broken.reason,
            s=result.broken.seq,
            n=result.rows_checked,
        )
    )
    return 1


def _doctor(args: argparse.Namespace) -> int:
    checks = doctor.run_checks(args.db, parse_day(args.date))
    print(doctor.format_report(checks))
    return 0 if all(c.ok for c in checks) else 1


def _against_central(services: Services) -> AnchorCheck | None:
    """The chain against the central's anchors when this PC is joined (None: not joined, or
    the central cannot be reached now: said on stderr)."""
    try:
        return services.sync.audit_against_central()
    except (DBAPIError, SyncRefused):
        print(tr("未能连接中心数据库，本次只核对了本机的审计链"), file=sys.stderr)
        return None


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db_cmd = groups.add_parser("db", help=tr("数据库")).add_subparsers(dest="action", required=True)
    db_cmd.add_parser("upgrade", help=tr("创建或升级数据库结构")).set_defaults(handler=_db_upgrade)
    catalog = groups.add_parser("catalog", help=tr("事项清单"))
    actions = catalog.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help=tr("导出事项清单"))
    export.add_argument("--format", choices=["json"], default="json")
    export.add_argument("--out", default=None)
    export.set_defaults(handler=_catalog_export)
    imp = actions.add_parser("import", help=tr("导入事项清单（全部通过校验才写入）"))
    imp.add_argument("file")
    imp.set_defaults(handler=_catalog_import)
    catalog_cli.register_actions(actions)  # update-guides
    aud = groups.add_parser("audit", help=tr("审计")).add_subparsers(dest="action", required=True)
    aud.add_parser("verify", help=tr("校验审计链")).set_defaults(handler=_audit_verify)
    doc = groups.add_parser(
        "doctor", help=tr("体检报告：[正常] [注意] [异常]；有异常时退出码为 1，仅有注意时为 0")
    )
    doc.add_argument(
        "--date", default=None, help=tr("按这一天检查节假日数据是否够用（默认今天），YYYY-MM-DD")
    )
    doc.set_defaults(handler=_doctor)
