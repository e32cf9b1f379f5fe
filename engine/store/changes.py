"""A case loaded for change, and what a service tells the store about the change besides the new state."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from engine.bpmn import state
from engine.store.context import Definition


@dataclass(frozen=True)
class Completed:
    """The human task a person just completed: its row is closed in their name (or Conflict if someone was first).
    ``user_id`` None: an external system (API token) completed a task nobody held. ``claimed``: nobody held
    it and the person takes it with the completion (the same row update, no separate claim)."""

    task_id: str
    user_id: int | None
    claimed: bool = False


@dataclass(frozen=True)
class AutoAssign:
    """New human tasks of ``roles`` go straight to ``user_id`` (the person who started the case)."""

    user_id: int
    roles: frozenset[str]


@dataclass(frozen=True)
class NewCase:
    """The columns of a case's first save, which inserts its row."""

    definition_id: int
    process_id: str
    business_key: str
    title: str
    partnership_id: int | None
    started_by: int | None
    created_at: datetime
    kind: str | None = None


@dataclass
class Case:
    """A case loaded for change: its row values, live workflow, what the database holds, and the events
    recorded since it was loaded (written by the next ``save``)."""

    id: str
    lock_version: int
    status: str
    definition: Definition
    workflow: object
    snapshot: state.Snapshot | None
    open_tasks: set[int] | None = None  # ids of the open human tasks' rows, as the UUIDs' ints
    timers: list | None = None
    messages: list | None = None
    stage: str | None = None
    error_message: str | None = None
    error_task_id: str | None = None
    events: list[dict] = field(default_factory=list)
    facts: dict | None = None  # what ``case_fact`` holds for the case (``engine.store.facts``), once known
    report: object | None = None  # what its report rows hold (``engine.store.report_rows.Held``), once known

    def record(self, kind: str, at: datetime, actor_id=None, task_id=None, task_name=None, **detail) -> None:
        self.events.append(
            {
                "instance_id": self.id,
                "at": at,
                "kind": kind,
                "actor_id": actor_id,
                "task_id": task_id,
                "task_name": task_name,
                "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
            }
        )
