"""A case on its diagram: per element what ran, what runs, what waits, and the levels to drill into."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

#: An element's state on the diagram, strongest first: one shown when instances differ.
STATES = ("error", "active", "waiting", "completed", "cancelled")


@dataclass(frozen=True)
class Drill:
    """A called process one instance of a call activity started: the level to open and what it is about."""

    level: str
    label: str


@dataclass(frozen=True)
class ElementTask:
    """A person's task at the element (from ``human_task``)."""

    id: str
    name: str
    status: str
    subject: str | None
    assignee: str | None
    institution: str | None
    role: str | None
    due_at: datetime | None
    completed_at: datetime | None
    overdue: bool


@dataclass(frozen=True)
class ElementEvent:
    at: datetime
    kind: str
    who: str | None
    task_name: str | None


@dataclass
class ElementState:
    """One BPMN element of a level: how many of its instances are in each state."""

    element_id: str
    name: str  # "" when the diagram gives the element no name
    counts: dict[str, int]
    kind: str = "task"  # task, gateway, event, subprocess, call
    timers: list[datetime] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    drills: list[Drill] = field(default_factory=list)
    repeated: bool = False  # a multi-instance or loop activity: show "done of all"
    tasks: list[ElementTask] = field(default_factory=list)
    history: list[ElementEvent] = field(default_factory=list)

    @property
    def state(self) -> str:
        return next(state for state in STATES if self.counts.get(state))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Crumb:
    level: str
    label: str


@dataclass
class CaseLevel:
    """One diagram of the case: the case's own process ("" level) or a process a call activity called."""

    key: str
    process_id: str
    process_name: str
    label: str
    parent: str | None
    elements: list[ElementState]
    crumbs: list[Crumb] = field(default_factory=list)


@dataclass(frozen=True)
class PendingWait:
    """A timer or a message the case waits for, where, and until when (timers)."""

    kind: str  # "timer" or "message"
    element_id: str
    element_name: str
    level: str
    level_label: str
    name: str | None
    due_at: datetime | None


@dataclass
class CaseMap:
    case_id: str
    level: CaseLevel
    waits: list[PendingWait]
    levels: list[Crumb]  # every level of the case, to list the called processes
