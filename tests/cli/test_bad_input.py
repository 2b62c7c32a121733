"""counter-admin and the bad input of issue 12 (points 7 and 8): each is a Chinese message and
exit 2, and nothing is created or half-written; run through ``main()`` in this process."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.cli import main
from counter_app.container import Services
from counter_app.demo.seed import seed_demo
from db.engine import make_engine
from db.sync.client import K_ENABLED, _put
from tests.cli.fuzz_support import digest
from tests.hall.cli_support import ADMIN_PW, SETUP, Cli

CATALOG = ("catalog_item", "catalog_item_version")


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "counter.db", monkeypatch, capsys)


@pytest.fixture
def hall(cli: Cli) -> Cli:
    assert cli(*SETUP, stdin=ADMIN_PW + "\n").code == 0
    return cli


def _main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


# --- point 7: --db ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("audit", "verify"),
        ("user", "list"),
        ("hall", "show"),
        ("catalog", "export"),
        ("doctor",),
        ("printer", "list"),
        ("sync", "status"),
        ("demo", "seed", "--cases", "3"),
    ],
    ids=" ".join,
)
def test_a_database_file_that_is_not_there_is_an_error_and_stays_absent(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
) -> None:
    typo = tmp_path / "typo" / "x.db"
    code, err = _main(monkeypatch, capsys, "--db", f"sqlite:///{typo}", *command)
    assert code == 2
    assert f"数据库文件 {typo} 不存在" in err and "hall setup" in err
    assert not (tmp_path / "typo").exists()


def test_db_upgrade_and_hall_setup_may_create_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    refused = tmp_path / "new" / "deeper" / "x.db"
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["--db", f"sqlite:///{refused}", *SETUP]) == 2  # password too short
    assert not (tmp_path / "new").exists()  # the refused setup left no file and no folder
    made = tmp_path / "made" / "x.db"
    assert _main(monkeypatch, capsys, "--db", f"sqlite:///{made}", "db", "upgrade")[0] == 0
    assert made.is_file()
    assert _main(monkeypatch, capsys, "--db", f"sqlite:///{made}", "audit", "verify")[0] == 0


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("nonsense", "不是数据库地址"),
        ("mysql://u@127.0.0.1/x", "不支持的数据库“mysql”"),
        ("postgresql+psycopg2://u@127.0.0.1/x", "不支持的数据库"),
        ("sqlite://", "内存数据库"),
        ("sqlite:///:memory:", "内存数据库"),
        ("sqlite://host/x.db", "不能带主机名"),
    ],
)
def test_a_database_address_that_is_no_database_of_this_system(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, said: str
) -> None:
    code, err = _main(monkeypatch, capsys, "--db", url, "audit", "verify")
    assert code == 2 and said in err, err
    code, err = _main(monkeypatch, capsys, "--db", url, "hall", "show")
    assert code == 2 and said in err, err


def test_a_folder_as_the_database_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _main(monkeypatch, capsys, "--db", f"sqlite:///{tmp_path}", "user", "list")
    assert code == 2 and "不是文件" in err


# --- point 8: catalog import ------------------------------------------------------------------


def _export(hall: Cli, tmp_path: Path) -> dict[str, object]:
    out = tmp_path / "catalog.json"
    assert hall("catalog", "export", "--out", str(out)).code == 0
    return dict(json.loads(out.read_text(encoding="utf-8")))


def _first(data: dict[str, object]) -> dict[str, object]:
    items = data["items"]
    assert isinstance(items, list)
    return dict(items[0])


def _with_first(data: dict[str, object], **changes: object) -> dict[str, object]:
    items = list(data["items"])  # type: ignore[call-overload]
    items[0] = {**items[0], **changes}
    return {**data, "items": items}


BAD_IMPORTS = {
    "number 10**30": (lambda d: _with_first(d, number=10**30), "序号（number）应为 1 到 9999"),
    "amount NaN": (
        lambda d: _with_first(d, fees=[{"name": "申请费", "amount": "NaN"}]),
        "金额“NaN”不是数字",
    ),
    "amount 1e30": (
        lambda d: _with_first(d, fees=[{"name": "申请费", "amount": "1e30"}]),
        "应为 0 到 1000000 元之间",
    ),
    "amount a JSON 1e30": (
        lambda d: _with_first(d, fees=[{"name": "申请费", "amount": 1e30}]),
        "应为 0 到 1000000 元之间",
    ),
    "amount true": (
        lambda d: _with_first(d, fees=[{"name": "申请费", "amount": True}]),
        "金额应为数字",
    ),
    "retired no": (lambda d: _with_first(d, retired="no"), "“retired”（已停用）应为 true 或 false"),
    "four_eyes no": (lambda d: _with_first(d, four_eyes="no"), "应为 true 或 false"),
    "original 1": (
        lambda d: _with_first(d, materials=[{"name": "请求书", "original": 1}]),
        "是否原件应为 true 或 false",
    ),
    "copies 10**30": (
        lambda d: _with_first(d, materials=[{"name": "请求书", "copies": 10**30}]),
        "份数应为 1 到 99 之间的整数",
    ),
    "copies superscript": (
        lambda d: _with_first(d, materials=[{"name": "请求书", "copies": "²"}]),
        "份数应为 1 到 99 之间的整数",
    ),
    "time limit superscript": (lambda d: _with_first(d, time_limit_days="²"), "承诺时限"),
    "name a number": (lambda d: _with_first(d, name=12), "应为文字"),
    "material name a list": (
        lambda d: _with_first(d, materials=[{"name": ["x"]}]),
        "材料名称应为文字",
    ),
    "NUL in a name": (lambda d: _with_first(d, name="专利\u0000申请"), "含有控制字符"),
    "items abc": (lambda d: {**d, "items": "abc"}, "items 应为事项的列表"),
    "category a list": (lambda d: _with_first(d, category=["service"]), "不在五类之中"),
}


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_a_bad_catalogue_file_is_refused_whole(hall: Cli, tmp_path: Path, case: str) -> None:
    change, said = BAD_IMPORTS[case]
    data = change(_export(hall, tmp_path))
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = digest(hall.path)
    result = hall("catalog", "import", str(path))
    assert result.code == 2 and said in result.err, result.err
    assert digest(hall.path) == before


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "嵌套层数过多"),
        (b'{"format": "ip-counter-catalog", "items": [' + b"9" * 5000 + b"]}", "位数过多"),
        (b'{"format": "ip-counter-catalog", "items": [NaN]}', "不是标准 JSON"),
        (b"\xff\xfe{", "不是 UTF-8 编码"),
        (b'{"format": ', "不是有效的 JSON（第 1 行第 12 列）"),
    ],
    ids=["deep", "digits", "NaN", "utf16", "cut"],
)
def test_a_file_that_is_no_json_catalogue(
    hall: Cli, tmp_path: Path, content: bytes, said: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = digest(hall.path)
    result = hall("catalog", "import", str(path))
    assert result.code == 2 and said in result.err, result.err
    assert digest(hall.path) == before


def test_a_file_with_a_byte_order_mark_is_accepted(hall: Cli, tmp_path: Path) -> None:
    data = _with_first(_export(hall, tmp_path), time_limit_days=12)
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8-sig")
    result = hall("catalog", "import", str(path))
    assert result.code == 0, result.err
    assert "更新 1 项" in result.out
    assert hall.rows("SELECT count(*) FROM catalog_item_version") == [(34,)]


def test_retiring_by_import_is_a_change_counted_and_audited(hall: Cli, tmp_path: Path) -> None:
    data = _with_first(_export(hall, tmp_path), retired=True)
    path = tmp_path / "retire.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = hall("catalog", "import", str(path))
    assert result.code == 0 and "更新 1 项，未变 32 项" in result.out, result.out
    assert hall.rows("SELECT retired FROM catalog_item WHERE number = 1") == [(1,)]
    assert ("catalog_retire",) in hall.rows("SELECT action FROM audit_log")


# --- point 8: --out ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "out", ["/nonexistent/dir/x.json", "/proc/x.json", "{tmp}/missing/x.json", "{tmp}"]
)
def test_an_output_file_that_cannot_be_written(hall: Cli, tmp_path: Path, out: str) -> None:
    target = out.format(tmp=tmp_path)
    assert not Path("/nonexistent").exists()  # else this test would write there
    before = digest(hall.path)
    for argv in (
        ("catalog", "export", "--out", target),
        ("payments", "reconcile", "--out", target),
        ("document", "render", "LYG-20261127-W03-0001", "--kind", "acceptance", "--out", target),
    ):
        result = hall(*argv)
        assert result.code == 2, (argv, result.err)
        assert "--out" in result.err and target.rstrip("/") in result.err
    assert digest(hall.path) == before
    assert not list(tmp_path.rglob("*.part"))


def test_document_render_into_proc_gives_no_document_number(
    hall: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    services = Services.open(hall.url)
    try:
        seed_demo(services, 3, seed=1, method="service", today=date(2026, 11, 27))
    finally:
        services.close()
    number = str(hall.rows("SELECT number FROM cases ORDER BY number LIMIT 1")[0][0])
    before = digest(hall.path)
    result = hall("document", "render", number, "--kind", "acceptance", "--out", "/proc/x.pdf")
    assert result.code == 2 and "无法写入文件 /proc/x.pdf（--out）" in result.err
    assert digest(hall.path) == before  # no number issued, no audit row
    done = hall("document", "render", number, "--kind", "acceptance", "--out", str(tmp_path / "a"))
    assert done.code == 0, done.err
    assert (tmp_path / "a").read_bytes().startswith(b"%PDF")


# --- point 8: printer URLs, arguments, standard input -----------------------------------------


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("tcp://[::1:9100", "IPv6 地址写成 tcp://[::1]:9100"),
        ("serial:///dev/tty%00S0", "含有控制字符"),
        ("spool://a%00b", "含有控制字符"),
        ("tcp://127.0.0.1:1?timeout=nan", "timeout=nan 不是数字"),
        ("tcp://127.0.0.1:1?timeout=1e400", "不是数字"),
        ("usb://0x10000:0x1", "USB 地址"),
    ],
)
def test_a_printer_url_that_cannot_be_parsed(hall: Cli, url: str, said: str) -> None:
    for verb in (("test", url), ("add", "票据", url)):
        result = hall("printer", *verb)
        assert result.code == 2 and said in result.err, result.err


def test_numbers_no_column_holds_are_bad_input(hall: Cli) -> None:
    result = hall("printer", "jobs", "--limit", str(2**63))
    assert result.code == 2 and "应为 1 到 100000 之间的整数" in result.err
    assert hall("calendar", "complete", "10" * 30).code == 2
    assert hall("queue", "window-set", "3", "--categories", "A", "--led", str(2**70)).code == 2


def test_arguments_that_are_no_text(hall: Cli) -> None:
    before = digest(hall.path)
    nul = hall("hall", "set", "court", "海州\x00法院")
    assert nul.code == 2 and "空字符" in nul.err
    undecodable = hall("hall", "set", "court", "海州\udcff法院")
    assert undecodable.code == 2 and "不是有效的 UTF-8 文字" in undecodable.err
    assert digest(hall.path) == before


def test_standard_input_that_is_not_utf8(
    hall: Cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xffpass2026\n"), "utf-8"))
    code = main(["--db", hall.url, "user", "add", "zhao", "--role", "reception"])
    assert code == 2 and "标准输入不是有效的 UTF-8 文字" in capsys.readouterr().err


# --- point 8: demo seed on a PC of a hall -----------------------------------------------------


@pytest.fixture
def joined(hall: Cli) -> Iterator[Services]:
    """A PC of a hall whose earlier cases came back from the central: the cases are there,
    this PC's day counters know nothing of them (a reinstalled PC)."""
    services = Services.open(hall.url)
    seed_demo(services, 6, seed=3, method="service", today=date(2026, 11, 27))
    with services.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM daily_counter"))
        _put(conn, K_ENABLED, "1")  # what joining a central leaves behind
    yield services
    services.close()


@pytest.mark.parametrize("method", ["bulk", "service"])
def test_demo_seed_on_a_pc_of_a_hall_numbers_after_the_central_and_only_here(
    joined: Services, method: str
) -> None:
    with joined.db.engine.connect() as conn:
        before = set(conn.execute(text("SELECT number FROM cases")).scalars())
    seed_demo(joined, 40, seed=4, method=method, today=date(2026, 11, 27))
    with joined.db.engine.connect() as conn:
        counters = set(conn.execute(text("SELECT DISTINCT counter_code FROM cases")).scalars())
        numbers = list(conn.execute(text("SELECT number FROM cases")).scalars())
    assert counters == {"W03"}
    assert len(numbers) == len(set(numbers)) == len(before) + 40
    assert before <= set(numbers)


def test_demo_seed_on_a_pc_of_a_hall_refuses_other_counters(joined: Services) -> None:
    from counter_app.core.errors import CounterError

    with pytest.raises(CounterError, match="只能以本窗口 W03 的名义"):
        seed_demo(joined, 40, method="bulk", counters=("W03", "W01"))


# --- point 8: sync grant without CREATEROLE ---------------------------------------------------


def test_sync_grant_by_an_owner_without_createrole(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _main(monkeypatch, capsys, "--db", pg_url, "db", "upgrade")[0] == 0
    engine = make_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP ROLE IF EXISTS weak_owner")
            conn.exec_driver_sql("CREATE ROLE weak_owner LOGIN NOCREATEROLE")
            database = conn.execute(text("SELECT current_database()")).scalar_one()
            conn.exec_driver_sql(f'ALTER DATABASE "{database}" OWNER TO weak_owner')
    finally:
        engine.dispose()
    weak = pg_url.replace("postgres@", "weak_owner@")
    code, err = _main(monkeypatch, capsys, "--db", weak, "sync", "grant", "counter", "W07")
    assert code == 2
    assert "数据库账号权限不足" in err and "CREATEROLE" in err
    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = 'counter_w07'"))
            assert found.first() is None
    finally:
        engine.dispose()
