"""Moving running cases to another deployed version of their process: who may move, what it would do, what it did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TimerPreview:
    """A timer the case waits for: ``kept`` its due date, or (its definition changed) counting again from the move."""

    name: str
    due_at: datetime
    kept: bool
    count: int = 1  # timers alike (name, minute, kept), e.g. one per instance of a multi-instance task


@dataclass(frozen=True)
class MigrationCandidate:
    """A running case of the process on another version: may it move to the target, why not, and what would change.

    Only the case's number, stage and version are shown: the analyst reads no case data."""

    case_id: str
    business_key: str
    stage: str | None
    status: str
    version: int
    eligible: bool
    reasons: tuple[str, ...]  # in Polish, one per blocking task
    reset: tuple[str, ...]  # open tasks rebuilt from the target version (the same people keep them)
    changed: tuple[str, ...]  # of those, the ones the target version changed
    added: tuple[str, ...]  # steps the target version adds
    removed: tuple[str, ...]  # steps not yet reached that the target version drops
    timers: tuple[TimerPreview, ...]


@dataclass(frozen=True)
class MigratedCase:
    """A case whose last move brought it to the target version: undo moves it back to ``previous``."""

    case_id: str
    business_key: str
    stage: str | None
    previous: int
    migrated_at: datetime


@dataclass(frozen=True)
class MigrationOverview:
    process_id: str
    process_name: str
    target: int
    versions: tuple[int, ...]  # the deployed versions holding the process, newest first
    candidates: tuple[MigrationCandidate, ...]
    migrated: tuple[MigratedCase, ...]


@dataclass(frozen=True)
class MigrationResult:
    """One case's outcome: moved from ``from_version`` to ``to_version``, or refused with the reason in Polish."""

    case_id: str
    business_key: str | None
    done: bool
    from_version: int | None
    to_version: int | None
    message: str
