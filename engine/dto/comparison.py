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
    """A BPMN element (by id) added, removed or changed; its name and lane before and after ("" where none)."""

    change: str
    element_id: str
    kind: str
    old_name: str
    new_name: str
    old_lane: str = ""
    new_lane: str = ""

    @property
    def name(self) -> str:
        return self.new_name or self.old_name


@dataclass(frozen=True)
class FieldAspect:
    """One aspect of a form field that changed: ``title``, ``type``, ``required`` or ``choices``.

    ``old``/``new`` hold the title, the JSON type (``string`` …) or ``yes``/``no`` for required; for
    choices ``added`` and ``removed`` list the choice values that appeared or went away.
    """

    aspect: str
    old: str = ""
    new: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldChange:
    """A field of a form (JSON Schema property; nested ones by path, e.g. ``czlonkowie / imie``)."""

    change: str
    path: str
    old_title: str
    new_title: str
    aspects: tuple[FieldAspect, ...] = ()

    @property
    def title(self) -> str:
        return self.new_title or self.old_title


@dataclass(frozen=True)
class CellChange:
    """One cell of a decision rule: its column (input or output label) and its text before and after."""

    column: str
    old: str
    new: str


@dataclass(frozen=True)
class ColumnChange:
    """A column of a decision table (``input`` or ``output``) added, removed or changed (label or expression)."""

    kind: str
    change: str
    old_label: str
    new_label: str
    old_expression: str
    new_expression: str


@dataclass(frozen=True)
class TableChange:
    """What changed in a decision table as a whole: its hit policy (the DMN code) and its columns."""

    decision: str
    old_hit_policy: str
    new_hit_policy: str
    columns: tuple[ColumnChange, ...]


@dataclass(frozen=True)
class RuleChange:
    """A row (rule) of a decision table added, removed or changed, with its row number on each side.

    For an added or removed row ``cells`` holds all its cells; for a changed one only those that differ.
    """

    change: str
    decision: str
    rule_id: str
    old_number: int | None
    new_number: int | None
    description: str
    cells: tuple[CellChange, ...]


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
    fields: tuple[FieldChange, ...] = ()
    rules: tuple[RuleChange, ...] = ()
    tables: tuple[TableChange, ...] = ()

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
