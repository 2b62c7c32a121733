"""counter-admin commands of the queue: status, categories, windows, times, kiosk PIN, LED."""

from __future__ import annotations

import argparse

from counter_app.cli.common import parse_day, stdin_line, whole
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.i18n import tr
from counter_app.queue.rules.tickets import CategoryView, WindowView

NO_WINDOWS = tr("尚未设置窗口（counter-admin queue window-set 编号 --categories A,B 添加）")
NO_CATEGORIES = tr("尚未设置取号类别（counter-admin queue category-set 代码 --name 名称 添加）")


def _services(args: argparse.Namespace) -> Services:
    return Services.open(args.db)


def _status(args: argparse.Namespace) -> int:
    services = _services(args)
    try:
        board = services.queue.board()
    finally:
        services.close()
    serving = dict(board.serving)
    print(tr("窗口："))
    if not board.windows:
        print("  " + NO_WINDOWS)
    for w in board.windows:
        extra = f" {w.pause_reason}" if w.pause_reason else ""
        now = serving.get(w.number, "-")
        print(
            f"  {w.number:>3} {w.state.label}{extra}  {tr('当前')} {now}  {','.join(w.categories)}"
        )
    print(tr("等候人数："))
    if not board.waiting:
        print("  " + NO_CATEGORIES)
    for category, count in board.waiting:
        print(f"  {category.code} {category.name}: {count}")
    return 0


def _categories(args: argparse.Namespace) -> int:
    services = _services(args)
    try:
        categories = services.queue.categories()
    finally:
        services.close()
    for c in categories:
        limit = c.daily_limit if c.daily_limit is not None else tr("不限")
        state = tr("启用") if c.active else tr("停用")
        print(f"{c.code}\t{c.prefix}\t{c.name}\t{state}\t{limit}\t{c.service_minutes}min")
    print(tr("共 {n} 个取号类别", n=len(categories)) if categories else NO_CATEGORIES)
    return 0


def _category_set(args: argparse.Namespace) -> int:
    services = _services(args)
    try:
        old = {c.code: c for c in services.queue.categories()}.get(args.code)
        view = CategoryView(
            code=args.code,
            name=args.name or (old.name if old else ""),
            prefix=args.prefix or (old.prefix if old else args.code[:1]),
            active=not args.inactive,
            sort_order=args.order if args.order is not None else (old.sort_order if old else 99),
            daily_limit=(args.limit or None)
            if args.limit is not None
            else (old.daily_limit if old else None),
            service_minutes=args.minutes or (old.service_minutes if old else 10),
        )
        saved = services.queue.save_category(SYSTEM_ACTOR, view)
    finally:
        services.close()
    print(tr("已保存类别 {c}（{n}）", c=saved.code, n=saved.name))
    return 0


def _windows(args: argparse.Namespace) -> int:
    services = _services(args)
    try:
        windows = services.queue.windows(include_inactive=True)
    finally:
        services.close()
    for w in windows:
        led = w.led_address if w.led_address is not None else "-"
        print(f"{w.number}\t{w.name}\t{','.join(w.categories)}\tLED {led}\t{w.state.label}")
    print(tr("共 {n} 个窗口", n=len(windows)) if windows else NO_WINDOWS)
    return 0


def _window_set(args: argparse.Namespace) -> int:
    categories = tuple(c.strip().upper() for c in args.categories.split(",") if c.strip())
    services = _services(args)
    try:
        view = WindowView(
            args.number, args.name, categories, led_address=args.led, active=not args.inactive
        )
        saved = services.queue.save_window(SYSTEM_ACTOR, view)
    finally:
        services.close()
    print(tr("已保存 {n}：{c}", n=saved.label, c="、".join(saved.categories)))
    return 0


def _times(args: argparse.Namespace) -> int:
    day = parse_day(args.date) if args.date else None
    services = _services(args)
    try:
        rows = services.queue.times(day)
    finally:
        services.close()
    if not rows:
        print(tr("{d} 没有办结或过号的号", d=day or tr("今日")))
        return 0
    print(tr("窗口\t人员\t办结\t过号\t等候中位(分)\t办理中位(分)"))
    for r in rows:
        print(
            f"{r.window}\t{r.staff}\t{r.served}\t{r.no_shows}\t{r.wait_median_min}\t"
            f"{r.service_median_min}"
        )
    return 0


def _kiosk_pin(args: argparse.Namespace) -> int:
    pin = stdin_line().strip()
    services = _services(args)
    try:
        services.queue.set_kiosk_pin(SYSTEM_ACTOR, pin)
    finally:
        services.close()
    print(tr("自助机退出密码已设置"))
    return 0


def _led_test(args: argparse.Namespace) -> int:
    from hall_devices.led import LedBus, LedContentError, TextOverSerial

    try:
        bus = LedBus(args.port, TextOverSerial(args.encoding), baudrate=args.baud)
        bus.show(args.address, args.text)
        bus.close()
    except (OSError, LedContentError, ValueError) as exc:
        raise CounterError(tr("LED 屏测试失败：{e}", e=exc), "port") from None
    print(tr("已向 {p} 地址 {a} 发送“{t}”", p=args.port, a=args.address, t=args.text))
    return 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this area's command groups to groups."""
    queue = groups.add_parser("queue", help=tr("排队叫号"))
    acts = queue.add_subparsers(dest="action", required=True)
    acts.add_parser("status", help=tr("今日窗口与等候人数")).set_defaults(handler=_status)
    acts.add_parser("categories", help=tr("列出取号类别")).set_defaults(handler=_categories)
    cat = acts.add_parser("category-set", help=tr("新增或修改取号类别"))
    cat.add_argument("code")
    cat.add_argument("--name", default="")
    cat.add_argument("--prefix", default="")
    cat.add_argument("--order", type=whole(0, 9999), default=None)
    cat.add_argument("--limit", type=whole(0, 100_000), default=None, help=tr("每日限号，0 为不限"))
    cat.add_argument("--minutes", type=whole(1, 1440), default=None, help=tr("平均办理分钟数"))
    cat.add_argument("--inactive", action="store_true")
    cat.set_defaults(handler=_category_set)
    acts.add_parser("windows", help=tr("列出窗口")).set_defaults(handler=_windows)
    win = acts.add_parser("window-set", help=tr("新增或修改窗口"))
    win.add_argument("number")
    win.add_argument("--categories", required=True, help=tr("按优先顺序，如 B,A"))
    win.add_argument("--name", default="")
    win.add_argument("--led", type=whole(1, 254), default=None, help=tr("LED 屏地址 1-254"))
    win.add_argument("--inactive", action="store_true")
    win.set_defaults(handler=_window_set)
    times = acts.add_parser("times", help=tr("等候与办理时长（按窗口、人员）"))
    times.add_argument("--date", default=None, help="YYYY-MM-DD")
    times.set_defaults(handler=_times)
    pin = acts.add_parser("kiosk-pin", help=tr("设置自助机退出密码（从标准输入读取）"))
    pin.set_defaults(handler=_kiosk_pin)
    led = acts.add_parser("led-test", help=tr("向窗口 LED 屏发送一行文字"))
    led.add_argument("port", help="/dev/ttyUSB0, COM3, socket://host:port")
    led.add_argument("--address", type=whole(1, 254), default=1)
    led.add_argument("--text", default="请A001号")
    led.add_argument("--encoding", default="gb2312", choices=["gb2312", "gb18030"])
    led.add_argument("--baud", type=whole(300, 921_600), default=9600)
    led.set_defaults(handler=_led_test)
