"""counter-admin hall: set up a hall without the GUI, show and change the hall settings.

``hall setup`` does what the first-run screen does (HallService.first_run: the same checks
and messages). Everything is checked before the database is touched; a database file that
did not exist before a refused setup is removed again, so a refusal leaves nothing behind.
"""

from __future__ import annotations

import argparse
from dataclasses import fields, replace
from pathlib import Path

from sqlalchemy.engine import make_url

from counter_app.cli.common import naming_fields, secret_from_stdin, whole
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.hall.rules.settings import PRINTED_ON_NOTICES, SETTING_LABELS
from counter_app.hall.settings import HallSettings, check_settings
from counter_app.hall.staff import check_display_name, check_password_rules, check_username
from counter_app.i18n import tr
from counter_app.supervision import settings as supervision_settings
from counter_app.supervision.settings import MAX_DAYS, SupervisionSettings

_SETUP_FIELDS = {
    "hall_name": tr("大厅名称（--name）"),
    "hall_code": tr("大厅代码（--hall-code）"),
    "counter_code": tr("本窗口代码（--counter）"),
    "username": tr("管理员用户名（--admin）"),
    "display_name": tr("管理员姓名（--admin-name）"),
    "password": tr("管理员密码（--password-stdin）"),
}
_NOT_SET_UP = tr(
    "本数据库尚未完成初始设置，请先运行 counter-admin hall setup（或启动程序完成首次设置）"
)


def _sqlite_file(url: str) -> Path:
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        raise CounterError(
            tr(
                "初始设置在窗口电脑的本机数据库上进行；中心数据库由第一台窗口电脑"
                "运行 counter-admin sync configure 时建立"
            ),
            "db",
        )
    return Path(str(parsed.database))


def _missing_folders(path: Path) -> list[Path]:
    """The folders above ``path`` that do not exist yet, deepest first."""
    missing = []
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_database(path: Path, folders: list[Path]) -> None:
    """Remove a database file this command created (and SQLite's companions), and the
    folders created for it."""
    for suffix in ("", "-wal", "-shm", "-journal", ".clean"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            break


def _setup(args: argparse.Namespace) -> int:
    path = _sqlite_file(args.db)
    password = secret_from_stdin(args.password_stdin, "--password-stdin", tr("管理员密码"))
    with naming_fields(_SETUP_FIELDS):
        settings = check_settings(
            HallSettings(hall_name=args.name, hall_code=args.hall_code, counter_code=args.counter)
        )
        username = check_username(args.admin)
        check_display_name(args.admin_name)
        check_password_rules(password)
    fresh, folders = not path.exists(), _missing_folders(path)
    try:
        services = Services.open(args.db)
        try:
            if services.hall.is_set_up():
                done = services.hall.settings()
                raise CounterError(
                    tr(
                        "本数据库已完成初始设置（{n}，{c}），不能再次设置；"
                        "修改大厅信息请用 counter-admin hall set",
                        n=done.hall_name,
                        c=done.hall_code,
                    ),
                    "hall_name",
                )
            with naming_fields(_SETUP_FIELDS):
                services.hall.first_run(settings, username, args.admin_name, password)
            items = len(services.catalog.list_items())
        finally:
            services.close()
    except BaseException:
        if fresh:
            _remove_database(path, folders)
        raise
    print(
        tr(
            "大厅已设置：{n}（{h}），本窗口 {c}；管理员账号 {u}。事项清单 {i} 项。",
            n=settings.hall_name,
            h=settings.hall_code,
            c=settings.counter_code,
            u=username,
            i=items,
        )
    )
    print(tr("文书上的地址、电话、复议机关等请用 counter-admin hall set 补充（hall show 查看）"))
    return 0


def _show(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        settings, set_up = services.hall.settings(), services.hall.is_set_up()
    finally:
        services.close()
    if not set_up:
        print(_NOT_SET_UP)
    blank_printed = 0
    for f in fields(HallSettings):
        value = getattr(settings, f.name)
        if not value and f.name in PRINTED_ON_NOTICES:
            blank_printed += 1
            value = tr("！未填写（文书会打印此项）")
        elif not value:
            value = tr("（未填写）")
        print(f"{SETTING_LABELS[f.name]}（{f.name}）：{value}")
    if blank_printed:
        print(tr("有 {n} 项文书会打印的设置未填写：counter-admin hall set 键 值", n=blank_printed))
    return 0


def setting_key(name: str) -> str:
    """A setting's field name from the name itself or its Chinese label (with or without the
    part in brackets: 出文机关)."""
    for key, label in SETTING_LABELS.items():
        if name.strip() in (key, label, label.split("（", 1)[0]):
            return key
    valid = "、".join(f"{key}（{label}）" for key, label in SETTING_LABELS.items())
    raise CounterError(tr("未知的设置项“{n}”，可用：{v}", n=name, v=valid), "key")


def _set(args: argparse.Namespace) -> int:
    key = setting_key(args.key)
    services = Services.open(args.db)
    try:
        if not services.hall.is_set_up():
            raise CounterError(_NOT_SET_UP, "hall_name")
        before = services.hall.settings()
        wanted = replace(before, **{key: args.value})
        if check_settings(wanted) == before:
            print(tr("{l}未改变：{v}", l=SETTING_LABELS[key], v=getattr(before, key) or "-"))
            return 0
        saved = services.hall.update(SYSTEM_ACTOR, wanted)
    finally:
        services.close()
    print(tr("已保存 {l}：{v}", l=SETTING_LABELS[key], v=getattr(saved, key) or tr("（空）")))
    return 0


def _deadlines(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        current = supervision_settings.load(services.db)
        wanted = SupervisionSettings(
            followup_days=args.followup or current.followup_days,
            complaint_days=args.complaint or current.complaint_days,
        )
        if wanted != current:
            supervision_settings.save(services.db, SYSTEM_ACTOR, wanted)
    finally:
        services.close()
    print(tr("差评整改期限：{n} 个工作日", n=wanted.followup_days))
    print(tr("投诉答复期限：{n} 个工作日", n=wanted.complaint_days))
    return 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the hall command group."""
    hall = groups.add_parser("hall", help=tr("大厅：初始设置、查看和修改大厅信息"))
    acts = hall.add_subparsers(dest="action", required=True)
    setup = acts.add_parser("setup", help=tr("初始设置（同程序首次启动），密码从标准输入读取"))
    setup.add_argument("--name", required=True, help=tr("大厅名称"))
    setup.add_argument("--hall-code", required=True, help=tr("大厅代码，如 LYG"))
    setup.add_argument("--counter", required=True, help=tr("本窗口代码，如 W03"))
    setup.add_argument("--admin", default="admin", help=tr("管理员用户名（默认 admin）"))
    setup.add_argument("--admin-name", required=True, help=tr("管理员姓名"))
    setup.add_argument("--password-stdin", action="store_true", help=tr("从标准输入读取密码"))
    setup.set_defaults(handler=_setup)
    acts.add_parser("show", help=tr("列出全部大厅设置")).set_defaults(handler=_show)
    keys = ", ".join(SETTING_LABELS)
    put = acts.add_parser("set", help=tr("修改一项大厅设置"))
    put.add_argument("key", help=keys)
    put.add_argument("value")
    put.set_defaults(handler=_set)
    days = acts.add_parser("deadlines", help=tr("查看或修改差评整改、投诉答复期限（工作日）"))
    days.add_argument("--followup", type=whole(1, MAX_DAYS), help=tr("差评整改期限"))
    days.add_argument("--complaint", type=whole(1, MAX_DAYS), help=tr("投诉答复期限"))
    days.set_defaults(handler=_deadlines)
