"""What a practice run of a draft shows the analyst: plain, frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from engine.dto import CaseEventInfo, CaseInfo, TaskInfo


@dataclass(frozen=True)
class PendingTimer:
    """A timer the case waits on: its event's name, kind (duration, date, cycle) and when it is due."""

    name: str | None
    kind: str
    due_at: datetime


@dataclass(frozen=True)
class PayloadKey:
    """One key of a message's payload as the model declares it (type: string, integer, date…)."""

    key: str
    type: str
    required: bool


@dataclass(frozen=True)
class Waiting:
    """What a case waits for besides people: timers and messages (by name, with their payload keys)."""

    timers: tuple[PendingTimer, ...] = ()
    messages: tuple[str, ...] = ()
    payloads: dict[str, tuple[PayloadKey, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class PracticeTask:
    """An open task of the practice case and the demo person who does it "as" its role."""

    task: TaskInfo
    acting_as: str


@dataclass(frozen=True)
class PracticeRun:
    """One analyst's practice run: a throwaway engine on its own database with one case of a draft."""

    id: str
    path: str  # the diagram file the run started from
    process_id: str
    case_id: str
    started_at: datetime  # real time
    expires_at: datetime  # real time: the run and its database are removed then
    now: datetime  # the run's own clock, moved forward by the analyst


@dataclass(frozen=True)
class PracticeView:
    """Where the practice case stands: its summary, open tasks, data, history and what it waits for."""

    run: PracticeRun
    case: CaseInfo
    tasks: tuple[PracticeTask, ...]
    data: dict[str, Any]
    events: tuple[CaseEventInfo, ...]
    waiting: Waiting
    fired: tuple[CaseEventInfo, ...] = field(default=())  # the timers the last move of the clock fired
