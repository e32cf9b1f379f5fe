"""What comparing two versions of the model returns: plain, frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class DiffLine:
    """One line of a unified diff: ``kind`` is ``added``, ``removed``, ``same`` or ``hunk`` (a ``@@`` header).

    ``old`` and ``new`` are the line's numbers on each side (None where it has none).
    """

    kind: str
    text: str
    old: int | None
    new: int | None


@dataclass(frozen=True)
class ElementChange:
    """A BPMN element (by id) added, removed or changed; its name before and after ("" where none)."""

    change: str
    element_id: str
    kind: str
    old_name: str
    new_name: str

    @property
    def name(self) -> str:
        return self.new_name or self.old_name


@dataclass(frozen=True)
class FileChange:
    """A file ``added``, ``removed`` or ``changed`` between the two sides, with its line diff.

    ``lines`` is capped; ``truncated`` says the diff had more lines than were kept. ``binary`` marks
    content that is not UTF-8 text (no line diff then).
    """

    path: str
    change: str
    old_hash: str | None
    new_hash: str | None
    lines: tuple[DiffLine, ...]
    truncated: bool
    elements: tuple[ElementChange, ...]
    binary: bool = False

    @property
    def added_lines(self) -> int:
        return sum(1 for line in self.lines if line.kind == "added")

    @property
    def removed_lines(self) -> int:
        return sum(1 for line in self.lines if line.kind == "removed")


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a deployed version (number, when, who) or the working draft (number None)."""

    number: int | None
    created_at: datetime | None
    created_by: str | None

    @property
    def is_draft(self) -> bool:
        return self.number is None


@dataclass(frozen=True)
class Comparison:
    """Every file that differs between two sides of the model; unchanged files are only counted."""

    old: Side
    new: Side
    files: tuple[FileChange, ...]
    unchanged: int
