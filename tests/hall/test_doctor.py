"""counter-admin doctor: warnings ("[注意]") for what will bite a hall soon, and they go away
once fixed. Today is 2026-12-06: the holiday library ends on 2026-12-31."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from counter_app import doctor
from counter_app.hall.rules.settings import PRINTED_ON_NOTICES, HallSettings
from counter_app.printing.views import PrinterRole, PrinterView
from tests.hall.cli_support import ADMIN_PW, SETUP, Cli
from tests.test_cli import run

TODAY = "2026-12-06"
LIBRARY = range(2004, 2027)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    tool = Cli(tmp_path / "counter.db", monkeypatch, capsys)
    assert tool(*SETUP, stdin=ADMIN_PW + "\n").code == 0
    return tool


def _lines(text: str, level: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(f"[{level}]")]


def test_warnings_appear_then_disappear_when_fixed(cli: Cli, tmp_path: Path) -> None:
    first = run("doctor", "--date", TODAY, db=cli.url)
    assert first.returncode == 0, first.stdout + first.stderr  # warnings alone: exit 0
    warned = "\n".join(_lines(first.stdout, "注意"))
    assert "节假日数据：只到 2026-12-31（还有 25 天）" in warned
    assert "投诉电话" in warned and "管辖法院" in warned and "出文机关（盖章单位）" in warned
    assert "自助机退出密码" in warned
    assert "共 " in first.stdout and "0 项异常，3 项需注意" in first.stdout

    for day in ("01-01", "02-05", "02-06", "02-07", "02-08", "10-01", "10-02", "10-03"):
        cli("calendar", "set", f"2027-{day}", "holiday")  # at least Spring Festival, National Day
    cli("calendar", "complete", "2027", "--yes")
    for key, value in [
        ("office_name", "连云港市市场监督管理局"),
        ("address", "连云港市海州区朝阳东路 1 号"),
        ("phone", "0518-80000000"),
        ("complaint_phone", "12345"),
        ("progress_portal", "https://example.org/progress"),
        ("review_authority", "连云港市人民政府"),
        ("court", "连云港市海州区人民法院"),
    ]:
        assert cli("hall", "set", key, value).code == 0
    assert cli("kiosk", "pin", "--stdin", stdin="2468\n").code == 0
    fixed = cli("doctor", "--date", TODAY)
    assert fixed.code == 0
    assert _lines(fixed.out, "注意") == [] and _lines(fixed.out, "异常") == []
    assert "[正常] 节假日数据：已知到 2027-12-31" in fixed.out
    assert "[正常] 自助机退出密码：已设置" in fixed.out


def test_one_blank_setting_is_named(cli: Cli) -> None:
    for key in PRINTED_ON_NOTICES:
        cli("hall", "set", key, "某某")
    cli("hall", "set", "review_authority", "")
    out = cli("doctor", "--date", TODAY).out
    assert "[注意] 大厅设置：文书会打印但尚未填写：行政复议机关；" in out


def test_a_year_nobody_knows_is_a_fault_and_exits_1(cli: Cli) -> None:
    result = cli("doctor", "--date", "2027-01-04")
    assert result.code == 1
    assert "[异常] 节假日数据：2027 年尚无节假日数据，期限无法计算" in result.out


def test_holiday_horizon_rules() -> None:
    entered: Counter[int] = Counter({2027: 3})
    near = doctor.check_holidays(date(2026, 12, 6), LIBRARY, [], entered)
    assert near.ok and near.warn and "2027 年已录入 3 天调整" in near.detail
    far = doctor.check_holidays(date(2026, 11, 1), LIBRARY, [], Counter())
    assert far.ok and not far.warn  # 60 days ahead exactly: no warning yet
    edge = doctor.check_holidays(date(2026, 11, 2), LIBRARY, [], Counter())
    assert edge.warn and "还有 59 天" in edge.detail
    marked = doctor.check_holidays(date(2027, 12, 10), LIBRARY, [2027, 2028], Counter())
    assert not marked.warn and "已知到 2028-12-31" in marked.detail


def test_not_set_up_and_no_pin_with_kiosk_tickets() -> None:
    assert doctor.check_hall_settings(HallSettings(), set_up=False).warn
    seen = doctor.check_kiosk(False, 12)
    assert seen.warn and "自助机已出号 12 张" in seen.detail
    assert not doctor.check_kiosk(True, 12).warn


def _printer(name: str, url: str, enabled: bool = True) -> PrinterView:
    return PrinterView(name, PrinterRole.LABEL, url, enabled=enabled)


def test_unreachable_printers_are_warnings_and_the_probe_never_hangs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printers = [
        _printer("写文件", f"file://{tmp_path}/out.bin"),
        _printer("没目录", "file:///nonexistent/dir/out.bin"),
        _printer("拒绝", "tcp://127.0.0.1:1"),
        _printer("停用", "tcp://127.0.0.1:1", enabled=False),
    ]
    checks = {c.name: c for c in doctor.check_printers(printers, timeout=1.0)}
    assert not checks["打印机 写文件"].warn and not (tmp_path / "out.bin").exists()
    assert checks["打印机 没目录"].warn and "无法写入目录" in checks["打印机 没目录"].detail
    assert checks["打印机 拒绝"].warn and "拒绝连接" in checks["打印机 拒绝"].detail
    assert checks["打印机 停用"].ok and not checks["打印机 停用"].warn

    def stuck(_printer: PrinterView, _timeout: float) -> None:
        time.sleep(10)

    monkeypatch.setattr(doctor, "probe_printer", stuck)
    started = time.monotonic()
    [slow] = doctor.check_printers([_printer("卡住", "tcp://127.0.0.1:9100")], timeout=0.2)
    assert time.monotonic() - started < 3
    assert slow.warn and "0.2 秒内没有应答" in slow.detail


def test_a_configured_unreachable_printer_shows_in_the_report(cli: Cli) -> None:
    run("printer", "add", "票据", "tcp://127.0.0.1:1", db=cli.url)
    out = cli("doctor", "--date", TODAY).out
    assert "[注意] 打印机 票据：tcp://127.0.0.1:1：网络打印机 127.0.0.1:1 拒绝连接" in out


def test_report_levels_and_counts() -> None:
    checks = [
        doctor.Check("甲", True, "好"),
        doctor.Check("乙", True, "快到期", warn=True),
        doctor.Check("丙", False, "坏了"),
    ]
    report = doctor.format_report(checks)
    assert "[正常] 甲：好" in report and "[注意] 乙：快到期" in report
    assert "[异常] 丙：坏了" in report and "共 3 项检查，1 项异常，1 项需注意" in report
