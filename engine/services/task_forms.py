"""What a task's form needs from the case beyond its own fields: the choice lists it declares (e.g. the
household members to choose from), and the check of a submission against its schema and declared rules.

The whole task data never leaves the engine: a page gets the form's own fields, the item of a
multi-instance task, and ``(value, title)`` pairs of the lists the form declares with ``x-choices``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from engine import form_items, form_rules
from engine.access.acting import Acting, acting
from engine.access.need_to_know import reader_of
from engine.access.table import table_of
from engine.bpmn import specs, steps
from engine.dto import Actor
from engine.errors import InvalidFormData
from engine.services.task_guards import require_assignee, require_can_work, require_task_visible
from engine.store import file_rows
from engine.store.cases import checkout
from engine.store.context import EngineContext
from engine.store.task_rows import load


@dataclass(frozen=True)
class FormContext:
    """What a task page gets besides the form (see ``task_values``)."""

    data: dict = field(default_factory=dict)
    item: dict | None = None
    choices: dict = field(default_factory=dict)
    item_schema: dict | None = None
    item_ui_schema: dict | None = None


def task_values(
    session: Session,
    ctx: EngineContext,
    task,
    schema: dict | None,
    forms: dict,
    who: Acting,
    roles: frozenset[str],
    read_with=None,
) -> FormContext:
    """An open task's current values of its form's fields only (need to know, not the whole case file),
    the item a multi-instance task is about (tasks without a subject have none) with the form part
    that describes such items (labels and titles for showing it), and the choice lists both declare.

    The lists offer only the household members whose consent reaches the reader (``who`` in ``roles``):
    a name is data too. A submission naming another member is still checked against the whole
    household (the process itself leaves out the items of members without consent). ``read_with``: as
    ``store.cases.checkout`` takes it."""
    is_open = task.status == "open"
    fields = (schema or {}).get("properties", {}) if is_open else {}
    wants_choices = is_open and bool(form_rules.declared_choices(schema or {}))
    if not fields and task.subject is None and not wants_choices:
        return FormContext()
    case = checkout(session, ctx, task.instance_id, read_with)
    try:
        data, item = steps.task_view(case.workflow, task.id, with_item=task.subject is not None)
        own = specs.own_forms(case.workflow)
        item_schema, item_ui = form_items.item_form(forms, item, own)
        wanted = {"properties": {"form": schema or {}, "item": item_schema or {}}} if is_open else item_schema
        case_data = steps.current_data(case.workflow)
        offered = _choice_data(session, case, task.id, wanted, case_data)
        reader = reader_of(who, roles, table_of(case.definition), case_data)
        choices = form_rules.choice_lists(wanted, {**offered, **(reader.filtered(_households(offered, wanted)) or {})})
    finally:
        ctx.workflows.put(case.id, case)
    return FormContext({name: data[name] for name in fields if name in data}, item, choices, item_schema, item_ui)


def form_choices(session: Session, ctx: EngineContext, task, schema: dict | None, who: Acting, roles) -> dict:
    """The choice lists of an open task's form alone (what ``task_values`` offers, without the values):
    what reading a submission of the form needs."""
    if task.status != "open" or not form_rules.declared_choices(schema or {}):
        return {}
    case = checkout(session, ctx, task.instance_id)
    try:
        case_data = steps.current_data(case.workflow)
        offered = _choice_data(session, case, task.id, schema, case_data)
        reader = reader_of(who, roles, table_of(case.definition), case_data)
        return form_rules.choice_lists(schema, {**offered, **(reader.filtered(_households(offered, schema)) or {})})
    finally:
        ctx.workflows.put(case.id, case)


def validate(session: Session, schema: dict | None, data, case, task_id: str) -> dict:
    """The submission checked against the schema, its rules and its choice lists (``form_rules.validate``);
    the case data is read only for a form that declares rules or choices (nothing else looks at it)."""
    case_data = _choice_data(session, case, task_id, schema) if _reads_case_data(schema) else {}
    return form_rules.validate(schema, data, case_data)


def _reads_case_data(schema) -> bool:
    """Whether the schema or a part of it declares ``x-rules`` or ``x-choices`` (see ``form_rules``)."""
    if not isinstance(schema, dict):
        return False
    if "x-rules" in schema or "x-choices" in schema:
        return True
    parts = [*(schema.get("properties") or {}).values(), schema.get("items")]
    return any(_reads_case_data(part) for part in parts)


def _households(data: dict, schema: dict) -> dict:
    """The lists of ``data`` the form's choices read (but the institutions), to be filtered by consent."""
    names = {str(spec["from"]).split(".")[0] for spec in form_rules.declared_choices(schema)} - {CASE_INSTITUTIONS}
    return {name: data[name] for name in names if name in data}


CASE_INSTITUTIONS = "instytucje_sprawy"  # choice lists read the institutions of a role here, e.g. the providers


def _choice_data(session: Session, case, task_id: str, schema: dict | None, case_data: dict | None = None) -> dict:
    """What rules and choice lists read: the task's data over the case's (a task of a called process,
    e.g. ordering one plan item, still names the household of its case), and under ``instytucje_sprawy``
    the institutions of the case's partnership by role (``"from": "instytucje_sprawy.Realizator usługi"``)."""
    case_data = steps.current_data(case.workflow) if case_data is None else case_data  # read once by the caller
    data = {**case_data, **steps.own_data(case.workflow, task_id)}  # read only: no copy of the task data
    if any(str(spec["from"]).startswith(CASE_INSTITUTIONS + ".") for spec in form_rules.declared_choices(schema or {})):
        data[CASE_INSTITUTIONS] = file_rows.institutions_by_role(session, case.id)  # only the forms that ask
    return data


def check(ctx: EngineContext, actor: Actor, task_id: str, data) -> dict[str, list[str]]:
    """Every problem ``data`` would have if submitted now, by field; nothing is stored."""
    with ctx.transaction(write=False) as session:
        who = acting(session, actor)
        task = load(session, task_id)
        require_can_work(who, task, require_task_visible(session, who, task))
        require_assignee(who, task)
        definition = ctx.definitions.get(session, task.definition_id)
        schema = definition.forms.get(task.form) if task.form else None
        case = checkout(session, ctx, task.instance_id)
        try:
            validate(session, schema, data, case, task.id)
        except InvalidFormData as error:
            return error.by_field()
        finally:
            ctx.workflows.put(case.id, case)
        return {}


# A message's payload schema, optional, beside the forms; one for a process comes before the common one.
MESSAGE_FORMS = ("wiadomosc_{name}--{process}.schema.json", "wiadomosc_{name}.schema.json")


def message_payload(case, name: str, payload):
    """A message's payload checked against ``forms/wiadomosc_<name>--<process id>.schema.json`` or else
    ``forms/wiadomosc_<name>.schema.json`` when the model has one (e.g. a withdrawal of consent must name
    a member of the household, or in a group's case a participant); other messages pass as they are.

    Raises:
        InvalidFormData: the payload breaks the schema, its rules or its choice lists.
    """
    forms, process = case.definition.forms, case.definition.process_id
    schema = next((forms[f] for f in (f.format(name=name, process=process) for f in MESSAGE_FORMS) if f in forms), None)
    if schema is None:
        return payload
    return form_rules.validate(schema, payload, steps.current_data(case.workflow))
