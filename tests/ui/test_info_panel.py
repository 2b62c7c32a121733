"""The information window: pinyin search, guides, policies and the published staff."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.hall.rules.catalog import parse_item_content
from tests.ui.keyboard import type_text
from tests.ui.test_login_and_main import shown
from ui.fonts import install_app_font
from ui.info.catalog_model import CatalogTableModel
from ui.info.info_panel import InfoPanel


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


def test_search_by_pinyin_initials_opens_the_guide(
    qtbot, services: Services, tmp_path: Path
) -> None:
    panel = InfoPanel(services)
    panel.resize(1366, 700)
    shown(qtbot, panel)
    panel.reload()
    assert panel.catalog.model.rowCount() == 33
    qtbot.keyClicks(panel.catalog.search, "zlsq")
    assert panel.catalog.model.rowCount() == 1
    text = panel.catalog.guide.toPlainText()
    assert "专利申请" in text and "国家知识产权局" in text and "900 元" in text
    qtbot.keyClick(panel.catalog.search, Qt.Key.Key_Return)
    assert panel.catalog.table.hasFocus()
    panel.catalog.search.clear()
    qtbot.keyClicks(panel.catalog.search, "hg")
    assert panel.catalog.count_label.text() == "共 1 项"
    assert "30 个工作日" in panel.catalog.guide.toPlainText()
    assert panel.grab().save(str(tmp_path / "info.png"))


def test_arrow_keys_walk_the_list_and_the_guide_follows(qtbot, services: Services) -> None:
    panel = InfoPanel(services)
    shown(qtbot, panel)
    panel.reload()
    panel.catalog.table.setFocus()
    qtbot.keyClick(panel.catalog.table, Qt.Key.Key_Down)
    assert "专利预审" in panel.catalog.guide.toPlainText()


def test_unknown_values_say_so_rather_than_invent(qtbot, services: Services, admin: Actor) -> None:
    # Every seeded item has a guide (issue 16); an item added with its name only has none.
    bare = parse_item_content({"name": "专利开放许可备案", "category": "utilization"})
    services.catalog.save(admin, None, bare)
    panel = InfoPanel(services)
    qtbot.addWidget(panel)
    panel.reload()
    type_text(qtbot, panel.catalog.search, "专利开放许可")
    assert "本厅尚未公布" in panel.catalog.guide.toPlainText()


def test_no_match_says_so(qtbot, services: Services) -> None:
    panel = InfoPanel(services)
    qtbot.addWidget(panel)
    panel.reload()
    qtbot.keyClicks(panel.catalog.search, "xxxxq")
    assert panel.catalog.count_label.text() == "共 0 项"
    assert "没有找到" in panel.catalog.guide.toPlainText()


def test_catalog_model_is_a_proper_model(qtmodeltester, services: Services) -> None:
    model = CatalogTableModel()
    model.set_items(services.catalog.list_items())
    qtmodeltester.check(model)


def test_published_staff_board(
    qtbot, services: Services, admin: Actor, reception_user: Actor
) -> None:
    services.staff.update_user(
        admin,
        reception_user.staff_id,
        published=True,
        window_no="3",
        services_text="专利、商标受理",
    )
    panel = InfoPanel(services)
    qtbot.addWidget(panel)
    panel.reload()
    board = panel.staff_board
    assert board.rowCount() == 1
    assert board.item(0, 1).text() == "李受理" and board.item(0, 2).text() == "3"


def test_info_pages_show_what_the_administrator_published(
    qtbot, services: Services, admin: Actor
) -> None:
    services.info.save(
        admin,
        None,
        "subsidy",
        "2026年专利资助办法",
        "申请截止 12 月 31 日",
        "https://example.org/zz",
    )
    panel = InfoPanel(services)
    qtbot.addWidget(panel)
    panel.reload()
    panel.pages.sections.setCurrentRow(2)
    assert "2026年专利资助办法" in panel.pages.page.toPlainText()
    panel.pages.sections.setCurrentRow(0)
    assert "暂无内容" in panel.pages.page.toPlainText()
