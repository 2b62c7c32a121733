"""Unfinished forms as JSON drafts in the user's data directory (no Qt here): the reception
form, and the approval decision and mail forms (``kind`` "approval", "mail")."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from counter_app.paths import data_dir

logger = logging.getLogger(__name__)

DRAFT_FORMAT = "ip-counter-reception-draft"
DRAFT_VERSION = 1


def drafts_dir() -> Path:
    path = data_dir() / "drafts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name) or "user"


class DraftStore:
    """One draft per staff member; every write replaces the file atomically."""

    def __init__(
        self, username: str, directory: Path | None = None, kind: str = "reception"
    ) -> None:
        self.path = (directory or drafts_dir()) / f"{_safe(kind)}-{_safe(username)}.json"
        self.format = DRAFT_FORMAT if kind == "reception" else f"ip-counter-{_safe(kind)}-draft"

    def save(self, data: dict[str, Any]) -> None:
        payload = {"format": self.format, "version": DRAFT_VERSION, "form": data}
        text = json.dumps(payload, ensure_ascii=False, indent=1)
        fd, tmp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError:
            logger.exception("could not save the draft to %s", self.path)
            Path(tmp).unlink(missing_ok=True)

    def load(self) -> dict[str, Any] | None:
        """The saved form, or None (no draft, or one this version cannot read)."""
        try:
            payload = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            logger.exception("unreadable draft %s; kept aside", self.path)
            self.path.replace(self.path.with_suffix(".unreadable"))
            return None
        if not isinstance(payload, dict) or payload.get("format") != self.format:
            return None
        form = payload.get("form")
        return form if isinstance(form, dict) else None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
