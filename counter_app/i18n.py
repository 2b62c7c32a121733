"""The one translation function every user-facing string passes through.

Simplified Chinese is the working language: the source strings are Chinese and the default
catalogue is empty. Another language is a JSON catalogue in resources/locale/<lang>.json that
maps a Chinese source string to its translation.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

logger = logging.getLogger(__name__)

_catalogue: dict[str, str] = {}


def load_catalogue(path: Path | None) -> None:
    """Use the catalogue at ``path`` (None: back to the Chinese source strings)."""
    _catalogue.clear()
    if path is None:
        return
    _catalogue.update(json.loads(path.read_text(encoding="utf-8")))
    logger.info("loaded %d translations from %s", len(_catalogue), path)


def tr(text: str, /, **values: object) -> str:
    """Translate ``text`` and fill its ``{name}`` placeholders from ``values``."""
    translated = _catalogue.get(text, text)
    return translated.format(**values) if values else translated
