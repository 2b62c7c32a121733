"""Which catalogue items still hold a catalogue the program shipped (issue 16).

A database keeps the item versions it was seeded with; when a release ships better guides
(resources/catalog/items.json), ``CatalogService.update_guides`` adds a new version only to the
items whose current content is still exactly one the program shipped before, never to one an
administrator changed. What was shipped is known by fingerprint: resources/catalog/
seed_history.json lists, per item number, the fingerprints of every version of that item that
a release seeded (append the new ones whenever items.json changes; a test checks it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from counter_app.hall.rules.catalog import ItemContent
from counter_app.i18n import tr
from printers.resources import resources_dir

HISTORY_FORMAT = "ip-counter-seed-history"
GUIDE_NOTE = tr("更新办事指南（随程序发布的事项清单）")

# Every field of an item's content as an administrator reads it (editor, CLI, admin list).
FIELD_LABELS: dict[str, str] = {
    "name": tr("事项名称"),
    "category": tr("事项类型"),
    "authority": tr("实施机关"),
    "applicant_types": tr("申请人类型"),
    "materials": tr("申请材料"),
    "time_limit_days": tr("承诺时限"),
    "time_limit_note": tr("时限说明"),
    "fees": tr("收费项目"),
    "fee_reductions": tr("费用减缴"),
    "legal_basis": tr("设定依据"),
    "process": tr("办理流程"),
    "guide": tr("办事指南"),
    "rejection_reasons": tr("不予受理情形"),
    "four_eyes": tr("双人审核"),
    "legal_kind": tr("事项性质"),
    "acceptance_basis": tr("受理依据"),
    "decision_basis": tr("不予许可决定依据"),
    "handling_note": tr("受理与办理期限"),
    "to_confirm": tr("待核实"),
}


def seed_history_file() -> Path:
    return resources_dir() / "catalog" / "seed_history.json"


def fingerprint(content: ItemContent) -> str:
    """A digest of the content that fields added later with an empty default do not change
    (an empty value is left out), so a version seeded by an older release still matches."""
    data = {k: v for k, v in content.to_json().items() if v not in ("", [], None, False)}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_seed_history(path: Path | None = None) -> dict[int, frozenset[str]]:
    """Item number -> fingerprints of every version of it a release shipped."""
    data: Any = json.loads((path or seed_history_file()).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != HISTORY_FORMAT:
        raise ValueError(f"{path or seed_history_file()} is not a {HISTORY_FORMAT} file")
    return {int(number): frozenset(prints) for number, prints in data["items"].items()}


def changed_fields(old: ItemContent, new: ItemContent) -> tuple[str, ...]:
    before, after = old.to_json(), new.to_json()
    return tuple(name for name in after if before.get(name) != after[name])


class GuideState(StrEnum):
    UPDATE = "update"  # still a shipped version: a new version from the current seed
    CURRENT = "current"  # already the current seed's content
    EDITED = "edited"  # an administrator changed it: kept as it is
    ABSENT = "absent"  # the seed has this number, the database does not: not added


GUIDE_STATE_LABELS: dict[GuideState, str] = {
    GuideState.UPDATE: tr("将更新"),
    GuideState.CURRENT: tr("已是最新"),
    GuideState.EDITED: tr("管理员已修改，保留"),
    GuideState.ABSENT: tr("本库无此序号，未添加"),
}


@dataclass(frozen=True)
class GuideChange:
    """One item of the shipped catalogue against the database's current version."""

    number: int
    name: str
    state: GuideState
    item_id: str = ""
    version: int = 0  # the current version in the database (0: absent)
    fields: tuple[str, ...] = ()  # what an update changes

    @property
    def field_labels(self) -> str:
        return "、".join(FIELD_LABELS.get(f, f) for f in self.fields)


@dataclass(frozen=True)
class GuidePlan:
    changes: tuple[GuideChange, ...]
    applied: bool = False

    def of(self, state: GuideState) -> tuple[GuideChange, ...]:
        return tuple(c for c in self.changes if c.state is state)

    @property
    def updates(self) -> tuple[GuideChange, ...]:
        return self.of(GuideState.UPDATE)


@dataclass(frozen=True)
class CurrentItem:
    item_id: str
    number: int
    version: int
    content: ItemContent


def plan_guides(
    current: Iterable[CurrentItem],
    seed: Iterable[tuple[int, ItemContent]],
    history: dict[int, frozenset[str]],
) -> GuidePlan:
    """Compare each item of the shipped ``seed`` with the database's ``current`` versions."""
    by_number = {c.number: c for c in current}
    changes = []
    for number, content in seed:
        now = by_number.get(number)
        if now is None:
            changes.append(GuideChange(number, content.name, GuideState.ABSENT))
            continue
        if now.content == content:
            state = GuideState.CURRENT
        elif fingerprint(now.content) in history.get(number, frozenset()):
            state = GuideState.UPDATE
        else:
            state = GuideState.EDITED
        fields = changed_fields(now.content, content) if state is GuideState.UPDATE else ()
        changes.append(
            GuideChange(number, now.content.name, state, now.item_id, now.version, fields)
        )
    return GuidePlan(tuple(changes))


def history_json(seeds: Iterable[Iterable[tuple[int, ItemContent]]]) -> dict[str, Any]:
    """The seed_history.json of these shipped catalogues (for whoever changes items.json)."""
    items: dict[str, list[str]] = {}
    for seed in seeds:
        for number, content in seed:
            prints = items.setdefault(str(number), [])
            if fingerprint(content) not in prints:
                prints.append(fingerprint(content))
    return {"format": HISTORY_FORMAT, "items": dict(sorted(items.items(), key=lambda x: int(x[0])))}
