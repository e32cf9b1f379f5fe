"""Moving one case, in the caller's transaction: the workflow onto the target definition, the open
tasks' rows renamed after it, the timers with their due dates, the history event and the move's row."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.bpmn import migration, runner, task_changes
from engine.db.models import HumanTask
from engine.errors import InvalidState
from engine.services.migration import rows
from engine.services.migration.words import reason
from engine.services.saving import save_case
from engine.store.cases import checkout
from engine.store.context import EngineContext

_HUMAN = HumanTask.__table__


def move(session: Session, ctx: EngineContext, case_id: str, target: int, who_id: int | None, kind: str) -> int:
    """Move the case onto definition ``target``; the version it came from.

    Raises:
        InvalidState: the case has ended, already runs on the target, or the move is unsafe (the reasons).
    """
    case = checkout(session, ctx, case_id)
    if case.status not in rows.MOVABLE:
        raise InvalidState("Sprawa nie trwa (zakończona, przerwana albo z błędem): nie można jej przenieść.")
    if case.definition.id == target:
        raise InvalidState("Sprawa już działa na tej wersji procesu.")
    definition = ctx.definitions.get(session, target)
    if definition.process_id != case.definition.process_id:
        raise InvalidState("Wersja docelowa dotyczy innego procesu.")
    plan = migration.plan(case.workflow, definition.spec, definition.subprocess_specs)
    if not plan.safe:
        number = definition.version_number
        raise InvalidState("Nie można przenieść sprawy: " + "; ".join(reason(b, number) for b in plan.blockers) + ".")
    source = case.definition
    now = ctx.clock.now()
    migration.apply(case.workflow, plan, definition.spec, definition.subprocess_specs, ctx.clock)
    task_changes.check_all_next_time(case.snapshot)  # the move may rewrite open tasks' data
    case.definition = definition
    case.record(
        "migrated",
        now,
        who_id,
        from_version=source.version_number,
        to_version=definition.version_number,
        undo=kind == "undo",
    )
    rows.record(session, case_id, source.id, definition.id, now, who_id, kind)
    save_case(session, ctx, case, now)
    _rename_open_tasks(session, case)
    return source.version_number


def _rename_open_tasks(session: Session, case) -> None:
    """Open tasks keep their people, drafts and deadlines; their name, role, form and stage follow the
    target version. A task whose role changed is no longer held by anyone."""
    open_rows = session.execute(
        select(_HUMAN.c.id, _HUMAN.c.role).where(_HUMAN.c.instance_id == case.id, _HUMAN.c.status == "open")
    ).all()
    for row in open_rows:
        task = runner.find_task(case.workflow, UUID(row.id))
        if task is None or not runner.is_ready(task):
            continue
        ready = runner.describe(task)
        values = {
            "bpmn_id": ready.bpmn_id,
            "name": ready.name,
            "role": ready.role,
            "stage": ready.stage,
            "form": ready.form,
            "ui_form": ready.ui_form,
            "instructions": ready.instructions,
        }
        if ready.role != row.role:
            values["assignee_id"] = None
        session.execute(update(_HUMAN).where(_HUMAN.c.id == row.id).values(**values))
