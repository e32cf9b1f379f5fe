"""Kooperacja's workflow engine: SpiffWorkflow behind a small service API.

    engine = Engine.from_url("sqlite:///instance/kooperacja.db")
    engine.repository.deploy(files, actor)
    case = engine.runtime.start(actor, "kooperacja_rodzina", data)
    engine.tasks.complete(actor, task_id, form_data)

Every call takes the acting user, runs in one transaction and returns plain dataclasses
(``engine.dto``); every deliberate error derives from ``engine.errors.EngineError``.
"""

from __future__ import annotations

from engine.access.audit import record_refusal
from engine.clock import Clock
from engine.config import JobSettings
from engine.db.database import Database
from engine.jobs.mail import Mailer
from engine.services.audit import AuditService
from engine.services.bulk import BulkService
from engine.services.case_map import CaseMapService
from engine.services.casefile import CaseFileService
from engine.services.councillors import CouncillorService
from engine.services.dashboards import DashboardService
from engine.services.directory import DirectoryService
from engine.services.documents import DocumentService
from engine.services.history import HistoryService
from engine.services.library import LibraryService
from engine.services.meetings import MeetingService
from engine.services.migration import MigrationService
from engine.services.overview import OverviewService
from engine.services.protection import DataProtectionService
from engine.services.questions import QuestionService
from engine.services.recommendations import RecommendationService
from engine.services.rectification import RectificationService
from engine.services.repository import RepositoryService
from engine.services.retention import RetentionService
from engine.services.runtime import RuntimeService
from engine.services.sessions import SessionService
from engine.services.task_page import TaskPageService
from engine.services.tasks import TaskService
from engine.services.waiting import WaitingService
from engine.services.worker import WorkerService
from engine.store.context import EngineContext


class Engine:
    """The engine's services, sharing one database, clock and cache.

    ``jobs`` (reminder lead time, retries, leases), ``mailer`` and ``cache_bytes`` (what the workflow
    cache may hold, ``KOOPERACJA_CACHE_MB``) default to the ``KOOPERACJA_*`` variables; tests pass their own.
    """

    def __init__(
        self,
        database: Database,
        clock: Clock | None = None,
        cache_capacity: int = 512,
        jobs: JobSettings | None = None,
        mailer: Mailer | None = None,
        cache_bytes: int | None = None,
    ):
        self.context = EngineContext(database, clock or Clock(), cache_capacity, jobs, cache_bytes)
        self.context.record_refusal = record_refusal
        self.repository = RepositoryService(self.context)
        self.runtime = RuntimeService(self.context)
        self.tasks = TaskService(self.context)
        self.task_page = TaskPageService(self.context)
        self.history = HistoryService(self.context)
        self.directory = DirectoryService(self.context)
        self.documents = DocumentService(self.context)
        self.casefile = CaseFileService(self.context)
        self.case_map = CaseMapService(self.context)
        self.bulk = BulkService(self.context, self.runtime)
        self.overview = OverviewService(self.context)
        self.dashboards = DashboardService(self.context)
        self.councillors = CouncillorService(self.context)
        self.worker = WorkerService(self.context, mailer)
        self.sessions = SessionService(self.context, self.directory)
        self.audit = AuditService(self.context)
        self.retention = RetentionService(self.context)
        self.library = LibraryService(self.context)
        self.migration = MigrationService(self.context)
        self.protection = DataProtectionService(self.context)
        self.rectification = RectificationService(self.context)
        self.meetings = MeetingService(self.context, self.tasks)
        self.questions = QuestionService(self.context)
        self.waiting = WaitingService(self.context)
        self.recommendations = RecommendationService(self.context)

    @classmethod
    def from_url(cls, url: str, clock: Clock | None = None, **options) -> Engine:
        return cls(Database(url), clock, **options)

    @property
    def clock(self) -> Clock:
        return self.context.clock

    def migrate(self) -> None:
        """Bring the database schema to the newest revision."""
        self.context.db.migrate()

    def close(self) -> None:
        self.context.db.dispose()
