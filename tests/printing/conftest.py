"""Fixtures of the print-queue tests: a print service with a fast retry policy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.printing.service import PrintService
from counter_app.printing.views import PrinterInput, PrinterView
from tests.printers.fakes import FakeSerialPrinter
from tests.printing.support import FAST, Finished, ReplugPort


@pytest.fixture
def printing(services: Services, tmp_path: Path) -> Iterator[PrintService]:
    service = PrintService(services.db, station="pc-test", policy=FAST, pdf_folder=tmp_path / "pdf")
    yield service
    service.stop()


@pytest.fixture
def finished(printing: PrintService) -> Finished:
    return Finished(printing)


@pytest.fixture
def serial_printer() -> Iterator[FakeSerialPrinter]:
    printer = FakeSerialPrinter()
    yield printer
    printer.close()


@pytest.fixture
def port(tmp_path: Path) -> Iterator[ReplugPort]:
    replug = ReplugPort(tmp_path)
    yield replug
    replug.close()


@pytest.fixture
def add_printer(printing: PrintService, admin: Actor):
    def add(url: str, role: str = "receipt", **options: object) -> PrinterView:
        name = options.pop("name", {"receipt": "票据打印机", "label": "面单打印机"}.get(role, "A4"))
        data = PrinterInput(str(name), role, url, **options)  # type: ignore[arg-type]
        return printing.add_printer(admin, data)

    return add


@pytest.fixture
def admin_on(hall_settings):
    """Open Services on a URL and make its first administrator (for any_url tests)."""
    from tests.conftest import ADMIN_PASSWORD

    def open_on(url: str) -> tuple[Services, Actor]:
        services = Services.open(url)
        actor = services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
        return services, actor

    return open_on
