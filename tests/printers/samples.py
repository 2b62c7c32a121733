"""Sample documents, golden-file helpers and zbarimg for the printer tests.

Regenerate golden files after an intended change: ``PRINTERS_UPDATE_GOLDEN=1 pytest ...``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from PIL import Image

from printers.documents import AcceptanceReceipt, MailLabel, PaymentReceipt, QueueTicket, TestPage

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PRINTERS_UPDATE_GOLDEN") == "1"
HALL = "连云港市知识产权保护中心"

TICKET = QueueTicket(
    number="A001",
    category="专利业务",
    people_ahead=12,
    wait_text="约 20-30 分钟",
    issued_at=datetime(2026, 11, 28, 9, 15),
    qr_payload="https://ip.lyg.gov.cn/q?t=A001",
    hall_name=HALL,
)
ACCEPTANCE = AcceptanceReceipt(
    hall_name=HALL,
    case_number="LYG-20261128-W03-0001",
    applicant="连云港某某科技有限公司",
    items=("专利权质押登记", "专利实施许可合同备案（含变更）", "知识产权维权援助申请"),
    received_at=datetime(2026, 11, 28, 10, 5),
    promised_on=date(2026, 12, 12),
    qr_payload="https://ip.lyg.gov.cn/c/LYG-20261128-W03-0001",
    window="3号窗口",
    staff="王芳",
)
PAYMENT = PaymentReceipt(
    hall_name=HALL,
    receipt_number="SK20261128-0007",
    payer="张三",
    item="专利年费（第3年）",
    amount=Decimal("1234.50"),
    channel="微信支付",
    paid_at=datetime(2026, 11, 28, 10, 20),
    case_number="LYG-20261128-W03-0001",
    staff="王芳",
)
MAIL = MailLabel(
    recipient_name="李明",
    recipient_address="江苏省连云港市海州区朝阳东路66号知识产权大厦3楼301室（东门进）",
    recipient_mobile="13812345678",
    recipient_postal_code="222006",
    sender_office=HALL,
    sender_address="江苏省连云港市海州区苍梧路8号政务服务中心二楼",
    sender_phone="0518-85800000",
    case_number="LYG-20261128-W03-0001",
    contents="专利证书 1 件；受理通知书 2 份",
    tracking_number="1151234567890",
    qr_payload="https://ip.lyg.gov.cn/c/LYG-20261128-W03-0001",
)
PAGE = TestPage(HALL, "1号窗口小票机", "serial:///dev/ttyS0?baud=9600", datetime(2026, 11, 28, 8))


def assert_golden(name: str, data: bytes) -> None:
    """``data`` equals ``golden/name`` byte for byte."""
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(data)
    assert path.exists(), f"missing golden file {path}; run with PRINTERS_UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    assert len(data) == len(expected), f"{name}: {len(data)} bytes, golden {len(expected)}"
    assert data == expected, f"{name}: first difference at byte " + str(
        next(i for i, (a, b) in enumerate(zip(data, expected, strict=True)) if a != b)
    )


def assert_golden_png(name: str, image: Image.Image) -> None:
    """``image`` has the same size and pixels as ``golden/name`` (a 1-bit PNG)."""
    path = GOLDEN / name
    if UPDATE:
        image.convert("1").save(path, optimize=True)
    assert path.exists(), f"missing golden file {path}; run with PRINTERS_UPDATE_GOLDEN=1"
    with Image.open(path) as expected:
        assert image.size == expected.size
        assert image.convert("1").tobytes() == expected.convert("1").tobytes(), name


def zbar(image: Image.Image, tmp_path: Path, margin: int = 40) -> set[str]:
    """What zbarimg reads in ``image`` (white margin added), as ``TYPE:data`` strings."""
    assert shutil.which("zbarimg"), "zbarimg (apt zbar-tools) is needed for these tests"
    framed = Image.new("1", (image.width + 2 * margin, image.height + 2 * margin), 1)
    framed.paste(image.convert("1"), (margin, margin))
    path = tmp_path / "scan.png"
    framed.save(path)
    done = subprocess.run(["zbarimg", "-q", str(path)], capture_output=True, text=True)
    return set(done.stdout.splitlines())
