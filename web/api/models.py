"""The API's request and response bodies, declared once (pydantic): the views fill them from the engine's
dataclasses and the OpenAPI document takes their JSON Schemas (``web.api.openapi``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(Model):
    """An error (RFC 9457, ``application/problem+json``)."""

    type: str = Field(description="Odnośnik do opisu rodzaju błędu w dokumentacji")
    title: str
    status: int
    detail: str
    error: str = Field(description="To samo co detail (zgodność ze starszymi klientami)")
    fields: dict[str, list[str]] | None = Field(None, description="Błędy danych, pole po polu")


class Delivery(Model):
    """A message delivered to a case (or, ``duplicate``, the first delivery under the same key)."""

    case_id: str
    business_key: str
    message: str
    idempotency_key: str | None
    received_at: datetime
    status: str
    stage: str | None
    duplicate: bool


class Participant(Model):
    role: str
    institution: str


class CaseSummary(Model):
    id: str
    business_key: str
    title: str
    process_id: str
    process_name: str
    version_number: int
    status: str = Field(description="running, suspended, error, completed, terminated")
    stage: str | None
    kind: str | None = Field(default=None, description="osoba, rodzina, grupa; brak: sprawa bez wskazania")
    created_at: datetime
    updated_at: datetime
    participants: list[Participant] = Field(default_factory=list, description="Puste na liście spraw")


class Page(Model):
    """Keyset pagination: ``next_cursor`` (None on the last page) goes into ``?cursor=`` for the next page."""

    total: int = Field(description="Liczba wszystkich pozycji (najwyżej 1000; więcej: more)")
    more: bool
    next_cursor: str | None
    previous_cursor: str | None


class CasePage(Page):
    items: list[CaseSummary]


class FileEntry(Model):
    task_id: str
    task_name: str
    role: str | None
    subject: str | None
    completed_at: datetime | None
    completed_by: str | None
    institution: str | None
    values: dict[str, Any]


class FileSection(Model):
    id: str
    title: str
    entries: list[FileEntry]


class AwaitedTask(Model):
    task_id: str
    name: str
    subject: str | None
    role: str | None
    institutions: list[str]
    due_at: datetime | None


class AwaitedTimer(Model):
    name: str
    due_at: datetime


class Awaited(Model):
    tasks: list[AwaitedTask]
    timers: list[AwaitedTimer]
    messages: list[str]


class CaseDetail(Model):
    """A case's summary and the sections of its file the token's institution may see."""

    case: CaseSummary
    whole_file: bool = Field(description="Czy instytucja widzi całą teczkę sprawy")
    sections: list[FileSection]
    awaited: Awaited


class Task(Model):
    id: str
    case_id: str
    business_key: str
    case_title: str
    bpmn_id: str
    name: str
    role: str | None
    subject: str | None
    status: str
    stage: str | None
    assigned: bool
    created_at: datetime
    due_at: datetime | None


class TaskPage(Page):
    items: list[Task]


class TaskForm(Model):
    """A task with what completing it needs: its form (JSON Schema) and the values it starts with."""

    task: Task
    instructions: str | None
    form: dict[str, Any] | None = Field(description="JSON Schema danych zadania")
    data: dict[str, Any]
    item: dict[str, Any] | None = Field(description="Czego dotyczy zadanie wielokrotne, np. członek rodziny")


class ProcessInfo(Model):
    process_id: str
    name: str
    start_role: str | None


class Version(Model):
    number: int
    content_hash: str
    created_at: datetime
    processes: list[ProcessInfo]


class VersionPage(Page):
    items: list[Version]


class StartCase(Model):
    """A new case on the newest version of ``process_id``, in a partnership where the token's institution
    plays the process's start role."""

    process_id: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=200, description="Np. „Rodzina Nowakowskich”")
    partnership_id: int = Field(ge=1, le=2**31 - 1)
    kind: Literal["osoba", "rodzina", "grupa"] | None = Field(
        default=None,
        description="Dla kogo jest sprawa: osoba i rodzina w procesie kooperacja_rodzina, grupa w kooperacja_grupa",
    )


class CompleteTask(Model):
    """The task's form data, checked against its JSON Schema as the web form is."""

    data: dict[str, Any]


class Completed(Model):
    task: Task
    opened: list[Task] = Field(description="Zadania, które otworzyło wykonanie (widoczne dla instytucji)")


class Health(Model):
    status: str


class MeetingSummary(Model):
    """A meeting of a partnership (posiedzenie PZK) the token's institution belongs to."""

    id: int
    partnership_id: int
    partnership: str
    starts_at: datetime
    place: str
    status: str = Field(description="planned (zaplanowane), held (odbyte: zapisano obecność), closed (zamknięte)")
    agenda_items: int = Field(description="Liczba spraw w porządku obrad")


class MeetingList(Model):
    items: list[MeetingSummary] = Field(description="Od najnowszego")


class MeetingQuorum(Model):
    present: int
    members: int = Field(description="Liczba instytucji członkowskich, od której liczy się kworum")
    required: int
    met: bool
    from_agreement: bool = Field(description="Wymagana liczba z porozumienia (inaczej: więcej niż połowa)")
    members_from_process: bool = Field(
        description="Członkowie według porozumienia i deklaracji przystąpienia (inaczej: wszystkie instytucje "
        "partnerstwa w katalogu)"
    )


class MeetingAttendance(Model):
    institution_id: int
    institution: str
    present: bool


class AgendaEntry(Model):
    """One case on the agenda; the case itself only when the token's institution takes part in it."""

    position: int
    task_name: str = Field(description="Czego dotyczy decyzja, np. „Zatwierdzenie planu przez PZK”")
    bpmn_id: str
    case_visible: bool
    case_id: str | None
    business_key: str | None
    family: str | None = Field(description="Jak w protokole: „Rodzina N.”, „Osoba M. W.”, „Sprawa grupowa”")
    kind: str | None = Field(default=None, description="Dla kogo jest sprawa: osoba, rodzina, grupa")
    group: str | None = Field(default=None, description="Nazwa grupy (tylko sprawa grupowa)")
    decision: dict[str, Any] | None = Field(description="Dane decyzji (formularz zadania PZK)")
    decision_summary: str | None
    outcome: str = Field(description="pending, done, refused, undecided")
    outcome_message: str | None


class MeetingDetail(Model):
    meeting: MeetingSummary
    quorum: MeetingQuorum
    attendance: list[MeetingAttendance]
    agenda: list[AgendaEntry]
