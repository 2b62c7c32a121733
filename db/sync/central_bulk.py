"""Set-based apply on the central (migration 0017). (work in progress)"""

from __future__ import annotations

UPGRADE = "SELECT 1;"
DOWNGRADE = "SELECT 1;"
