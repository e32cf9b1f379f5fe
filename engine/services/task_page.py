"""The worker's task page in one engine call: the task with its form and values, the case's header and
its open tasks, what the decision needs, and whether the reader may take the task.

Each part is shown to whom ``tasks.get``, ``runtime.case``, ``tasks.of_case``, ``casefile.task_context``
and ``tasks.in_queue`` show it: they share the functions below (and ``casefile.context_of``). The audit
trail records the same reads as those calls (``task.read``, ``case.read``, and ``task.context`` when the
page shows a context), chained together when the one transaction commits.
"""

from __future__ import annotations

import json

from sqlalchemy import bindparam
from sqlalchemy.orm import Session

from engine.access.acting import Acting, require_operation
from engine.access.audit import audit
from engine.db.models import HumanTask
from engine.dto import Actor, CaseInfo, TaskDetail, TaskInfo
from engine.dto.task_page import TaskPage
from engine.errors import NotAllowed
from engine.services import task_forms
from engine.services.casefile import context_of
from engine.services.task_guards import work_on
from engine.services.task_lists import queued
from engine.store.case_rows import case_info
from engine.store.context import EngineContext
from engine.store.task_rows import TASK_BASE, task_info

_HUMAN = HumanTask.__table__
_OPEN_TASKS = TASK_BASE.where(_HUMAN.c.instance_id == bindparam("case_id"), _HUMAN.c.status == "open").order_by(
    _HUMAN.c.created_at, _HUMAN.c.id
)


class TaskPageService:
    """What the task page shows, read at once."""

    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def get(self, actor: Actor, task_id: str) -> TaskPage:
        """The task page of ``task_id`` for the actor, in one transaction (reads audited as the calls it joins).

        Raises:
            NotFound: no such task, or the actor's institution does not take part in its case.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who, task, roles = work_on(session, actor, task_id, "tasks:read")  # the checkouts below take its case row
            detail = task_detail(session, self._ctx, who, task, roles, read_with=task)
            audit(session, now, who, "task.read", task.instance_id, task.id)
            case, case_tasks = _case(session, who, task.instance_id, now)
            context = context_of(session, self._ctx, who, task, roles, now, read_with=task)
            claimable = task.status == "open" and task.assignee_id is None and queued(session, who, task.id)
            return TaskPage(detail, case, case_tasks, context, claimable)


def task_detail(
    session: Session, ctx: EngineContext, who: Acting, task, roles: frozenset[str], read_with=None
) -> TaskDetail:
    """The task with its form; data, draft, item and subject only for the institution playing the task's
    role and supervisors (``tasks.get``; the caller audits the read). ``read_with``: the task's row with
    its case's row (``task_rows.load_to_work``), read in this transaction."""
    definition = ctx.definitions.get(session, task.definition_id)
    schema = definition.forms.get(task.form) if task.form else None
    ui_schema = definition.forms.get(task.ui_form) if task.ui_form else None
    if not (who.is_system or who.supervises or task.role in roles):
        return TaskDetail(
            task=task_info(task, subject=None), instructions=task.instructions, schema=schema, ui_schema=ui_schema
        )
    found = task_forms.task_values(session, ctx, task, schema, definition.forms, who, roles, read_with)
    return TaskDetail(
        task=task_info(task),
        instructions=task.instructions,
        schema=schema,
        ui_schema=ui_schema,
        data=found.data,
        draft=json.loads(task.draft) if task.draft else None,
        item=found.item,
        choices=found.choices,
        item_schema=found.item_schema,
        item_ui_schema=found.item_ui_schema,
    )


def open_tasks(session: Session, who: Acting, case_id: str, institution_roles: frozenset[str]) -> list[TaskInfo]:
    """The open tasks of a case the actor may see (``tasks.of_case``): what another institution's task is
    about (its subject) only for supervisors, the system and the roles the institution plays in the case
    (``institution_roles``); a task meant for another institution of the actor's role is not listed."""
    everything = who.is_system or who.supervises
    return [
        task_info(row) if everything or row.role in institution_roles else task_info(row, subject=None)
        for row in session.execute(_OPEN_TASKS, {"case_id": case_id})
        if who.may_see_task_of(row.role, row.institution)  # not another provider's order
    ]


def _case(session: Session, who: Acting, case_id: str, now) -> tuple[CaseInfo | None, tuple[TaskInfo, ...]]:
    """The case's header (audited as ``case.read``) and open tasks; nothing for a token without ``cases:read``.
    The case's visibility was checked with the task's."""
    try:
        require_operation(who, "cases:read")
    except NotAllowed:
        return None, ()
    info = case_info(session, case_id)
    audit(session, now, who, "case.read", case_id)
    # the roles the institution plays in the case (``visibility.roles_in_case``): its admitted participations
    played = frozenset(role for role, institution in info.participants if institution == who.institution_id)
    return info, tuple(open_tasks(session, who, case_id, played if who.institution_id is not None else frozenset()))
