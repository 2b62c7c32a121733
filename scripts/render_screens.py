"""Render the screens offscreen to PNG (docs/screenshots or a given folder) for a look.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_screens.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from counter_app.domain.roles import Area, Role  # noqa: E402
from counter_app.services.container import Services  # noqa: E402
from counter_app.services.hall import HallSettings  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.login_dialog import LoginDialog  # noqa: E402
from ui.main_window import CounterMainWindow  # noqa: E402
from ui.setup_dialog import FirstRunDialog  # noqa: E402


def grab(widget: QWidget, path: Path, size: tuple[int, int] | None = None) -> None:
    if size:
        widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    make_application(sys.argv)
    tmp = Path(tempfile.mkdtemp())
    services = Services.open(f"sqlite+pysqlite:///{tmp / 'demo.db'}")
    grab(FirstRunDialog(services.hall), out / "first_run.png")
    hall = HallSettings(hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W03")
    admin = services.hall.first_run(hall, "admin", "王管理", "admin2026ok")
    services.staff.add_user(admin, "li", "李受理", frozenset({Role.RECEPTION}), "recept2026")
    grab(LoginDialog(services.staff, hall.hall_name, hall.counter_code), out / "login.png")
    reception = services.staff.login("li", "recept2026")
    window = CounterMainWindow(services, reception, services.hall.settings())
    grab(window, out / "info_window.png", (1366, 768))
    window.panels[Area.INFO].catalog.search.setText("zlsq")  # type: ignore[attr-defined]
    grab(window, out / "item_guide.png", (1366, 768))
    window.tabs.setCurrentIndex(1)
    grab(window, out / "reception_placeholder.png", (1366, 768))
    admin_window = CounterMainWindow(services, admin, services.hall.settings())
    admin_window.tabs.setCurrentIndex(1)
    grab(admin_window, out / "administration.png", (1366, 768))
    services.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
