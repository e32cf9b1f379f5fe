"""The plain data a form page is rendered from, and what a submission parses into."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Widget kinds a Field can have (``Field.kind``).
TEXT, TEXTAREA, NUMBER, DATE = "text", "textarea", "number", "date"
SELECT, RADIO, CHECKBOXES, YESNO = "select", "radio", "checkboxes", "yesno"
OBJECT, ARRAY, READONLY = "object", "array", "readonly"


class ActionError(ValueError):
    """A row action (``_action`` = ``add:<path>`` or ``remove:<path>.<n>``) that this form cannot carry out."""


@dataclass(slots=True)
class Choice:
    """One option of a select, radio or checkbox group; ``id`` is the id of its input."""

    id: str
    value: str
    label: str
    checked: bool = False


@dataclass(slots=True)
class Field:
    """One question of the form, or a group of them (``object``) or a repeating group (``array``).

    ``name`` is the dotted JSON path (``pozycje_planu.0.usluga``) used as the HTML name and as the
    engine's error path; ``id`` is the HTML id of the field's first control, the target of links
    from the error summary.
    """

    kind: str
    name: str
    id: str
    label: str
    hints: tuple[str, ...] = ()
    required: bool = False
    value: str = ""
    values: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    errors: list[str] = field(default_factory=list)
    textarea_rows: int = 5
    inputmode: str | None = None
    children: tuple[Field, ...] = ()
    rows: tuple[Row, ...] = ()
    add_action: str = ""
    add_id: str = ""
    autofocus: bool = False
    data: Any = None  # the JSON value of a single-value field (what read-only answers format)
    unit: str | None = None  # "zł" for an amount (``"ui:options": {"unit": "zł"}``)
    is_date: bool = False  # a date ("format": "date"), shown to people as "20 grudnia 2026"

    @property
    def hint_id(self) -> str:
        return f"{self.id}--hint"

    @property
    def error_id(self) -> str:
        return f"{self.id}--error"

    @property
    def described_by(self) -> str:
        """Value for aria-describedby: the hint and the error message, when shown."""
        ids = ([self.hint_id] if self.hints else []) + ([self.error_id] if self.errors else [])
        return " ".join(ids)


@dataclass(slots=True)
class Row:
    """One entry of a repeating group: its ``field`` is an object (fieldset of fields) or one scalar field."""

    index: int
    path: str
    id: str
    remove_action: str
    field: Field
    errors: list[str] = field(default_factory=list)

    @property
    def number(self) -> int:
        """The row number people see (1-based)."""
        return self.index + 1

    @property
    def error_id(self) -> str:
        return f"{self.id}--error"


@dataclass(frozen=True, slots=True)
class Context:
    """Where a field sits: inside row ``number`` of the repeating group called ``label``."""

    label: str
    number: int


@dataclass(frozen=True, slots=True)
class SummaryItem:
    """One line of the error summary; ``target`` is the id to link to (None: the error names no field)."""

    message: str
    label: str | None
    target: str | None
    context: tuple[Context, ...] = ()


@dataclass(slots=True)
class FormView:
    """The whole form: top-level fields in display order and the error summary."""

    title: str
    description: str
    fields: tuple[Field, ...]
    summary: tuple[SummaryItem, ...] = ()

    @property
    def has_errors(self) -> bool:
        return bool(self.summary)


@dataclass(frozen=True, slots=True)
class DisplayItem:
    """One answer of a completed form: ``text`` for a single value, ``texts`` for several,
    ``children`` for a group and ``rows`` (each a tuple of items) for a repeating group.

    ``text`` is None when nothing was given; ``answer`` is the yes/no answer as a bool (so a
    template can show its own translation of "Tak"/"Nie").
    """

    label: str
    kind: str
    text: str | None = None
    answer: bool | None = None
    texts: tuple[str, ...] = ()
    children: tuple[DisplayItem, ...] = ()
    rows: tuple[tuple[DisplayItem, ...], ...] = ()


@dataclass(slots=True)
class Parsed:
    """A submitted form turned back into JSON.

    Attributes:
        data: what the engine receives; values that did not convert are left out.
        raw: dotted path -> the text typed where a value did not convert (e.g. "dwa" in a number).
        errors: dotted path -> Polish messages for those values.
        values: ``data`` with the ``raw`` texts put back in place: render the form again from it
            so that nothing typed is lost. Also what a draft stores.
    """

    data: dict[str, Any]
    raw: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def draft(self) -> dict[str, Any]:
        """What to keep as the task's draft: everything typed, converted where it could be."""
        return self.values
