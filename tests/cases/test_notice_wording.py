"""The acceptance notice's wording for every item of the shipped catalogue: no phrase said
twice (the catalogue's own note "无承诺办结时限：…" was once prefixed with the same words), no
"申请申请", no line of a basis glued with "；"."""

from __future__ import annotations

import json
from datetime import date

import pytest

from counter_app.cases.document_base import item_law
from counter_app.cases.rules.notice_law import acceptance_text
from counter_app.hall.catalog import parse_catalog_file, seed_file

ITEMS = parse_catalog_file(json.loads(seed_file().read_text(encoding="utf-8")))


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: f"{i.number:02d}")
@pytest.mark.parametrize("promised", [None, date(2026, 12, 18)])
def test_no_phrase_twice(item: object, promised: date | None) -> None:
    law = item_law(item.number, item.content.name, item.content)  # type: ignore[attr-defined]
    text = acceptance_text([law], promised)
    lines = [text.intro, *text.bases, *text.time_lines]
    for line in lines:
        assert "申请申请" not in line
        assert line.count("无承诺办结时限") <= 1, line
    assert all("；" not in basis for basis in text.bases), text.bases
