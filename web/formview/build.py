"""Turning a form's JSON Schema, UI schema, current values and errors into a FormView."""

from __future__ import annotations

from typing import Any

from web.formview import model
from web.formview import schema as s
from web.formview.model import Choice, Context, Field, FormView, Row, SummaryItem

MISSING: Any = object()
YES_NO = ((True, "Tak"), (False, "Nie"))  # the template shows its own translations of these


def build(
    schema: dict,
    ui_schema: dict | None,
    values: dict | None,
    errors: dict[str, list[str]] | None,
    *,
    focus: str | None = None,
) -> FormView:
    """The form as plain data, ready for the ``forms/fields.html`` macros.

    Args:
        schema: the task's JSON Schema (an object schema).
        ui_schema: its UI schema (``ui:order``, ``ui:widget``, ``ui:options``, ``ui:help``), may be empty.
        values: the current data (task data, a draft or ``Parsed.values``); a property missing here
            is prefilled from the schema's ``default``.
        errors: dotted path -> messages (``InvalidFormData.by_field()`` or ``Parsed.errors``). Each is
            shown at the field the path names; the rest appear in the error summary only.
        focus: an id from ``focus_after`` (a row or an add button); its first control gets
            ``autofocus`` unless the form shows errors (then the error summary takes the focus).
    """
    builder = _Builder(errors or {})
    fields = builder.properties(schema or {}, ui_schema or {}, values if isinstance(values, dict) else {}, "", ())
    summary = builder.summary(fields)
    if focus and not summary:
        _set_focus(fields, focus)
    return FormView(
        title=str((schema or {}).get("title", "")),
        description=str((schema or {}).get("description", "")),
        fields=fields,
        summary=summary,
    )


def first_control(field: Field) -> Field | None:
    """The field whose first input the user lands on when going to ``field``."""
    if field.kind == model.OBJECT:
        return next((c for c in map(first_control, field.children) if c is not None), None)
    if field.kind == model.ARRAY:
        return first_control(field.rows[0].field) if field.rows else field
    return None if field.kind == model.READONLY else field


def target_id(field: Field) -> str:
    """The id an error summary link for ``field`` points to (an input, or the add button of an empty group)."""
    control = first_control(field)
    if control is None:
        return field.id
    return control.add_id if control.kind == model.ARRAY else control.id


class _Builder:
    def __init__(self, errors: dict[str, list[str]]):
        self.errors = {str(path): list(messages) for path, messages in errors.items()}
        self.placed: dict[str, tuple[Field, tuple[Context, ...]]] = {}

    def properties(self, schema: dict, ui: dict, values: dict, path: str, context) -> tuple[Field, ...]:
        required = s.required_names(schema)
        fields = []
        for name, sub in s.ordered_properties(schema, ui):
            value = values[name] if name in values else sub.get("default", MISSING)
            fields.append(self.field(sub, s.ui_child(ui, name), value, s.join(path, name), name in required, context))
        return tuple(fields)

    def field(self, sub: dict, ui: dict, value, path: str, required: bool, context, label: str = "") -> Field:
        kind = s.widget(sub, ui, required)
        field = Field(
            kind=kind,
            name=path,
            id=s.field_id(path),
            label=str(sub.get("title") or label or s.split(path)[-1]),
            hints=tuple(str(text) for text in (sub.get("description"), ui.get("ui:help")) if text),
            required=required and _must_answer(kind, sub),
            errors=self.errors.get(path, []),
        )
        self.placed[path] = (field, context)
        fill = getattr(self, f"_fill_{kind}", self._fill_scalar)
        fill(field, sub, ui, value, context)
        return field

    # ------------------------------------------------------------------ per kind

    def _fill_scalar(self, field: Field, sub: dict, ui: dict, value, context) -> None:
        field.value = text_of(value)
        field.data = None if value is MISSING else value
        unit = (ui.get("ui:options") or {}).get("unit")
        field.unit = unit if isinstance(unit, str) and unit else None
        field.is_date = sub.get("format") == "date"
        if field.kind == model.NUMBER:
            field.inputmode = "numeric" if s.node_type(sub) == "integer" else "decimal"
        if field.kind == model.TEXTAREA:
            rows = (ui.get("ui:options") or {}).get("rows")
            field.textarea_rows = rows if isinstance(rows, int) and 1 <= rows <= 40 else 5
        if field.kind in (model.SELECT, model.RADIO):
            field.choices = _choices(field.id, s.enum_choices(sub) or [], [value])
        if field.kind == model.YESNO:
            field.choices = _choices(field.id, YES_NO, [value])
        if field.kind == model.READONLY:
            choices = s.enum_choices(sub) or (YES_NO if s.node_type(sub) == "boolean" else [])
            if choices:  # without a list the value is written as a date, number or text, not as a choice
                field.choices = _choices(field.id, choices, value if isinstance(value, list) else [value])
            if isinstance(value, list):
                field.values = tuple(text_of(v) for v in value)

    def _fill_checkboxes(self, field: Field, sub: dict, ui: dict, value, context) -> None:
        chosen = value if isinstance(value, list) else []
        field.values = tuple(text_of(v) for v in chosen)
        field.choices = _choices(field.id, s.enum_choices(s.item_schema(sub)) or [], chosen)

    def _fill_object(self, field: Field, sub: dict, ui: dict, value, context) -> None:
        values = value if isinstance(value, dict) else {}
        field.children = self.properties(sub, ui, values, field.name, context)

    def _fill_array(self, field: Field, sub: dict, ui: dict, value, context) -> None:
        items, items_ui = s.item_schema(sub), s.ui_items(ui)
        if value is MISSING:
            minimum = sub.get("minItems", 0)
            entries = [MISSING] * (minimum if isinstance(minimum, int) and 0 < minimum <= 20 else 0)
        else:
            entries = value if isinstance(value, list) else []
        field.add_action, field.add_id = f"add:{field.name}", f"{field.id}--add"
        field.rows = tuple(
            self._row(field, items, items_ui, entry, index, context) for index, entry in enumerate(entries)
        )

    def _row(self, array: Field, items: dict, ui: dict, entry, index: int, context) -> Row:
        path = s.join(array.name, index)
        inner = (*context, Context(array.label, index + 1))
        if entry is MISSING and s.node_type(items) != "object":
            entry = items.get("default", MISSING)
        row_field = self.field(items, ui, entry, path, False, inner, label=array.label)
        return Row(index=index, path=path, id=s.row_id(path), remove_action=f"remove:{path}", field=row_field)

    # ------------------------------------------------------------------ summary

    def summary(self, fields: tuple[Field, ...]) -> tuple[SummaryItem, ...]:
        """Errors in the order their fields appear, then those that name no field."""
        placed = [
            SummaryItem(message=m, label=field.label, target=target_id(field), context=self.placed[field.name][1])
            for field in walk(fields)
            for m in field.errors
        ]
        unplaced = [
            SummaryItem(message=m, label=None, target=None)
            for path, messages in self.errors.items()
            if path not in self.placed
            for m in messages
        ]
        return tuple(placed + unplaced)


def walk(fields: tuple[Field, ...]):
    """Every field in document order, groups before what they hold."""
    for field in fields:
        yield field
        yield from walk(field.children)
        yield from walk(tuple(row.field for row in field.rows))


def _must_answer(kind: str, sub: dict) -> bool:
    """Whether "(wymagane)" is true for a required property: a list that may stay empty is not."""
    if kind in (model.CHECKBOXES, model.ARRAY):
        minimum = sub.get("minItems")
        return isinstance(minimum, int) and minimum >= 1
    return kind != model.READONLY


def _choices(field_id: str, options, chosen: list) -> tuple[Choice, ...]:
    wanted = [text_of(v) for v in chosen if v is not MISSING and v is not None and text_of(v) != ""]
    pairs = [(text_of(v), title) for v, title in options]
    known = {value for value, _title in pairs}
    # A value the schema no longer offers (an old draft, a changed form) stays visible, not lost.
    pairs += [(value, value) for value in wanted if value not in known]
    return tuple(
        Choice(id=_choice_id(field_id, i), value=value, label=title, checked=value in wanted)
        for i, (value, title) in enumerate(pairs)
    )


def _choice_id(field_id: str, index: int) -> str:
    """The first option carries the field's id (error summary links land on it), the others ``--2``, ``--3``."""
    return field_id if index == 0 else f"{field_id}--{index + 1}"


def _set_focus(fields: tuple[Field, ...], focus: str) -> None:
    for field in walk(fields):
        if field.kind == model.ARRAY and field.add_id == focus:
            field.autofocus = True
            return
        row = next((row for row in field.rows if row.id == focus), None)
        control = first_control(row.field) if row else None
        if control is not None:
            control.autofocus = True
            return


def text_of(value) -> str:
    """A value as the text an input holds: numbers with a decimal comma, booleans as true/false."""
    if value is MISSING or value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).replace(".", ",")
    return str(value)
