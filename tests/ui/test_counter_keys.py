"""The counter's keys (issue 16 points 10, 12-14 and the 40-keys goal).

- One meaning per key across the counter's tabs: every key of a button or shortcut on the
  信息窗口, 受理, 审批, 送达 and 叫号 tabs (and the reception's case view) is in the key table
  (ui/reception/keys.py, docs/decisions/0017) with the button's label among that key's labels.
- After a tab switch the focus is inside the tab.
- Ctrl+Shift+T ticks every material as received.
- A scan opens the case in the tab on screen (审批: the approval page; 送达: delivery).
- A case received while a ticket is at the window is linked to it, in every path.
- A two-item reception for a returning organisation, keys only, in 40 keys or fewer.

Counting rule for the keys test: every key press counts, Tab, Enter and each shortcut chord
(Ctrl+Shift+T is one press); a scan (the scanner types the number and Enter by itself) is one
action and counts 1; the print dialog's Enter (the system dialog is replaced here) counts 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QPlainTextEdit, QWidget
from sqlalchemy import select

from counter_app.cases.documents import RenderedDocument
from counter_app.cases.rules.reception import Outcome
from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Area, Role
from counter_app.queue.rules.tickets import WindowView
from counter_app.queue.service import QueueService
from db.models import Case
from tests.cases.reception.support import ORG, form
from tests.queue.conftest import Clock, FakePrinter
from ui.document_bar import DocumentBar
from ui.fonts import install_app_font
from ui.reception.keys import COUNTER_KEYS, key_table, show_key_help
from ui.reception.opening import open_scanned_case
from ui.tasks import SyncRunner
from ui.workspace import Workspace

KEY_LIMIT = 40
COUNTER_AREAS = (Area.INFO, Area.RECEPTION, Area.APPROVAL, Area.DELIVERY, Area.QUEUE)
WINDOW_KEYS = (
    {f"Ctrl+{n}" for n in range(1, 10)} | {"Ctrl+L", "Ctrl+Q"} | {f"F{n}" for n in range(1, 10)}
)
# Keys a text field keeps for itself, on some platform (Ctrl+K, Ctrl+U, Ctrl+Shift+A on X11
# desktops: delete to the end of the line, delete the line, deselect).
EDITING_KEYS = {
    *(f"Ctrl+{c}" for c in "ACVXZYKU"),
    "Ctrl+Shift+Z",
    "Ctrl+Shift+A",
}


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[RenderedDocument]:
    """The print dialog is not opened: what is printed is recorded (it is queued)."""
    documents: list[RenderedDocument] = []

    def record(_parent: QWidget, document: RenderedDocument) -> bool:
        documents.append(document)
        return True

    monkeypatch.setattr(DocumentBar, "print_document", staticmethod(record))
    return documents


@pytest.fixture
def clerk(services: Services, admin: Actor) -> Actor:
    """Reception and approval: every counter tab (信息窗口, 受理, 审批, 送达, 叫号)."""
    roles = frozenset({Role.RECEPTION, Role.ADMINISTRATIVE})
    services.staff.add_user(admin, "chen", "陈窗口", roles, "chen2026ok")
    return services.staff.login("chen", "chen2026ok")


@pytest.fixture
def queue(services: Services) -> QueueService:
    queue = QueueService(services.db, clock=Clock(), printer=FakePrinter())
    services.queue = queue
    queue.save_window(SYSTEM_ACTOR, WindowView("1", "", ("A",)))
    return queue


@pytest.fixture
def workspace(qtbot, services: Services, clerk: Actor, queue: QueueService) -> Iterator[Workspace]:
    queue.open_window(clerk, "1")
    widget = Workspace(services, clerk, services.hall.settings(), runner=SyncRunner())
    qtbot.addWidget(widget)
    panel = widget.panels[Area.QUEUE]
    panel.window_box.setCurrentIndex(panel.window_box.findData("1"))  # type: ignore[attr-defined]
    widget.resize(1366, 768)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    yield widget


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


@dataclass
class Keys:
    """Keys pressed where the focus is, each counted."""

    qtbot: object
    count: int = 0
    log: list[str] = field(default_factory=list)

    def press(self, keys: str) -> None:
        *mods, name = keys.split("+")
        modifiers = Qt.KeyboardModifier.NoModifier
        for mod in mods:
            modifiers |= {
                "Ctrl": Qt.KeyboardModifier.ControlModifier,
                "Shift": Qt.KeyboardModifier.ShiftModifier,
                "Alt": Qt.KeyboardModifier.AltModifier,
            }[mod]
        named = {"Enter": Qt.Key.Key_Return, "Tab": Qt.Key.Key_Tab, "Space": Qt.Key.Key_Space}
        key = named.get(name) or getattr(Qt.Key, f"Key_{name}")
        self.qtbot.keyClick(focused(), key, modifiers)  # type: ignore[attr-defined]
        self._count(keys)

    def type(self, text: str) -> None:
        for char in text:
            self.qtbot.keyClick(focused(), char)  # type: ignore[attr-defined]
            self._count(char)

    def scan(self, text: str) -> None:
        """A scanner's burst and Enter: one action."""
        self.qtbot.keyClicks(focused(), text)  # type: ignore[attr-defined]
        self.qtbot.keyClick(focused(), Qt.Key.Key_Return)  # type: ignore[attr-defined]
        self._count(f"scan {text}")

    def counted_without_pressing(self, what: str) -> None:
        self._count(what)

    def _count(self, what: str) -> None:
        self.count += 1
        self.log.append(what)


# --- one meaning per key -------------------------------------------------------------------


def _label(button: QAbstractButton) -> tuple[str, str] | None:
    """("Ctrl+S", "受理") from "受理 (Ctrl+S)"; None for a button that names no key."""
    text = button.text()
    if not text.endswith(")") or " (" not in text:
        return None
    label, key = text[:-1].rsplit(" (", 1)
    return key, label.strip()


def _keys_of(panel: QWidget) -> tuple[list[tuple[str, QWidget]], list[tuple[str, str]]]:
    """The enabled shortcuts (key, scope) and the keyed buttons (key, label) in ``panel``."""
    shortcuts = [
        (s.key().toString(), s.parent())
        for s in panel.findChildren(QShortcut)
        if s.isEnabled() and isinstance(s.parent(), QWidget) and s.key().toString()
    ]
    buttons = [found for b in panel.findChildren(QAbstractButton) if (found := _label(b))]
    return shortcuts, buttons


def _overlap(a: QWidget, b: QWidget) -> bool:
    """Both active at once: the same window, one's scope holding the other's."""
    if a.window() is not b.window():
        return False
    return a is b or a.isAncestorOf(b) or b.isAncestorOf(a)


def counter_panels(workspace: Workspace) -> dict[Area, QWidget]:
    """The counter's tabs, with the parts built on first use built now."""
    panels = {area: workspace.panels[area] for area in COUNTER_AREAS}
    panels[Area.RECEPTION].case_dialog_for()  # type: ignore[attr-defined]
    return panels


def test_every_key_of_the_counter_tabs_has_one_meaning(workspace: Workspace) -> None:
    table = key_table()
    meanings: dict[str, set[str]] = {}
    for area, panel in counter_panels(workspace).items():
        shortcuts, buttons = _keys_of(panel)
        assert shortcuts, f"{area} has no key"
        for key, _scope in shortcuts:
            assert key in table, f"{area}: {key} is not in the key table"
            assert key not in EDITING_KEYS, f"{area}: {key} is an editing key"
            if area is not Area.QUEUE:
                assert key not in WINDOW_KEYS, f"{area}: {key} is a window-wide key"
        for key, label in buttons:
            use = table.get(key)
            assert use is not None, f"{area}: button {label} ({key}) is not in the key table"
            assert any(label.startswith(known) for known in use.labels), (
                f"{area}: {key} means “{use.meaning}”, but the button says “{label}”"
            )
            meanings.setdefault(key, set()).add(use.meaning)
        twice = sorted(
            {
                k
                for i, (k, a) in enumerate(shortcuts)
                for m, b in shortcuts[i + 1 :]
                if k == m and _overlap(a, b)
            }
        )
        assert not twice, f"{area}: ambiguous {twice}"
    assert all(len(m) == 1 for m in meanings.values()), meanings


def test_the_key_table_gives_each_key_once() -> None:
    keys = [use.key for use in COUNTER_KEYS]
    assert len(keys) == len(set(keys))
    assert {"Ctrl+R", "Ctrl+G", "Ctrl+B", "Ctrl+E"} <= set(keys)
    assert not EDITING_KEYS & set(keys)


def test_the_help_shows_the_key_table(qtbot, workspace: Workspace) -> None:
    dialog = show_key_help(workspace)
    qtbot.addWidget(dialog)
    (text,) = dialog.findChildren(QPlainTextEdit)
    shown = text.toPlainText()
    assert "Ctrl+Shift+T" in shown and "材料全部勾选为已收" in shown
    assert len(shown.splitlines()) == len(COUNTER_KEYS)
    dialog.resize(1000, 600)
    dialog.grab().save("/tmp/counter_key_help.png")


def test_switching_tabs_puts_the_focus_into_the_tab(qtbot, workspace: Workspace) -> None:
    for number in (2, 3, 4, 5, 1):
        qtbot.keyClick(
            focused(), Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier
        )
        panel = workspace.tabs.currentWidget()
        assert workspace.tabs.currentIndex() == number - 1
        assert panel.isAncestorOf(focused()), (number, focused())
    reception = workspace.panels[Area.RECEPTION]
    workspace.tabs.setCurrentWidget(reception)
    assert focused() is reception.form.applicant.id_number.edit  # type: ignore[attr-defined]


# --- tick every material ---------------------------------------------------------------------


def test_ctrl_shift_t_ticks_every_material_then_space_unticks_one(
    qtbot, workspace: Workspace
) -> None:
    reception = workspace.panels[Area.RECEPTION]
    workspace.tabs.setCurrentWidget(reception)
    keys = Keys(qtbot)
    keys.press("Ctrl+F")
    for number in ("11", "14"):
        keys.type(number)
        keys.press("Enter")
    model = reception.form.materials  # type: ignore[attr-defined]
    assert model.rowCount() >= 2 and not any(line.received for line in model.lines())
    keys.press("Ctrl+Shift+T")
    assert all(line.received for line in model.lines())
    assert focused() is reception.form.materials_view  # type: ignore[attr-defined]
    keys.press("Space")  # the first one is missing after all
    assert [line.received for line in model.lines()][:2] == [False, True]


# --- scans -----------------------------------------------------------------------------------


def _received(services: Services, actor: Actor, *numbers: int) -> str:
    return services.reception.receive(actor, form(services, *numbers)).number


def test_a_scan_on_the_approval_tab_opens_the_case_in_the_approval_page(
    workspace: Workspace, services: Services, clerk: Actor
) -> None:
    number = _received(services, clerk, 11)
    approval = workspace.panels[Area.APPROVAL]
    workspace.tabs.setCurrentWidget(approval)
    open_scanned_case(workspace, number.lower())
    assert approval.stack.currentWidget() is approval.case_page  # type: ignore[attr-defined]
    loaded = approval.case_page.loaded  # type: ignore[attr-defined]
    assert loaded is not None and loaded.case.number == number
    reception = workspace.panels[Area.RECEPTION]
    assert reception.case_dialog is None or not reception.case_dialog.isVisible()  # type: ignore[attr-defined]


def test_a_scan_on_the_delivery_tab_selects_a_ready_case(
    workspace: Workspace, services: Services, clerk: Actor
) -> None:
    number = _received(services, clerk, 11)
    other = _received(services, clerk, 14)
    for case_number in (other, number):
        case = services.reception.open_case(clerk, case_number)
        services.approval.start_examination(clerk, case.id, case.row_version)
        case = services.reception.open_case(clerk, case_number)
        services.approval.approve(clerk, case.id, case.row_version, "ZL 2026 1 0000001.0", "")
    delivery = workspace.panels[Area.DELIVERY]
    workspace.tabs.setCurrentWidget(delivery)
    open_scanned_case(workspace, number)
    ready = delivery.ready  # type: ignore[attr-defined]
    assert delivery.pages.currentWidget() is ready  # type: ignore[attr-defined]
    selected = ready.selected()
    assert selected is not None and selected.number == number
    # A case that is not ready for delivery: the pickup page, which says its state.
    waiting = _received(services, clerk, 4)
    open_scanned_case(workspace, waiting)
    assert delivery.pages.currentWidget() is delivery.collect  # type: ignore[attr-defined]
    assert "没有待领取" in delivery.collect.banner.text()  # type: ignore[attr-defined]


def test_a_scan_on_the_information_tab_opens_the_reception_case_view(
    workspace: Workspace, services: Services, clerk: Actor
) -> None:
    number = _received(services, clerk, 11)
    workspace.tabs.setCurrentIndex(0)
    open_scanned_case(workspace, number)
    dialog = workspace.panels[Area.RECEPTION].case_dialog  # type: ignore[attr-defined]
    assert dialog is not None and dialog.case is not None and dialog.case.number == number


# --- the ticket served is linked to the cases received ------------------------------------


def _ticket_of(services: Services, number: str) -> object:
    with services.db.read() as session:
        return session.scalar(select(Case.ticket_id).where(Case.number == number))


def _save(reception: QWidget, services: Services, *numbers: int) -> str:
    data = form(services, *numbers, draft_key=None)
    reception.form.reception_input = lambda _o, _k: data  # type: ignore[attr-defined]
    reception._on_outcome_chosen(Outcome.ACCEPT)  # type: ignore[attr-defined]
    case = reception.result.case  # type: ignore[attr-defined]
    assert case is not None
    return str(case.number)


def test_cases_received_during_a_visit_are_linked_to_its_ticket(
    qtbot, workspace: Workspace, services: Services, queue: QueueService
) -> None:
    """Called (F1), served (F6), a second case of the same visit, a bundle's items; none
    after the ticket is finished (F5)."""
    queue.issue("A")
    queue.issue("A")
    reception = workspace.panels[Area.RECEPTION]
    workspace.tabs.setCurrentWidget(reception)
    qtbot.keyClick(focused(), Qt.Key.Key_F1)
    first = workspace.panels[Area.QUEUE].current_ticket_id  # type: ignore[attr-defined]
    assert first is not None
    called = _save(reception, services, 11)  # the ticket is called, not yet served
    qtbot.keyClick(focused(), Qt.Key.Key_F6)  # 开始办理
    reception.new_form()  # type: ignore[attr-defined]
    served = _save(reception, services, 4)
    reception.new_form()  # type: ignore[attr-defined]
    bundle = _save(reception, services, 11, 14)  # a 一件事 bundle: one case, two items
    assert {_ticket_of(services, n) for n in (called, served, bundle)} == {first}
    qtbot.keyClick(focused(), Qt.Key.Key_F5)  # 办结
    reception.new_form()  # type: ignore[attr-defined]
    after = _save(reception, services, 4)
    assert _ticket_of(services, after) is None
    qtbot.keyClick(focused(), Qt.Key.Key_F1)  # the next applicant
    second = workspace.panels[Area.QUEUE].current_ticket_id  # type: ignore[attr-defined]
    reception.new_form()  # type: ignore[attr-defined]
    assert _ticket_of(services, _save(reception, services, 14)) == second != first


# --- the goal: 40 keys -----------------------------------------------------------------------


def test_a_two_item_reception_for_a_returning_organisation_in_40_keys(
    qtbot,
    workspace: Workspace,
    services: Services,
    clerk: Actor,
    queue: QueueService,
    printed: list[RenderedDocument],
) -> None:
    """F1 calls the organisation's agent; 受理 tab; the credit code typed (the rest comes from
    the last visit); items 11 and 14; every material received; 受理; the notice printed."""
    earlier = services.reception.receive(clerk, form(services, 4))
    assert earlier.applicant.name == ORG.name  # the organisation is on record
    queue.issue("A")
    keys = Keys(qtbot)
    workspace.tabs.setCurrentIndex(0)  # the day starts on the information window
    keys.press("F1")
    keys.press("Ctrl+2")
    reception = workspace.panels[Area.RECEPTION]
    assert workspace.tabs.currentWidget() is reception
    keys.type(ORG.id_number)
    applicant = reception.form.applicant  # type: ignore[attr-defined]
    assert applicant.name.text() == ORG.name and applicant.contact_name.text() == ORG.contact_name
    keys.press("Ctrl+F")
    for number in ("11", "14"):
        keys.type(number)
        keys.press("Enter")
    keys.press("Ctrl+Shift+T")
    workspace.grab().save("/tmp/reception_ticked.png")  # looked at: 1366 x 768
    keys.press("Ctrl+S")
    case = reception.result.case  # type: ignore[attr-defined]
    assert case is not None and case.status is CaseState.RECEIVED
    assert [i.number for i in case.items] == [11, 14]
    assert case.received_on == date(2026, 11, 27)
    keys.press("Ctrl+P")
    keys.counted_without_pressing("Enter in the print dialog")
    assert [d.kind for d in printed] == ["acceptance"]
    assert printed[0].number == case.number
    assert _ticket_of(services, case.number) is not None
    print(f"\n{keys.count} keys: {' '.join(keys.log)}")
    assert keys.count <= KEY_LIMIT, keys.log
