"""Server-side forms from JSON Schema: render a task's form, and read a submission back into JSON.

A page uses it like this (``forms/fields.html`` holds the macros)::

    view = formview.build(detail.schema, detail.ui_schema, values, errors)   # GET, or a refused POST
    parsed = formview.parse(detail.schema, request.form)                      # POST
    if action is a row action:  values = formview.apply_action(schema, parsed.values, action)
                                view = build(..., values, {}, focus=formview.focus_after(action, values))
    elif parsed.errors:         re-render from parsed.values with parsed.errors (do not complete)
    else:                       engine.tasks.complete(actor, task_id, parsed.data); on InvalidFormData
                                re-render from parsed.values with error.by_field()

Naming: an input's HTML name is the dotted JSON path (``pozycje_planu.0.usluga``, the same path the
engine's ``FieldError`` uses); checkbox groups submit their name once per ticked box; each row of a
repeating group of objects also submits an empty hidden ``<path>.<n>`` so that a row with nothing
ticked still counts. Ids: ``f-<path with "-">`` for the first control of a field (what the error
summary links to), ``row-<path>`` for a row's fieldset, and suffixes ``--hint``, ``--error``,
``--add``, ``--<n>`` (the n-th option) that never clash with a path. Property names containing "."
or starting with "_" cannot be carried by these names and are not rendered.
"""

from web.formview.actions import apply_action, focus_after
from web.formview.build import build
from web.formview.choices import with_choices
from web.formview.display import display_item, values_for_display
from web.formview.model import (
    ActionError,
    Choice,
    Context,
    DisplayItem,
    Field,
    FormView,
    Parsed,
    Row,
    SummaryItem,
)
from web.formview.parse import parse

#: What the form templates call to show answers read-only: one field's answer, and a whole form's.
TEMPLATE_GLOBALS = {"answer_of": display_item, "answers_of": values_for_display}

__all__ = [
    "ActionError",
    "Choice",
    "Context",
    "DisplayItem",
    "Field",
    "FormView",
    "Parsed",
    "Row",
    "SummaryItem",
    "TEMPLATE_GLOBALS",
    "apply_action",
    "build",
    "focus_after",
    "parse",
    "values_for_display",
    "with_choices",
]
