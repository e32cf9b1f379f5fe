"""What the model library (the analyst's workspace) returns: plain, frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from engine.errors import Problem

#: A file's kind by its name: diagrams, decision tables, forms, the visibility table.
KINDS = ("process", "decision", "form", "table")


@dataclass(frozen=True)
class DraftInfo:
    """An analyst's unsaved-to-production copy of a file: who changed it last and when."""

    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class LibraryFile:
    """One file of the model: its newest deployed version (None if never deployed) and its draft."""

    path: str
    kind: str
    deployed_in: int | None
    draft: DraftInfo | None

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class DeployedVersion:
    """A deployed version: who deployed it, when, the hash of its files and the comment given."""

    number: int
    content_hash: str
    created_at: datetime
    created_by: str
    comment: str | None
    file_count: int


@dataclass(frozen=True)
class Library:
    """The model as the analyst sees it: every file (newest deployed plus drafts) and every version."""

    files: tuple[LibraryFile, ...]
    versions: tuple[DeployedVersion, ...]

    @property
    def has_drafts(self) -> bool:
        return any(f.draft is not None for f in self.files)


@dataclass(frozen=True)
class OpenedFile:
    """The working content of a file: the draft if there is one, else the newest deployed content."""

    path: str
    kind: str
    content: bytes
    is_draft: bool
    deployed_in: int | None


@dataclass(frozen=True)
class Checked:
    """The outcome of saving or checking: every problem of the working set, all at once."""

    problems: tuple[Problem, ...]

    def of_file(self, path: str) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.file == path)


@dataclass(frozen=True)
class CodeCheck:
    """One piece of diagram code checked in the sandbox: the Polish problem (None: it compiles) and, for a
    timer written as a literal, its parts (``("days", 14)``…), when it fires from now, and its repetitions
    (-1: without end)."""

    problem: str | None
    parts: tuple[tuple[str, float], ...] = ()
    due_at: datetime | None = None
    repeat: int | None = None
