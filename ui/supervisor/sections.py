"""The supervisor tab's sections that are built when first shown (a supervisor who only looks
at the deadlines never pays for the complaints register), each reloaded when shown again."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from counter_app.core.roles import Actor
from counter_app.i18n import tr
from ui.tasks import Runner

if TYPE_CHECKING:
    from counter_app.container import Services


@dataclass(frozen=True)
class Section:
    label: str
    module: str
    widget: str


# In the order the tabs are shown, after 超期与临期.
SECTIONS: tuple[Section, ...] = (
    Section(tr("统计"), "ui.dashboard.dashboard_page", "DashboardWidget"),
    Section(tr("好差评"), "ui.supervisor.evaluations", "EvaluationsWidget"),
    Section(tr("投诉咨询"), "ui.supervisor.complaints", "ComplaintsWidget"),
    Section(tr("诚信档案"), "ui.supervisor.integrity", "IntegrityWidget"),
    Section(tr("人员考核"), "ui.supervisor.staff_page", "StaffAssessmentWidget"),
    Section(tr("多次跑动"), "ui.supervisor.visits", "VisitsWidget"),
    Section(tr("改进报告"), "ui.supervisor.improvement", "ImprovementWidget"),
    Section(tr("满意度调查"), "ui.supervisor.surveys", "SurveysWidget"),
)


class LazySection(QWidget):
    """Holds the place of a section's widget until it is first shown."""

    sig_to_reception = Signal(object)
    """Forwarded from a section that hands a matter to reception (a dispute complaint)."""

    def __init__(
        self,
        section: Section,
        services: Services,
        actor: Actor,
        runner: Runner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.section = section
        self._make: Callable[[], QWidget] = lambda: getattr(
            importlib.import_module(section.module), section.widget
        )(services, actor, runner, self)
        self.inner: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.inner is None:
            self.inner = self._make()
            self._layout.addWidget(self.inner)
            self.inner.show()  # a child added to a shown widget is shown only when asked
            forward = getattr(self.inner, "sig_to_reception", None)
            if forward is not None:
                forward.connect(self.sig_to_reception.emit)
        return self.inner

    def reload(self) -> None:
        widget = self.ensure()
        reload = getattr(widget, "reload", None)
        if callable(reload):
            reload()
