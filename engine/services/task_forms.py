"""What a task's form needs from the case beyond its own fields: the choice lists it declares (e.g. the
household members to choose from), and the check of a submission against its schema and declared rules.

The whole task data never leaves the engine: a page gets the form's own fields, the item of a
multi-instance task, and ``(value, title)`` pairs of the lists the form declares with ``x-choices``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine import form_rules
from engine.access.acting import acting
from engine.bpmn import steps
from engine.dto import Actor
from engine.errors import InvalidFormData
from engine.services.task_guards import require_assignee, require_can_work, require_task_visible
from engine.store.cases import checkout
from engine.store.context import EngineContext
from engine.store.task_rows import load


def task_values(session: Session, ctx: EngineContext, task, schema: dict | None):
    """An open task's current values of its form's fields only (need to know, not the whole case file),
    the item a multi-instance task is about (tasks without a subject have none), and its choice lists."""
    is_open = task.status == "open"
    fields = (schema or {}).get("properties", {}) if is_open else {}
    wants_choices = is_open and bool(form_rules.declared_choices(schema or {}))
    if not fields and task.subject is None and not wants_choices:
        return {}, None, {}
    case = checkout(session, ctx, task.instance_id)
    data, item = steps.task_view(case.workflow, task.id, with_item=task.subject is not None)
    choices = form_rules.choice_lists(schema, steps.task_data(case.workflow, task.id)) if wants_choices else {}
    ctx.workflows.put(case.id, case)
    return {name: data[name] for name in fields if name in data}, item, choices


def validate(schema: dict | None, data, workflow, task_id: str) -> dict:
    """The submission checked against the schema, its rules and its choice lists (``form_rules.validate``)."""
    return form_rules.validate(schema, data, steps.task_data(workflow, task_id))


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
            validate(schema, data, case.workflow, task.id)
        except InvalidFormData as error:
            return error.by_field()
        finally:
            ctx.workflows.put(case.id, case)
        return {}
