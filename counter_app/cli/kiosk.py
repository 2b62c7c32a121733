"""counter-admin kiosk: the PIN that lets staff leave the touch kiosk's full screen.

The administrator's page 管理 → 排队与自助机 sets it too (and the first-run screen); this
command (or its older name ``queue kiosk-pin``) is for a PC without the GUI. The PIN is shared
by every kiosk of the hall.
"""

from __future__ import annotations

import argparse

from counter_app import doctor
from counter_app.cli.common import naming_fields, secret_from_stdin
from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.i18n import tr


def _pin(args: argparse.Namespace) -> int:
    pin = secret_from_stdin(args.stdin, "--stdin", tr("自助机退出密码"))
    with naming_fields({"pin": tr("自助机退出密码")}):
        services = Services.open(args.db)
        try:
            services.queue.set_kiosk_pin(SYSTEM_ACTOR, pin.strip())
        finally:
            services.close()
    print(tr("自助机退出密码已设置"))
    return 0


def _status(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        has_pin = doctor.kiosk_pin_set(services.queue)
        tickets = doctor.kiosk_tickets(services.db)
    finally:
        services.close()
    print(tr("自助机退出密码：{s}", s=tr("已设置") if has_pin else tr("未设置")))
    print(tr("自助机已出号：{n} 张", n=tickets))
    return 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the kiosk command group."""
    kiosk = groups.add_parser("kiosk", help=tr("自助取号机"))
    acts = kiosk.add_subparsers(dest="action", required=True)
    pin = acts.add_parser("pin", help=tr("设置自助机退出密码（4-8 位数字，从标准输入读取）"))
    pin.add_argument("--stdin", action="store_true", help=tr("从标准输入读取密码"))
    pin.set_defaults(handler=_pin)
    acts.add_parser("status", help=tr("退出密码是否已设置、已出号数")).set_defaults(handler=_status)
