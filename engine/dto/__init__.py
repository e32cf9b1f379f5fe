"""Plain dataclasses the engine hands out; callers never see SpiffWorkflow or SQLAlchemy objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Actor:
    """Who acts: a user id, an external system's API token (``token_id``; it acts for the token's
    institution), or the system itself (worker, CLI, timers) when both are None."""

    user_id: int | None
    label: str = ""
    token_id: int | None = None

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(None, label)

    @classmethod
    def api(cls, token_id: int, name: str) -> Actor:
        return cls(None, f"api:{name}", token_id)

    @property
    def is_system(self) -> bool:
        return self.user_id is None and self.token_id is None


@dataclass(frozen=True)
class InstitutionInfo:
    id: int
    name: str
    kind: str
    gmina: str | None


@dataclass(frozen=True)
class UserInfo:
    id: int
    login: str
    display_name: str
    email: str | None
    institution_id: int
    institution_name: str
    roles: tuple[str, ...]
    active: bool


@dataclass(frozen=True)
class PartnershipInfo:
    id: int
    name: str
    gmina: str | None
    members: tuple[tuple[int, str], ...]  # (institution id, role)


@dataclass(frozen=True)
class ProcessInfo:
    process_id: str
    name: str
    start_role: str | None


@dataclass(frozen=True)
class VersionInfo:
    id: int
    number: int
    content_hash: str
    created_at: datetime
    created_by: str
    processes: tuple[ProcessInfo, ...]
    files: tuple[str, ...]


@dataclass(frozen=True)
class DeployResult:
    version: VersionInfo
    created: bool


#: Whom a case is for, chosen when it starts: one person and a family are cases of the family process
#: (a household of one), a group runs a projekt socjalny (``kooperacja_grupa``).
CASE_KINDS = ("osoba", "rodzina", "grupa")
# Cases started before the kind was chosen at start: their process says whom they are for.
KIND_OF_PROCESS = {"kooperacja_rodzina": "rodzina", "kooperacja_grupa": "grupa"}


@dataclass(frozen=True)
class CaseInfo:
    id: str
    business_key: str
    title: str
    process_id: str
    process_name: str
    version_number: int
    status: str
    stage: str | None
    created_at: datetime
    updated_at: datetime
    error: str | None
    participants: tuple[tuple[str, int], ...] = ()  # (role, institution id); empty in lists
    participant_names: tuple[tuple[str, str], ...] = ()  # (role, institution name), in the same order
    anonymized: bool = False  # retention erased its personal data (``engine.services.retention``)
    kind: str | None = None  # whom the case is for (``CASE_KINDS``): a person, a family, a group; None if not said


@dataclass(frozen=True)
class TaskInfo:
    id: str
    case_id: str
    case_title: str
    business_key: str
    bpmn_id: str
    name: str
    role: str | None
    status: str
    stage: str | None
    assignee_id: int | None
    created_at: datetime
    due_at: datetime | None
    completed_at: datetime | None
    completed_by: int | None
    reminded_at: datetime | None = None  # the reminder before the deadline went out
    escalated_at: datetime | None = None  # the deadline passed and the case's animators were told
    subject: str | None = None  # what a multi-instance task is about, e.g. "Anna" (``engine.bpmn.items``)
    assignee_name: str | None = None

    def is_overdue(self, now: datetime) -> bool:
        return self.status == "open" and self.due_at is not None and self.due_at < now


@dataclass(frozen=True)
class Completion:
    """A completed task and the tasks its completion opened in the same case."""

    task: TaskInfo
    opened: tuple[TaskInfo, ...]


@dataclass(frozen=True)
class TaskDetail:
    task: TaskInfo
    instructions: str | None
    schema: dict[str, Any] | None
    ui_schema: dict[str, Any] | None
    data: dict[str, Any] = field(default_factory=dict)
    draft: dict[str, Any] | None = None
    item: dict[str, Any] | None = None  # a multi-instance task's item, e.g. the household member it is about
    choices: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # x-choices lists: (value, title)
    item_schema: dict[str, Any] | None = None  # the form part describing ``item`` (labels, titles), if any
    item_ui_schema: dict[str, Any] | None = None


@dataclass(frozen=True)
class CaseEventInfo:
    id: int
    case_id: str
    at: datetime
    kind: str
    actor_id: int | None
    task_id: str | None
    task_name: str | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class TimerRun:
    """What one call to fire the due timers did."""

    cases: int
    fired: int
    errors: int


@dataclass(frozen=True)
class WorkerRun:
    """What one pass of ``kooperacja worker`` did."""

    cases: int  # cases whose due timers were fired
    timers_fired: int
    case_errors: int  # cases that ended in error while firing (scripts after the timer failed)
    jobs_done: int
    jobs_retried: int  # failed attempts that will run again later (backoff)
    incidents: int  # jobs that ran out of attempts

    @property
    def idle(self) -> bool:
        return not (self.cases or self.jobs_done or self.jobs_retried or self.incidents)


@dataclass(frozen=True)
class IncidentInfo:
    """A background job that failed every attempt; a supervisor can retry it."""

    job_id: int
    kind: str
    case_id: str | None
    business_key: str | None
    task_id: str | None
    attempts: int
    last_error: str | None
    failed_at: datetime | None


@dataclass(frozen=True)
class MessageDelivery:
    """The result of delivering an external message; ``duplicate`` when its key was seen before.

    ``status`` and ``stage`` are the case's right after the (first) delivery.
    """

    case_id: str
    business_key: str
    message: str
    idempotency_key: str | None
    received_at: datetime
    status: str
    stage: str | None
    duplicate: bool


@dataclass(frozen=True)
class ApiTokenInfo:
    """An API token without its secret: whose institution it acts for, what it may do, until when."""

    id: int
    name: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None
    institution_id: int | None = None
    institution_name: str | None = None
    operations: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    expires_at: datetime | None = None
    rotated_at: datetime | None = None

    def valid_at(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)
