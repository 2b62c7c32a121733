"""The reception's save shows the case before its notice is rendered (issue 17); the notice
follows as the worker's next job. 保存后立即打印通知书 (Alt+P) renders it with the save and
sends it to the printer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from counter_app.cases.documents import RenderedDocument
from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.hall.bundles import BundleView
from db.models import DocumentIssue
from tests.ui.test_login_and_main import shown
from tests.ui.test_reception_panel import BUNDLE, fill_complete, press
from ui.document_bar import DocumentBar
from ui.fonts import install_app_font
from ui.reception.reception_panel import ReceptionPanel


class QueuedRunner:
    """Jobs wait until the test runs them, one at a time, as the worker thread would."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None], Callable[..., None]]] = []

    def run(self, work: Callable[[], Any], done: Callable[[Any], None], failed: Any) -> None:
        self.jobs.append((work, done, failed))

    def step(self) -> None:
        work, done, failed = self.jobs.pop(0)
        try:
            result = work()
        except Exception as exc:
            failed(exc)
        else:
            done(result)

    def drain(self) -> None:
        while self.jobs:
            self.step()

    def idle(self) -> bool:
        return not self.jobs


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[RenderedDocument]:
    sent: list[RenderedDocument] = []

    def record(_parent: QWidget, document: RenderedDocument) -> bool:
        sent.append(document)
        return True

    monkeypatch.setattr(DocumentBar, "print_document", staticmethod(record))
    return sent


@pytest.fixture
def bundle(services: Services, admin: Actor) -> BundleView:
    return services.bundles.save(admin, None, BUNDLE, "质押登记与许可备案一并办理", (11, 14))


@pytest.fixture
def runner() -> QueuedRunner:
    return QueuedRunner()


@pytest.fixture
def panel(
    qtbot, services: Services, reception_user: Actor, bundle: BundleView, runner: QueuedRunner
) -> ReceptionPanel:
    widget = ReceptionPanel(services, reception_user, runner)
    widget.resize(1366, 768)
    runner.drain()  # the catalogue
    return shown(qtbot, widget)


def issued(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(DocumentIssue)) or 0)


def test_the_saved_case_shows_before_its_notice_is_rendered(
    qtbot,
    panel: ReceptionPanel,
    runner: QueuedRunner,
    services: Services,
    bundle: BundleView,
    printed: list[RenderedDocument],
    tmp_path: Path,
) -> None:
    fill_complete(panel, bundle)
    runner.drain()  # what the form looked up while being filled (integrity records)
    assert not panel.form.print_at_once.isChecked()
    press(qtbot, panel.form.applicant.name.edit, "Ctrl+S")
    assert len(runner.jobs) == 1
    runner.step()  # the save alone
    case = panel.result.case
    assert case is not None and case.status is CaseState.RECEIVED
    assert panel.stack.currentWidget() is panel.result
    assert panel.result.documents.document is None
    assert "受理通知书正在生成" in panel.result.documents.title.text()
    assert not panel.result.documents.print_button.isEnabled()
    assert issued(services) == 0 and len(runner.jobs) == 1
    panel.grab().save(str(tmp_path / "reception-saved-pending.png"))

    runner.step()  # the notice, next on the worker
    notice = panel.result.documents.document
    assert notice is not None and notice.kind == "acceptance" and not notice.reprint
    assert case.number in panel.result.documents.title.text()
    assert panel.result.documents.print_button.isEnabled() and issued(services) == 1
    press(qtbot, panel.result, "Ctrl+P")
    assert printed == [notice]


def test_print_at_once_renders_with_the_save_and_prints(
    qtbot,
    panel: ReceptionPanel,
    runner: QueuedRunner,
    services: Services,
    bundle: BundleView,
    printed: list[RenderedDocument],
    tmp_path: Path,
) -> None:
    press(qtbot, panel.form.applicant.name.edit, "Alt+P")
    assert panel.form.print_at_once.isChecked()
    fill_complete(panel, bundle)
    runner.drain()
    panel.grab().save(str(tmp_path / "reception-print-at-once.png"))
    press(qtbot, panel.form.applicant.name.edit, "Ctrl+S")
    assert len(runner.jobs) == 1
    runner.step()  # save and notice in one job
    assert runner.idle()
    notice = panel.result.documents.document
    assert notice is not None and notice.kind == "acceptance"
    assert printed == [notice] and issued(services) == 1
    press(qtbot, panel.result, "Esc")  # the next applicant: the choice stays for the session
    assert panel.form.is_empty() and panel.form.print_at_once.isChecked()
