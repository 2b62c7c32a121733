"""All services over one database, opened and migrated in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from counter_app.cases.approval import ApprovalService
from counter_app.cases.deadlines import DeadlineService
from counter_app.cases.delivery import DeliveryService
from counter_app.cases.documents import DocumentService
from counter_app.cases.payments import PaymentService
from counter_app.cases.reception import ReceptionService, local_today
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.hall.bundles import BundleService
from counter_app.hall.calendar import CalendarService
from counter_app.hall.catalog import CatalogService
from counter_app.hall.info import InfoService
from counter_app.hall.settings import HallService
from counter_app.hall.staff import StaffService
from counter_app.integrity.service import IntegrityService
from counter_app.printing.service import PrintService
from counter_app.printing.views import PrinterRole
from counter_app.queue.printing import wire_ticket_printing
from counter_app.queue.route import QueueRoute
from counter_app.queue.service import QueueService
from counter_app.reports.service import ReportService
from counter_app.supervision.assessment import AssessmentService
from counter_app.supervision.complaints import ComplaintService
from counter_app.supervision.evaluations import EvaluationService
from counter_app.supervision.followups import FollowupService
from counter_app.supervision.improvement import ImprovementService
from counter_app.supervision.staff_records import StaffRecordService
from counter_app.supervision.surveys import SurveyService
from counter_app.supervision.visits import VisitService
from counter_app.sync.service import SyncService
from db import migrate
from db.engine import (
    Database,
    make_engine,
    mark_closed_cleanly,
    mark_open,
    needs_thorough_check,
)

Clock = Callable[[], date]


@dataclass
class Services:
    db: Database
    staff: StaffService
    catalog: CatalogService
    hall: HallService
    info: InfoService
    queue: QueueService
    calendar: CalendarService
    bundles: BundleService
    reception: ReceptionService
    payments: PaymentService
    documents: DocumentService
    approval: ApprovalService
    deadlines: DeadlineService
    delivery: DeliveryService
    printing: PrintService
    sync: SyncService
    integrity: IntegrityService
    evaluations: EvaluationService
    followups: FollowupService
    complaints: ComplaintService
    staff_records: StaffRecordService
    assessment: AssessmentService
    visits: VisitService
    improvement: ImprovementService
    surveys: SurveyService
    reports: ReportService

    @classmethod
    def open(cls, url: str, upgrade: bool = True, today: Clock = local_today) -> Services:
        """Open ``url``; check it and apply migrations (refusing a newer schema)."""
        engine = make_engine(url)
        try:
            if upgrade:
                migrate.upgrade(engine, thorough=needs_thorough_check(engine))
            else:
                migrate.ensure_known_schema(engine)
        except Exception:
            engine.dispose()
            raise
        mark_open(engine)
        services = cls.over(Database(engine), today)
        services.catalog.seed_if_empty(SYSTEM_ACTOR)
        services.bundles.seed_if_empty()
        services.wire_ticket_printer()
        return services

    @classmethod
    def over(cls, database: Database, today: Clock = local_today) -> Services:
        """``today`` is the business date every service uses (tests fix it)."""
        hall, catalog = HallService(database), CatalogService(database)
        sync = SyncService(database, hall)
        queue = QueueService(database, route=QueueRoute(database, sync.central_engine))
        sync.when_online(queue.reconnect)  # merges a degraded mode's work, refreshes windows
        sync.when_offline(queue.central_down)
        evaluations = EvaluationService(database, hall, today)
        evaluations.attach_queue(queue.watch_database)  # in a hall, the central's queue
        return cls(
            db=database,
            staff=StaffService(database),
            catalog=catalog,
            hall=hall,
            info=InfoService(database),
            queue=queue,
            calendar=CalendarService(database),
            bundles=BundleService(database),
            reception=ReceptionService(database, hall, today),
            payments=PaymentService(database, hall, today),
            documents=DocumentService(database, hall, catalog, today),
            approval=ApprovalService(database, today),
            deadlines=DeadlineService(database, today),
            delivery=DeliveryService(database, hall, today),
            printing=PrintService(database),
            sync=sync,
            integrity=IntegrityService(database, today),
            evaluations=evaluations,
            followups=FollowupService(database, hall, today),
            complaints=ComplaintService(database, hall, today),
            staff_records=StaffRecordService(database, hall, today),
            assessment=AssessmentService(database, hall, today),
            visits=VisitService(database, hall, today),
            improvement=ImprovementService(database, hall, today),
            surveys=SurveyService(database, hall, today),
            reports=ReportService(database, hall, sync.central_engine, today),
        )

    def wire_ticket_printer(self) -> None:
        """Kiosk tickets go through the print queue when this PC has a receipt printer; a
        ticket whose print fails then waits for the staff's confirmation (ARCHITECTURE.md).
        Without a printer the kiosk shows the number and the ticket is valid as it is."""
        printers = self.printing.printers()
        if any(p.role == PrinterRole.RECEIPT and p.enabled for p in printers):
            wire_ticket_printing(self.queue, self.printing)

    def business_date(self) -> date:
        """Today as the services see it (tests fix it)."""
        return self.reception.today()

    def close(self) -> None:
        """Stop the workers and close the database; a clean close skips the full check next time."""
        self.printing.stop()
        self.sync.close()
        self.db.dispose()
        mark_closed_cleanly(self.db.engine)
