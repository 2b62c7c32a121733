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

from PySide6.QtWidgets import QApplication, QWidget

from counter_app.domain.roles import Area, Role
from ui.app import make_application, start_counter
from ui.pages.setup_page import FirstRunPage
from ui.tasks import SyncRunner

ADMIN_PASSWORD = "admin2026ok"


def grab(widget: QWidget, path: Path) -> None:
    widget.resize(1366, 768)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    make_application(sys.argv)
    url = f"sqlite+pysqlite:///{Path(tempfile.mkdtemp()) / 'demo.db'}"
    window = start_counter(url, SyncRunner())
    page = window.stack.currentWidget()
    assert isinstance(page, FirstRunPage)
    grab(window, out / "first_run.png")
    page.hall_name.setText("连云港市知识产权保护中心")
    page.hall_code.setText("LYG")
    page.counter_code.setText("W03")
    page.display_name.setText("王管理")
    page.password.setText(ADMIN_PASSWORD)
    page.password2.setText(ADMIN_PASSWORD)
    page.save_button.click()
    services = window.services
    assert services is not None and window.workspace is not None
    admin = window.workspace.actor
    services.staff.add_user(admin, "li", "李受理", frozenset({Role.RECEPTION}), "recept2026")
    window.workspace.tabs.setCurrentIndex(1)
    grab(window, out / "administration.png")
    window.logout()
    window.login_page.username.setText("li")
    grab(window, out / "login.png")
    window.login_page.password.setText("recept2026")
    window.login_page.login_button.click()
    grab(window, out / "info_window.png")
    window.workspace.panels[Area.INFO].catalog.search.setText("zlsq")  # type: ignore[attr-defined]
    grab(window, out / "item_guide.png")
    window.workspace.tabs.setCurrentIndex(1)
    grab(window, out / "reception.png")
    services.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
