"""What a walk-in does at the kiosk besides taking a ticket: rate a finished service, file a
consultation / complaint / suggestion, look up progress (progress.py). One object the kiosk's
pages call, built from the app's services (ui/kiosk builds it)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.kiosk.progress import LIMITED_ACCOUNTS, ProgressLookup
from counter_app.supervision.rules.complaint_forms import ComplaintForm, ComplaintView
from counter_app.supervision.rules.complaints import Channel, Kind
from counter_app.supervision.rules.evaluation import Source

if TYPE_CHECKING:
    from counter_app.hall.catalog import CatalogService
    from counter_app.hall.rules.catalog import ItemView
    from counter_app.kiosk.guide import KioskGuide
    from counter_app.queue.service import QueueService
    from counter_app.supervision.complaints import ComplaintService
    from counter_app.supervision.evaluation_reads import EvaluationView
    from counter_app.supervision.evaluations import EvaluationService
    from counter_app.sync.service import SyncService

KIOSK_ACTOR = Actor("kiosk", "自助机", frozenset())
# The register asks a name with a phone; no Chinese can be typed at the kiosk (no input method),
# so a walk-in who leaves a phone is registered under this name and called back on the phone.
VISITOR_NAME = tr("自助机来访者")

# Handwriting-free texts: a walk-in taps one instead of typing (one tap, one complete matter).
COMMON: dict[Kind, tuple[str, ...]] = {
    Kind.CONSULTATION: (
        tr("想了解办理某项业务需要哪些材料"),
        tr("想了解办理进度和领取时间"),
        tr("想了解收费标准和缴费方式"),
        tr("想了解能否在网上办理"),
    ),
    Kind.COMPLAINT: (
        tr("等候时间太长"),
        tr("工作人员服务态度不好"),
        tr("没有一次性告知所需材料，多次跑腿"),
        tr("超过承诺时限仍未办结"),
    ),
    Kind.SUGGESTION: (
        tr("希望增加窗口或延长服务时间"),
        tr("大厅环境或设施需要改进"),
        tr("希望提供更多网上办理和预约"),
        tr("办事指南希望写得更清楚"),
    ),
}


ITEMS_FRESH_S = 60.0


@dataclass(frozen=True)
class WindowChoice:
    number: str
    name: str


class WalkInDesk:
    def __init__(
        self,
        progress: ProgressLookup,
        evaluations: EvaluationService,
        complaints: ComplaintService,
        queue: QueueService,
        catalog: CatalogService | None = None,
        guide: KioskGuide | None = None,
    ) -> None:
        self.progress = progress
        self._evaluations, self._complaints, self._queue = evaluations, complaints, queue
        self._catalog = catalog
        self.guide = guide  # ticket category, policies and printed slips (guide.py, slips.py)
        self._items: tuple[float, list[ItemView]] | None = None

    @property
    def has_guide(self) -> bool:
        """办事指南 is offered when the kiosk reads the catalogue (its reference data)."""
        return self._catalog is not None

    def guide_items(self) -> list[ItemView]:
        """The catalogue, read again at most once a minute (every touch on 办事指南 would
        otherwise read and parse all items: ~90 ms of the page turn)."""
        if self._catalog is None:
            return []
        now = time.monotonic()
        cached = self._items
        if cached is None or now - cached[0] > ITEMS_FRESH_S:
            cached = (now, self._catalog.list_items())
            self._items = cached
        return list(cached[1])

    @property
    def device(self) -> str:
        return self.progress.device

    def has_pin(self) -> bool:
        """Whether the staff exit PIN exists (checking an empty PIN raises only without one)."""
        try:
            self._queue.check_kiosk_pin("")
        except CounterError:
            return False
        return True

    def rate(self, number: str, level: int, reasons: tuple[str, ...]) -> EvaluationView:
        """A finished service of today by its ticket number or QR; a second rating refused."""
        return self._evaluations.rate_ticket(
            number, level, reasons, "", source=Source.KIOSK, device=self.device
        )

    def windows(self) -> list[WindowChoice]:
        return [WindowChoice(w.number, w.name) for w in self._queue.windows()]

    def file(self, kind: Kind, text: str, about_window: str = "", phone: str = "") -> ComplaintView:
        """Lands in the register with channel 现场自助; anonymous unless a phone is given."""
        form = ComplaintForm(
            channel=Channel.KIOSK,
            text=text,
            kind=kind,
            anonymous=not phone.strip(),
            name=VISITOR_NAME if phone.strip() else "",
            phone=phone.strip(),
            about_window=about_window,
        )
        return self._complaints.register(KIOSK_ACTOR, form)


def cases_here(sync: SyncService) -> bool:
    """False on a hall kiosk PC synced with a kiosk (or display) account: it holds no cases."""
    config = sync.config() if sync.available else None
    return config is None or not config.user.lower().startswith(LIMITED_ACCOUNTS)
