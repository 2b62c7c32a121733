"""counter-admin complaint: 投诉、咨询与意见建议登记簿.

``add`` and ``list`` act as the command line itself (counter-admin, an administrator: it
registers what came by letter or phone and lists the register with names masked). The
handling steps (assign, investigate, resolve, reply, archive) and the letter are a
supervisor's acts: they need ``--as USERNAME``, an active account with the supervisor role,
and are recorded under that name."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from counter_app.cli.common import naming_fields, output_file
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.i18n import tr
from counter_app.supervision.rules.complaint_forms import ComplaintForm, ComplaintRow
from counter_app.supervision.rules.complaints import Cause, Channel, Kind, ReplyMethod, State

E = TypeVar("E", bound=StrEnum)
OPTIONS = {
    "channel": "--channel",
    "text": "--text",
    "kind": "--kind",
    "name": "--name",
    "phone": "--phone",
    "address": "--address",
    "about_window": "--window",
    "about_case": "--case",
    "about_item": "--item",
    "handler": "--to",
    "finding": "--finding",
    "result": "--result",
    "cause": "--cause",
    "upheld": "--upheld",
    "method": "--method",
    "reply_text": "--text",
    "number": "NUMBER",
    "as": "--as",
}
CLI_CHANNELS = (Channel.ONSITE, Channel.LETTER, Channel.PHONE, Channel.ONLINE)


def _choice(enum: type[E], text: str | None, option: str, allowed: tuple[E, ...] = ()) -> E:
    """A value of ``enum`` by its key or its Chinese label, else a Chinese message."""
    options = allowed or tuple(enum)
    for value in options:
        if text in (value.value, getattr(value, "label", value.value)):
            return value
    names = "、".join(f"{v.value}({getattr(v, 'label', v.value)})" for v in options)
    raise CounterError(tr("{o} 应为 {n}，收到“{t}”", o=option, n=names, t=(text or "")[:40]))


def _supervisor(services: Services, username: str | None) -> Actor:
    if not username:
        raise CounterError(tr("办理步骤是主管的职责，请用 --as 指定一名在岗主管的用户名"), "as")
    actor = services.staff.actor_for(username.strip())
    if not actor.has(Role.SUPERVISOR):
        raise CounterError(tr("“{u}”不是主管，不能办理投诉", u=username), "as")
    return actor


def _open(args: argparse.Namespace) -> Services:
    return Services.open(args.db)


def _add(args: argparse.Namespace) -> int:
    channel = _choice(Channel, args.channel, "--channel", CLI_CHANNELS) if args.channel else None
    form = ComplaintForm(
        channel=channel,
        text=args.text or "",
        kind=_choice(Kind, args.kind, "--kind"),
        anonymous=args.anonymous,
        name=args.name or "",
        phone=args.phone or "",
        address=args.address or "",
        about_window=args.window or "",
        about_case=args.case or "",
        about_item=args.item,
    )
    services = _open(args)
    try:
        with naming_fields(OPTIONS):
            view = services.complaints.register(SYSTEM_ACTOR, form)
    finally:
        services.close()
    print(
        tr(
            "已登记：{n}（{k}，{c}），答复期限 {d}",
            n=view.number,
            k=view.kind.label,
            c=view.channel.label,
            d=view.due_date.isoformat(),
        )
    )
    return 0


def line(row: ComplaintRow) -> str:
    """One complaint on one line (name masked)."""
    late = tr("  超期") if row.overdue else ""
    about = row.about or "—"
    return (
        f"{row.number}  {row.business_date}  {row.kind.label}  {row.channel.label}  "
        f"{row.state.label}  {tr('承办')}:{row.handler or '—'}  {tr('期限')}:{row.due_date}  "
        f"{row.name or tr('匿名')}  {about}{late}"
    )


def _list(args: argparse.Namespace) -> int:
    services = _open(args)
    try:
        rows = services.complaints.list(
            SYSTEM_ACTOR, open_only=args.open, overdue_only=args.overdue
        )
    finally:
        services.close()
    for row in rows:
        print(line(row))
    print(tr("共 {n} 件", n=len(rows)))
    return 0


def _step(args: argparse.Namespace, act: Callable[[Services, Actor, str, int], object]) -> int:
    services = _open(args)
    try:
        with naming_fields(OPTIONS):
            actor = _supervisor(services, args.as_user)
            view = services.complaints.find(actor, args.number)
            result = act(services, actor, view.id, view.row_version)
            now = services.complaints.find(actor, args.number)
    finally:
        services.close()
    if isinstance(result, str):
        print(result)
    print(tr("{n}：{s}", n=now.number, s=now.state.label))
    return 0


def _assign(args: argparse.Namespace) -> int:
    return _step(args, lambda s, a, i, v: s.complaints.assign(a, i, args.to or "", v))


def _investigate(args: argparse.Namespace) -> int:
    return _step(args, lambda s, a, i, v: s.complaints.investigate(a, i, args.finding or "", v))


def _resolve(args: argparse.Namespace) -> int:
    cause = _choice(Cause, args.cause, "--cause")

    def act(services: Services, actor: Actor, complaint_id: str, version: int) -> object:
        c = services.complaints
        if args.finding and c.find(actor, complaint_id).state is State.ASSIGNED:
            version = c.investigate(actor, complaint_id, args.finding, version).row_version
        return c.resolve(actor, complaint_id, args.result or "", cause, args.upheld, version)

    return _step(args, act)


def _reply(args: argparse.Namespace) -> int:
    method = _choice(ReplyMethod, args.method, "--method")
    return _step(args, lambda s, a, i, v: s.complaints.reply(a, i, method, args.text or "", v))


def _archive(args: argparse.Namespace) -> int:
    return _step(args, lambda s, a, i, v: s.complaints.archive(a, i, v))


def _letter(args: argparse.Namespace) -> int:
    services = _open(args)
    try:
        with naming_fields(OPTIONS):
            actor = _supervisor(services, args.as_user)
            view = services.complaints.find(actor, args.number)
            with output_file(args.out or "") as out:
                out.write(services.complaints.reply_letter(actor, view.id))
    finally:
        services.close()
    print(tr("已生成书面答复：{f}", f=args.out))
    return 0


def _step_parser(
    actions: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help_text: str,
    handler: Callable[[argparse.Namespace], int],
) -> argparse.ArgumentParser:
    parser = actions.add_parser(name, help=help_text)
    parser.add_argument("number", help=tr("投诉编号，如 TS-W03-20261206-001"))
    parser.add_argument("--as", dest="as_user", default=None, help=tr("办理的主管用户名"))
    parser.set_defaults(handler=handler)
    return parser


def _add_parser(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add = actions.add_parser("add", help=tr("登记投诉、咨询或意见建议，显示编号和答复期限"))
    add.add_argument("--channel", default=None, help="onsite|letter|phone|online")
    add.add_argument("--text", default=None, help=tr("内容"))
    add.add_argument("--kind", default="complaint", help="complaint|consultation|suggestion")
    add.add_argument("--name", default=None, help=tr("姓名"))
    add.add_argument("--phone", default=None, help=tr("联系电话"))
    add.add_argument("--address", default=None, help=tr("通信地址（书面件须填）"))
    add.add_argument("--anonymous", action="store_true", help=tr("匿名"))
    add.add_argument("--window", default=None, help=tr("被投诉的窗口号"))
    add.add_argument("--case", default=None, help=tr("相关案件编号"))
    add.add_argument("--item", type=_item, default=None, help=tr("相关事项序号 1-99"))
    add.set_defaults(handler=_add)


def _item(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 999:
        raise argparse.ArgumentTypeError(tr("应为事项序号（整数），收到“{t}”", t=text[:40]))
    return int(text)


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the complaint command group."""
    group = groups.add_parser("complaint", help=tr("投诉、咨询与意见建议登记簿"))
    actions = group.add_subparsers(dest="action", required=True)
    _add_parser(actions)
    listing = actions.add_parser("list", help=tr("列出登记簿，一件一行（姓名打码）"))
    listing.add_argument("--open", action="store_true", help=tr("只列未答复的"))
    listing.add_argument("--overdue", action="store_true", help=tr("只列已超期的"))
    listing.set_defaults(handler=_list)
    _step_parser(actions, "assign", tr("分派承办人"), _assign).add_argument(
        "--to", default=None, help=tr("承办人用户名")
    )
    _step_parser(actions, "investigate", tr("记录调查情况"), _investigate).add_argument(
        "--finding", default=None, help=tr("调查情况")
    )
    resolve = _step_parser(actions, "resolve", tr("记录处理结果"), _resolve)
    resolve.add_argument("--result", default=None, help=tr("处理结果"))
    resolve.add_argument("--cause", default=None, help="|".join(c.value for c in Cause))
    resolve.add_argument("--finding", default=None, help=tr("调查情况（尚未记录时一并记录）"))
    resolve.set_defaults(upheld=None)
    upheld = resolve.add_mutually_exclusive_group()
    upheld.add_argument("--upheld", dest="upheld", action="store_true", default=None)
    upheld.add_argument("--not-upheld", dest="upheld", action="store_false")
    reply = _step_parser(actions, "reply", tr("记录答复"), _reply)
    reply.add_argument("--method", default=None, help="phone|letter|sms|onsite")
    reply.add_argument("--text", default=None, help=tr("答复内容（短信最多 200 字）"))
    _step_parser(actions, "archive", tr("归档"), _archive)
    _step_parser(actions, "letter", tr("生成书面答复 PDF"), _letter).add_argument(
        "--out", default=None, help=tr("PDF 文件")
    )
