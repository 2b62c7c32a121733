"""The delivery tab: pickup at the window, mail with labels, the daily mail list."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from counter_app.container import Services
    from counter_app.core.roles import Actor
    from ui.tasks import Runner


def create_panel(services: Services, actor: Actor, runner: Runner) -> QWidget:
    """The tab's panel (imported on first use: start-up stays fast)."""
    from ui.delivery.delivery_panel import DeliveryPanel

    return DeliveryPanel(services, actor, runner)
