"""counter-admin user: the accounts, as 管理 → 账号管理 manages them (the photo excepted).

Passwords come from standard input only. The command line acts as the system administrator
(SYSTEM_ACTOR, recorded in the audit trail); the staff service keeps its own rules (password
strength, at least one role, the last active administrator stays).
"""

from __future__ import annotations

import argparse

from counter_app.cli.common import secret_from_stdin, stdin_line
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR, Role, parse_role
from counter_app.hall.staff import StaffView
from counter_app.i18n import tr


def _roles(text: str) -> frozenset[Role]:
    return frozenset(parse_role(r.strip()) for r in text.split(",") if r.strip())


def _find(services: Services, username: str) -> StaffView:
    for user in services.staff.list_users():
        if user.username == username.strip():
            return user
    raise CounterError(
        tr("找不到账号“{u}”（counter-admin user list 列出全部）", u=username), "username"
    )


def _add(args: argparse.Namespace) -> int:
    roles = _roles(args.role)
    password = stdin_line()
    services = Services.open(args.db)
    try:
        view = services.staff.add_user(
            SYSTEM_ACTOR, args.name, args.display_name or args.name, roles, password
        )
    finally:
        services.close()
    print(tr("已添加账号 {u}（{r}）", u=view.username, r=view.role_labels))
    return 0


def _list(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        users = services.staff.list_users()
    finally:
        services.close()
    for u in users:
        flags = [tr("可用") if u.active else tr("已停用")]
        flags += [tr("已锁定")] if u.locked else []
        flags += [tr("公示")] if u.published else []
        window = tr("窗口 {w}", w=u.window_no) if u.window_no else ""
        print(f"{u.username}\t{u.display_name}\t{u.role_labels}\t{window}\t{'、'.join(flags)}")
    print(tr("共 {n} 个账号", n=len(users)))
    return 0


def _changes(args: argparse.Namespace) -> dict[str, object]:
    changes: dict[str, object] = {}
    if args.roles is not None:
        changes["roles"] = _roles(args.roles)
    if args.display_name is not None:
        changes["display_name"] = args.display_name.strip()
    if args.window is not None:
        changes["window_no"] = args.window.strip()
    if args.services is not None:
        changes["services_text"] = args.services.strip()
    if args.active is not None:
        changes["active"] = args.active
    if args.published is not None:
        changes["published"] = args.published
    if not changes:
        raise CounterError(
            tr("没有要修改的内容：可用 --roles、--display-name、--window、--services、"
               "--active/--inactive、--published/--unpublished"),
            "username",
        )  # fmt: skip
    return changes


def _set(args: argparse.Namespace) -> int:
    changes = _changes(args)
    services = Services.open(args.db)
    try:
        user = _find(services, args.name)
        view = services.staff.update_user(SYSTEM_ACTOR, user.id, **changes)
    finally:
        services.close()
    state = tr("可用") if view.active else tr("已停用")
    print(tr("已保存账号 {u}：{r}，{s}", u=view.username, r=view.role_labels, s=state))
    return 0


def _password(args: argparse.Namespace) -> int:
    password = secret_from_stdin(args.password_stdin, "--password-stdin", tr("新密码"))
    services = Services.open(args.db)
    try:
        user = _find(services, args.name)
        services.staff.set_password(SYSTEM_ACTOR, user.id, password)
    finally:
        services.close()
    print(tr("已为 {u} 设置新密码（并解除锁定），请当面告知本人", u=user.username))
    return 0


def _unlock(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        user = _find(services, args.name)
        services.staff.unlock(SYSTEM_ACTOR, user.id)
    finally:
        services.close()
    print(tr("已解锁 {u}", u=user.username))
    return 0


def _switch(parser: argparse.ArgumentParser, dest: str, on: str, off: str, helps: str) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(on, dest=dest, action="store_const", const=True, default=None, help=helps)
    group.add_argument(off, dest=dest, action="store_const", const=False)


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the user command group."""
    user = groups.add_parser("user", help=tr("账号")).add_subparsers(dest="action", required=True)
    add = user.add_parser("add", help=tr("添加账号，密码从标准输入读取"))
    add.add_argument("name")
    add.add_argument("--role", required=True, help="reception,administrative,...")
    add.add_argument("--display-name", default=None)
    add.set_defaults(handler=_add)
    user.add_parser("list", help=tr("列出全部账号")).set_defaults(handler=_list)
    put = user.add_parser("set", help=tr("修改账号：角色、姓名、窗口、停用/启用、公示"))
    put.add_argument("name")
    put.add_argument("--roles", default=None, help=tr("新的全部角色，如 reception,supervisor"))
    put.add_argument("--display-name", default=None)
    put.add_argument("--window", default=None, help=tr("窗口号（公示用）"))
    put.add_argument("--services", default=None, help=tr("公示的服务事项"))
    _switch(put, "active", "--active", "--inactive", tr("启用 / 停用账号"))
    _switch(put, "published", "--published", "--unpublished", tr("在信息窗口公示 / 不公示"))
    put.set_defaults(handler=_set)
    pw = user.add_parser("password", help=tr("重设密码（从标准输入读取），同时解除锁定"))
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true")
    pw.set_defaults(handler=_password)
    unlock = user.add_parser("unlock", help=tr("解锁因密码错误被锁定的账号"))
    unlock.add_argument("name")
    unlock.set_defaults(handler=_unlock)
