"""The answers of a form as text, for showing what was submitted (no inputs)."""

from __future__ import annotations

from collections.abc import Callable

from web.formview import model
from web.formview.formats import POLISH, Formats, iso_date
from web.formview.model import DisplayItem, Field, FormView


def values_for_display(
    view: FormView, gettext: Callable[[str], str] | None = None, formats: Formats | None = None
) -> tuple[DisplayItem, ...]:
    """Label -> answer for every field of ``view`` (built from the submitted data).

    Choices show their titles, yes/no answers "Tak"/"Nie" (passed through ``gettext`` so a page
    can translate them, e.g. ``flask_babel.gettext``), dates as "20 grudnia 2026", numbers grouped
    with a decimal comma and amounts with their unit ("1 200,50 zł"), written by ``formats``
    (Polish by default; a page passes the formats of its locale). Fields left empty have ``text=None``.
    """
    return tuple(display_item(field, gettext, formats) for field in view.fields)


def display_item(
    field: Field, gettext: Callable[[str], str] | None = None, formats: Formats | None = None
) -> DisplayItem:
    """One field's answer (see ``values_for_display``)."""
    gettext = gettext or (lambda text: text)
    formats = formats or POLISH
    if field.kind == model.OBJECT:
        children = tuple(display_item(c, gettext, formats) for c in field.children)
        return DisplayItem(field.label, field.kind, children=children)
    if field.kind == model.ARRAY:
        rows = tuple(_row(row.field, gettext, formats) for row in field.rows)
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
    return DisplayItem(field.label, field.kind, text=_text(field, formats) or None)


def _text(field: Field, formats: Formats) -> str:
    """The answer written for people: a date in words, a number grouped, an amount with its unit."""
    value = field.data
    if field.is_date and iso_date(value) is not None:
        return formats.date(iso_date(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number(value, field.unit)
    return field.value


def _row(field: Field, gettext, formats: Formats) -> tuple[DisplayItem, ...]:
    if field.kind == model.OBJECT:
        return tuple(display_item(child, gettext, formats) for child in field.children)
    return (display_item(field, gettext, formats),)


def _is_yes_no(field: Field) -> bool:
    return [c.value for c in field.choices] == ["true", "false"]
