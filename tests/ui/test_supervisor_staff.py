"""主管 → 人员考核 and 多次跑动, driven by the keyboard alone; both rendered at 1366x768 with
data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.container import Services
from counter_app.core.roles import Actor
from tests.cases.reception.support import PERSON, form, received
from tests.supervision.test_assessment import BOSS, CHINA, load_dataset
from tests.ui.keyboard import type_text
from ui.fonts import install_app_font
from ui.supervisor.staff_page import StaffAssessmentWidget
from ui.supervisor.visits import VisitsWidget
from ui.tasks import SyncRunner


def key(qtbot, widget: QWidget, name: str, ctrl: bool = False) -> None:  # type: ignore[no-untyped-def]
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(widget, getattr(Qt.Key, f"Key_{name}"), modifier)


def activate(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Show the page as the active window (keys reach its shortcuts)."""
    widget.resize(1366, 768)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


@pytest.fixture
def hall(services: Services) -> Services:
    load_dataset(services.db)
    services.assessment.utc_offset = CHINA
    services.staff_records.assessment.utc_offset = CHINA
    return services


@pytest.fixture
def page(qtbot, qapp, hall: Services) -> StaffAssessmentWidget:  # type: ignore[no-untyped-def]
    install_app_font(qapp)  # the counter's font, whatever ran before
    widget = StaffAssessmentWidget(hall, BOSS, SyncRunner())
    qtbot.addWidget(widget)
    activate(qtbot, widget)
    return widget


def test_the_page_shows_this_month_of_the_first_staff_member(page: StaffAssessmentWidget) -> None:
    assert page.staff_box.count() == 2  # li and wu; the administrator-only account is not
    assert page.staff() == "li"
    assert page.period() == (date(2026, 11, 1), date(2026, 11, 30))
    figures = page.figures
    assert figures.value("受理") == "3 件"
    assert figures.value("按期办结率") == "66.7%"
    assert figures.value("等候 平均 / 中位") == "7.8 分钟 / 7.5 分钟"
    assert figures.value("非常满意") == "3 次" and figures.value("满意率") == "57.1%"
    assert figures.value("差评") == "2 次（申诉撤销 1 次不计）"
    assert figures.value("投诉成立") == "1 件"
    assert page.training_model.rowCount() == 3


def test_training_is_added_from_the_keyboard_and_a_bad_one_shown_at_its_field(
    qtbot, page: StaffAssessmentWidget, hall: Services
) -> None:  # type: ignore[no-untyped-def]
    key(qtbot, page, "N", ctrl=True)
    form = page.training_form
    assert form.isVisible() and focused() is form.held_on
    key(qtbot, focused(), "Tab")
    assert focused() is form.subject
    key(qtbot, form.subject, "Return")  # no subject yet
    assert form.error_text("subject") == "请填写培训内容"
    assert len(hall.staff_records.trainings(BOSS, staff="li")) == 3
    type_text(qtbot, form.subject, "窗口服务礼仪")
    key(qtbot, focused(), "Tab")
    assert focused() is form.hours
    key(qtbot, focused(), "Up")  # 2.0 -> 2.5
    key(qtbot, focused(), "Return")
    assert not form.isVisible()
    saved = hall.staff_records.trainings(BOSS, staff="li")[0]
    assert (saved.subject, saved.hours, saved.held_on) == ("窗口服务礼仪", 2.5, date(2026, 11, 27))
    assert page.training_model.rowCount() == 4
    assert page.figures.value("培训") == "3 次，8 学时"
    assert "已登记培训" in page.banner.text()


def test_a_merit_is_proposed_from_the_figures_and_recorded(
    qtbot, page: StaffAssessmentWidget, hall: Services
) -> None:  # type: ignore[no-untyped-def]
    key(qtbot, page, "G", ctrl=True)
    merit = page.merit_form
    assert merit.isVisible() and merit.kind.text() == "惩戒"
    assert "成立的投诉 1 件" in merit.reasons.text()
    assert "满意率 57.1%；按期办结率 66.7%，超期 1 件；投诉 3 件，成立 1 件" in merit.basis.text()
    assert focused() is merit.note
    type_text(qtbot, merit.note, "约谈一次")
    key(qtbot, merit.note, "Return")
    assert not merit.isVisible()
    assert page.merit_model.rowCount() == 1
    assert hall.staff_records.merits(BOSS, "li")[0].note == "约谈一次"
    key(qtbot, page, "G", ctrl=True)  # the same period again: refused on the form
    key(qtbot, merit.note, "Return")
    assert "已有奖惩记录" in merit.message.text() and merit.isVisible()
    key(qtbot, page, "Escape")
    assert not merit.isVisible()


def test_last_month_and_another_staff_member_by_keyboard(
    qtbot, page: StaffAssessmentWidget
) -> None:  # type: ignore[no-untyped-def]
    key(qtbot, page, "B", ctrl=True)
    assert page.period() == (date(2026, 10, 1), date(2026, 10, 31))
    assert page.figures.value("受理") == "1 件"
    key(qtbot, page, "M", ctrl=True)
    page.staff_box.setFocus()
    key(qtbot, page.staff_box, "Down")
    key(qtbot, page, "R", ctrl=True)
    assert page.staff() == "wu" and page.figures.value("受理") == "4 件"


def test_the_staff_page_renders_at_1366x768(
    qtbot, page: StaffAssessmentWidget, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    key(qtbot, page, "G", ctrl=True)
    image = page.grab()
    assert (image.width(), image.height()) == (1366, 768)
    assert image.save(str(tmp_path / "staff_page.png"))
    for label in page.figures.values.values():  # nothing cut off
        assert label.width() >= label.sizeHint().width()


def test_the_visits_page_lists_the_matters_of_more_than_one_visit(
    qtbot, services: Services, reception_user: Actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    waiting = services.reception.receive(
        reception_user, form(services, 11, lacking=1, applicant=PERSON)
    )
    complete = tuple(received(m.line) for m in waiting.materials)
    services.reception.supplement(reception_user, waiting.id, complete, waiting.row_version)
    for _ in range(3):
        services.reception.receive(reception_user, form(services, 14))
    widget = VisitsWidget(services, BOSS, SyncRunner())
    qtbot.addWidget(widget)
    activate(qtbot, widget)
    assert widget.share.text() == "75.0%"
    assert widget.model.rowCount() == 1
    row = widget.model.row_at(0)
    assert (row.number, row.visits, row.why, row.applicant) == (
        waiting.number,
        2,
        "补正 1 次",
        "王*",
    )
    assert "办件 4 件，一次办成 3 件" in widget.summary.text()
    assert widget.grab().save(str(tmp_path / "visits.png"))
    key(qtbot, focused(), "B", ctrl=True)
    assert widget.model.rowCount() == 0 and widget.share.text() == "—"
