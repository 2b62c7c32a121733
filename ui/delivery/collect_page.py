"""领取: scan the pickup notice (its barcode is the case number), check the collector, hand over
all the results at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from counter_app.cases.delivery import DeliveryView
from counter_app.cases.rules.states import CaseState
from counter_app.cases.views import CaseView
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.identity.identifiers import mask_name
from ui.admin.common import show_failure
from ui.delivery.pickup_forms import CollectorForm
from ui.scan import SCAN_TARGET
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services


@dataclass(frozen=True)
class Waiting:
    case: CaseView
    pickup: DeliveryView | None


def waiting_text(waiting: Waiting) -> str:
    case, pickup = waiting.case, waiting.pickup
    lines = [
        tr("{n}　{s}", n=case.number, s=case.status.label),
        tr("申请人：{a}", a=case.applicant.name),
        tr("事项：{i}", i="、".join(case.item_names)),
    ]
    if case.agent:
        lines.append(tr("登记的代理人：{a}", a=mask_name(case.agent.get("name", ""))))
    if pickup is not None:
        names = "、".join(str(c.get("name", "")) for c in pickup.contents)
        lines.append(tr("领取材料：{c}", c=names))
        if pickup.pickup_until is not None:
            until = pickup.pickup_until.astimezone().strftime("%Y-%m-%d %H:%M")
            lines.append(tr("领取期限：{u}", u=until))
    return "\n".join(lines)


class CollectPage(QWidget):
    sig_collected = Signal(object)
    """Emitted on the GUI thread after the results were handed over (CaseView)."""

    def __init__(self, services: Services, actor: Actor, runner: Runner) -> None:
        super().__init__()
        self.services, self.actor, self.runner = services, actor, runner
        self.waiting: Waiting | None = None
        self.banner = BannerLabel(self)
        self.scan_box = QLineEdit(self)
        self.scan_box.setProperty(SCAN_TARGET, True)
        self.scan_box.setPlaceholderText(tr("扫描领取通知上的条码，或输入案件编号后回车"))
        self.find_button = shortcut_button(tr("查找"), "Ctrl+E", self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size:13pt;")
        self.collector = CollectorForm(self)
        self.collector.setEnabled(False)
        self._build()
        self.scan_box.returnPressed.connect(self.find_case)
        self.find_button.clicked.connect(self.find_case)
        self.collector.sig_submitted.connect(self._on_collect)
        self.collector.sig_cancelled.connect(self.reset)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.reset)

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("领取通知"), self))
        top.addWidget(self.scan_box, 1)
        top.addWidget(self.find_button)
        body = QHBoxLayout()
        body.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignTop)
        body.addWidget(self.collector, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    def reload(self) -> None:
        if self.waiting is None:
            self.scan_box.setFocus()

    def find_case(self, number: str = "") -> None:
        """Open the case a scan or a typed number names."""
        text = (number or self.scan_box.text()).strip()
        if not text:
            return
        self.scan_box.setText(text)
        self.banner.clear()
        self.runner.run(lambda: self._load(text), self._on_loaded, self._on_find_failed)

    def _load(self, number: str) -> Waiting:
        case = self.services.reception.open_case(self.actor, number)
        pickups = [d for d in self.services.delivery.deliveries(case.id) if d.method == "pickup"]
        return Waiting(case, pickups[-1] if pickups else None)

    def _on_loaded(self, waiting: Waiting) -> None:
        self.summary.setText(waiting_text(waiting))
        ready = waiting.case.status is CaseState.AWAITING_PICKUP
        self.waiting = waiting if ready else None
        self.collector.setEnabled(ready)
        if not ready:
            self.banner.show_error(
                tr("案件当前为“{s}”，没有待领取的结果", s=waiting.case.status.label)
            )
            self.scan_box.selectAll()
            return
        self.collector.prepare()
        self.collector.open()

    def _on_find_failed(self, exc: Exception) -> None:
        self.collector.setEnabled(False)
        self.summary.clear()
        show_failure(exc, self.banner)
        self.scan_box.selectAll()
        self.scan_box.setFocus()

    def _on_collect(self) -> None:
        if self.waiting is None:
            return
        number, collector = self.waiting.case.number, self.collector.value()
        delivery = self.services.delivery
        self.runner.run(
            lambda: delivery.collect(self.actor, number, collector),
            self._on_collected,
            self._on_collect_failed,
        )

    def _on_collect_failed(self, exc: Exception) -> None:
        if isinstance(exc, CounterError):
            self.collector.show_failure(exc)
            return
        show_failure(exc, self.banner)

    def _on_collected(self, case: CaseView) -> None:
        note = case.events[-1].note if case.events else ""
        self.reset()
        self.banner.show_info(tr("{n} 已交付：{t}", n=case.number, t=note))
        self.sig_collected.emit(case)

    def reset(self) -> None:
        self.waiting = None
        self.collector.prepare()
        self.collector.clear_errors()
        self.collector.setEnabled(False)
        self.summary.clear()
        self.scan_box.clear()
        self.scan_box.setFocus()
