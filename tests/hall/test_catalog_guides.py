"""The catalogue's guides (issue 16): every item of the seed carries a real guide; a database
seeded by an earlier release gets them through ``update_guides`` for the items nobody edited;
待核实 marks never reach what applicants read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.cli import main as cli_main
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall import catalog as catalog_module
from counter_app.hall.catalog import parse_catalog_file, seed_file
from counter_app.hall.catalog_guides import (
    GuideState,
    fingerprint,
    load_seed_history,
)
from counter_app.hall.rules.catalog import ItemContent, ItemView
from counter_app.hall.rules.legal import LegalKind, legal_kind_of
from counter_app.hall.settings import HallSettings
from counter_app.kiosk.guide import guide_text
from db.models import AuditLog
from tests.conftest import ADMIN_PASSWORD
from ui.info.guide_html import NOT_SET, item_guide_html

PREVIOUS_SEED = Path(__file__).parent / "data" / "items_v1.json"
NOT_LICENSING = (18, 19, 20, 21, 26)


def _seed() -> dict[int, ItemContent]:
    data = json.loads(seed_file().read_text(encoding="utf-8"))
    return {e.number: e.content for e in parse_catalog_file(data)}


def _previous() -> dict[int, ItemContent]:
    data = json.loads(PREVIOUS_SEED.read_text(encoding="utf-8"))
    return {e.number: e.content for e in parse_catalog_file(data)}


def _texts(content: ItemContent) -> str:
    data = content.to_json()
    data.pop("to_confirm")
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("number", range(1, 34))
def test_every_item_has_a_real_guide(number: int) -> None:
    c = _seed()[number]
    assert c.process.strip() and c.guide.strip() and c.authority.strip()
    assert c.materials and all(m.name and m.copies >= 1 for m in c.materials)
    assert c.fees or "不收费" in c.fee_reductions, "fees, or the note that it is free"
    assert c.time_limit_days or c.time_limit_note.strip()
    assert c.rejection_reasons
    bases = c.legal_basis.splitlines()
    assert bases and all(b.strip() == b and b for b in bases), "one basis a line"
    assert "；" not in c.legal_basis, "listed, not glued"
    assert len(c.process.splitlines()) >= 2, "steps, one a line"
    assert "待核实" not in _texts(c), "the mark is to_confirm, never text applicants read"
    assert c.legal_kind, "the seed states every item's kind"
    assert legal_kind_of(number, "") is LegalKind(c.legal_kind), "defaults agree with the seed"


def test_licences_cite_the_licensing_law_and_the_others_do_not() -> None:
    seed = _seed()
    licences = {n for n, c in seed.items() if LegalKind(c.legal_kind).is_licensing}
    assert licences == {1, 5, 6, 9, 10}
    for number, c in seed.items():
        if number in licences:
            assert c.acceptance_basis == "《中华人民共和国行政许可法》第三十二条"
            assert c.decision_basis == "《中华人民共和国行政许可法》第三十八条"
        else:
            assert "行政许可法" not in c.acceptance_basis + c.decision_basis, number
            assert "不属于行政许可" in c.handling_note, number
    kinds = {n: LegalKind(seed[n].legal_kind) for n in NOT_LICENSING}
    assert kinds == {
        18: LegalKind.COMPLAINT,
        19: LegalKind.COMPLAINT,
        20: LegalKind.COMPLAINT,
        21: LegalKind.MEDIATION,
        26: LegalKind.ADJUDICATION,
    }
    assert "7个工作日内" in seed[18].handling_note and "45个工作日" in seed[21].handling_note


def test_the_shipped_seeds_are_all_in_the_history() -> None:
    """Whoever changes items.json appends its fingerprints (catalog_guides.history_json), so
    that the next release's update recognises this one's items as untouched."""
    history = load_seed_history()
    for seed in (_seed(), _previous()):
        for number, content in seed.items():
            assert fingerprint(content) in history[number], number


def test_a_field_added_later_with_an_empty_default_keeps_the_fingerprint() -> None:
    content = _previous()[11]
    assert fingerprint(content) == fingerprint(replace(content, handling_note=""))
    assert fingerprint(content) != fingerprint(replace(content, handling_note="x"))


@pytest.fixture
def old_services(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    """A database the previous release seeded (its items.json), opened by this release."""
    monkeypatch.setattr(catalog_module, "seed_file", lambda: PREVIOUS_SEED)
    Services.open(sqlite_url).close()
    monkeypatch.undo()
    services = Services.open(sqlite_url)
    yield services
    services.close()


def _by_number(services: Services) -> dict[int, ItemView]:
    return {i.number: i for i in services.catalog.list_items(include_retired=True)}


def test_update_adds_versions_only_for_untouched_items(
    old_services: Services, hall_settings: HallSettings
) -> None:
    services = old_services
    admin = services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
    before = _by_number(services)
    assert before[2].content.process == "" and before[2].version == 1
    # An administrator edits two items; one of them keeps every field but one.
    edited5 = replace(before[5].content, time_limit_note="本厅代收，约10个工作日报送")
    services.catalog.save(admin, before[5].id, edited5, "本地做法")
    edited21 = replace(before[21].content, authority="连云港市知识产权纠纷人民调解委员会")
    services.catalog.save(admin, before[21].id, edited21, "本地")
    services.catalog.set_retired(admin, before[29].id, True)  # retired, content untouched

    plan = services.catalog.guide_updates()
    assert not plan.applied
    assert {c.number for c in plan.of(GuideState.EDITED)} == {5, 21}
    assert {c.number for c in plan.updates} == set(range(1, 34)) - {5, 21}
    versions = {n: i.version for n, i in _by_number(services).items()}
    assert versions == {n: 2 if n in (5, 21) else 1 for n in range(1, 34)}, "a dry run"
    change2 = next(c for c in plan.updates if c.number == 2)
    assert "process" in change2.fields and "办理流程" in change2.field_labels

    applied = services.catalog.update_guides(admin)
    assert applied.applied
    assert {c.number for c in applied.updates} == {c.number for c in plan.updates}
    after = _by_number(services)
    seed = _seed()
    for number, view in after.items():
        if number in (5, 21):
            assert view.version == 2 and view.content in (edited5, edited21)
        else:
            assert view.version == 2 and view.content == seed[number], number
            assert view.change_note == "更新办事指南（随程序发布的事项清单）"
    assert after[29].retired, "retiring is the administrator's; the update leaves it"
    with services.db.read() as session:
        row = session.scalars(
            select(AuditLog).where(AuditLog.action == "catalog_update_guides")
        ).one()
        assert row.actor == "admin" and row.after is not None
        assert sorted(row.after["kept"]) == [5, 21] and len(row.after["updated"]) == 31

    again = services.catalog.update_guides(admin)
    assert again.updates == () and len(again.of(GuideState.CURRENT)) == 31
    assert _by_number(services)[2].version == 2


def test_only_an_administrator_updates(services: Services, reception_user: Actor) -> None:
    with pytest.raises(CounterError):
        services.catalog.update_guides(reception_user)


def test_the_command_previews_then_updates(
    old_services: Services, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old_services.close()
    assert cli_main(["--db", sqlite_url, "catalog", "update-guides", "--dry-run"]) == 0
    preview = capsys.readouterr().out
    assert "将更新  02 专利预审（第 1 版 → 第 2 版）" in preview
    assert "这是预览，未写入" in preview and "将更新 33 项" in preview
    services = Services.open(sqlite_url)
    try:
        assert {i.version for i in services.catalog.list_items()} == {1}
    finally:
        services.close()
    assert cli_main(["--db", sqlite_url, "catalog", "update-guides"]) == 0
    done = capsys.readouterr().out
    assert "已更新 33 项" in done and "预览" not in done
    assert cli_main(["--db", sqlite_url, "catalog", "update-guides", "--dry-run"]) == 0
    assert "将更新 0 项；已是最新 33 项" in capsys.readouterr().out


def test_marks_never_reach_the_information_window_or_the_kiosk(services: Services) -> None:
    for item in services.catalog.list_items():
        every_field = tuple(ItemContent.__dataclass_fields__)
        marked = replace(item, content=replace(item.content, to_confirm=every_field))
        html, text = item_guide_html(marked), guide_text(marked)
        assert "待核实" not in html and "待核实" not in text, item.number
        assert NOT_SET not in html, f"{item.number}: the information window shows content"
        first_basis = item.content.legal_basis.splitlines()[0]
        assert first_basis in html
