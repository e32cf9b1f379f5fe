"""The case file ("Teczka sprawy") as callers get it: sections of re-readable decisions, and what the case waits for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from engine.dto import CaseInfo


@dataclass(frozen=True)
class FileEntry:
    """One completed task: who decided what, and when. ``values`` are the form's answers (only the
    form's own fields, without the members whose consent does not reach the reader)."""

    task_id: str
    task_name: str
    role: str | None
    subject: str | None
    completed_at: datetime | None
    completed_by: str | None
    institution: str | None
    schema: dict | None
    ui_schema: dict | None
    values: dict
    previous: dict | None = None  # the answers of the same task's previous completion (an earlier plan version)
    choices: dict = field(
        default_factory=dict
    )  # the form's choice lists (members by name), as the reader may know them
    corrections: tuple = ()  # FieldCorrection: recorded facts corrected since (the values show the new ones)


@dataclass(frozen=True)
class FileSection:
    id: str
    title: str
    entries: tuple[FileEntry, ...]


@dataclass(frozen=True)
class AwaitedTask:
    """An open task of the case: what, which role and institutions, by when."""

    task_id: str
    name: str
    subject: str | None
    role: str | None
    institutions: tuple[str, ...]
    due_at: datetime | None
    assignee_name: str | None


@dataclass(frozen=True)
class Awaited:
    """What the case waits for now, in words: open tasks, timers (with their dates), messages it accepts."""

    tasks: tuple[AwaitedTask, ...]
    timers: tuple[tuple[str, datetime], ...]
    messages: tuple[str, ...]


@dataclass(frozen=True)
class CaseFile:
    """The sections of the case the reader may see (``whole``: all of them) and what it waits for."""

    case: CaseInfo
    sections: tuple[FileSection, ...]
    awaited: Awaited
    whole: bool


@dataclass(frozen=True)
class TaskContext:
    """What a task's decision needs, read-only: sections of the case file and facts from the case data
    (e.g. the institutions the decision table proposed, and why)."""

    sections: tuple[FileSection, ...] = ()
    facts: tuple[tuple[str, object], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sections or self.facts)


@dataclass(frozen=True)
class FieldCorrection:
    """A recorded fact corrected (art. 16 GDPR): the field, its value before and after, why, who and when,
    and the institutions that had received the old value (to be told)."""

    field: str
    label: str
    before: str
    after: str
    reason: str
    corrected_at: datetime
    corrected_by: str | None
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class CorrectableField:
    """A field of a completed task's form that may be corrected: its current value (after corrections),
    and its choices (value, title) when the form limits it to a list."""

    name: str
    label: str
    value: object
    text: str
    kind: str  # "text", "date", "number", "yes_no", "choice"
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CorrectionForm:
    case_id: str
    task_id: str
    task_name: str
    completed_at: datetime | None
    fields: tuple[CorrectableField, ...]
    corrections: tuple[FieldCorrection, ...]
