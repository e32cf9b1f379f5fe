"""The answers of a form as text, for showing what was submitted (no inputs)."""

from __future__ import annotations

from collections.abc import Callable

from web.formview import model
from web.formview.model import DisplayItem, Field, FormView


def values_for_display(view: FormView, gettext: Callable[[str], str] | None = None) -> tuple[DisplayItem, ...]:
    """Label -> answer for every field of ``view`` (built from the submitted data).

    Choices show their titles, yes/no answers "Tak"/"Nie" (passed through ``gettext`` so a page
    can translate them, e.g. ``flask_babel.gettext``), numbers as typed on the form (decimal comma).
    Fields left empty have ``text=None``.
    """
    translate = gettext or (lambda text: text)
    return tuple(display_item(field, translate) for field in view.fields)


def display_item(field: Field, gettext: Callable[[str], str] | None = None) -> DisplayItem:
    """One field's answer (see ``values_for_display``)."""
    gettext = gettext or (lambda text: text)
    if field.kind == model.OBJECT:
        return DisplayItem(field.label, field.kind, children=tuple(display_item(c, gettext) for c in field.children))
    if field.kind == model.ARRAY:
        rows = tuple(_row(row.field, gettext) for row in field.rows)
        return DisplayItem(field.label, field.kind, rows=rows)
    chosen = [c for c in field.choices if c.checked]
    if field.kind == model.YESNO or (field.kind == model.READONLY and _is_yes_no(field)):
        if not chosen or chosen[0].value not in ("true", "false"):
            return DisplayItem(field.label, model.YESNO, text=chosen[0].label if chosen else None)
        answer = chosen[0].value == "true"
        return DisplayItem(field.label, model.YESNO, text=gettext("Tak") if answer else gettext("Nie"), answer=answer)
    if field.kind == model.CHECKBOXES or (field.kind == model.READONLY and field.values):
        texts = tuple(c.label for c in chosen) if field.choices else field.values
        return DisplayItem(field.label, field.kind, texts=texts)
    if chosen:
        return DisplayItem(field.label, field.kind, text=chosen[0].label)
    return DisplayItem(field.label, field.kind, text=field.value or None)


def _row(field: Field, gettext) -> tuple[DisplayItem, ...]:
    if field.kind == model.OBJECT:
        return tuple(display_item(child, gettext) for child in field.children)
    return (display_item(field, gettext),)


def _is_yes_no(field: Field) -> bool:
    return [c.value for c in field.choices] == ["true", "false"]
