"""Task service: claim, unclaim, draft, complete (the worker's lists are in ``services.task_lists``).

``complete`` guards what SpiffWorkflow's ``task.run()`` does
not: the task is READY and manual, the user holds the task's role, the user's institution plays
that role in the case, and the user has claimed it.
"""

from __future__ import annotations

import json

from sqlalchemy import update

from engine.access.acting import acting
from engine.access.audit import audit
from engine.access.visibility import require_visible, roles_in_case
from engine.bpmn import steps
from engine.db.models import HumanTask
from engine.dto import Actor, Completion, TaskDetail, TaskInfo
from engine.errors import Conflict, InvalidState
from engine.services import task_forms
from engine.services.saving import save_case
from engine.services.task_assignment import TaskAssignment
from engine.services.task_guards import (
    claim_row,
    record_event,
    require_assignee,
    require_can_work,
    require_open,
    require_permitted,
    require_task_visible,
    work_on,
)
from engine.services.task_lists import TaskLists
from engine.services.task_page import open_tasks, task_detail
from engine.store.cases import checkout, step
from engine.store.changes import Completed
from engine.store.context import EngineContext
from engine.store.task_rows import assigned_info, load, opened_infos, task_info

_HUMAN = HumanTask.__table__


class TaskService(TaskLists, TaskAssignment):
    """What a worker does with human tasks (the lists in ``services.task_lists``)."""

    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def of_case(self, actor: Actor, case_id: str) -> list[TaskInfo]:
        """The open tasks of one case (name, role, due date, assignee), for its participants and supervisors.

        A participant sees the ``subject`` only of the tasks of roles its institution plays in the case:
        what another institution's task is about (e.g. a plan item "terapia uzależnień") is not theirs to know,
        and a task meant for another institution of its own role (another provider's order) is not listed.

        Raises:
            NotFound: no such case, or the actor's institution does not take part in it.
        """
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            require_visible(session, who, case_id)
            return open_tasks(session, who, case_id, roles_in_case(session, case_id, who.institution_id))

    # ------------------------------------------------------------------ one task

    def get(self, actor: Actor, task_id: str) -> TaskDetail:
        """The task with its form; data limited to the form's own fields and, for a multi-instance task,
        the item it is about (read is audited).

        Data, draft, item and subject are only for the institution playing the task's role and for
        supervisors; other partners of the case see what the task is and who holds it.

        Raises:
            NotFound: no such task, or the actor's institution does not take part in its case.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who, task, roles = work_on(session, actor, task_id, "tasks:read")
            audit(session, now, who, "task.read", task.instance_id, task.id)
            return task_detail(session, self._ctx, who, task, roles)

    def form(self, actor: Actor, task_id: str) -> TaskDetail:
        """The task with its form and the form's choice lists, but none of its values: what a submission
        is read against before ``complete``. A read-only transaction, not audited: nothing of the case
        reaches a page through it (the completion it precedes is audited; a page shown instead comes
        from ``get``).

        Raises:
            NotFound: no such task, or the actor's institution does not take part in its case.
        """
        with self._ctx.transaction(write=False) as session:
            who, task, roles = work_on(session, actor, task_id, "tasks:read")
            forms = self._ctx.definitions.get(session, task.definition_id).forms
            schema = forms.get(task.form) if task.form else None
            holds = who.is_system or who.supervises or task.role in roles
            choices = task_forms.form_choices(session, self._ctx, task, schema, who, roles) if holds else {}
            return TaskDetail(
                task=task_info(task) if holds else task_info(task, subject=None),
                instructions=task.instructions,
                schema=schema,
                ui_schema=forms.get(task.ui_form) if task.ui_form else None,
                choices=choices,
            )

    def check(self, actor: Actor, task_id: str, data) -> dict[str, list[str]]:
        """What submitting ``data`` would be refused for, by field (schema, rules, choices); stores nothing."""
        return task_forms.check(self._ctx, actor, task_id, data)

    def claim(self, actor: Actor, task_id: str) -> TaskInfo:
        """Take an open task from the queue.

        Raises:
            Conflict: someone else took it first, or it is no longer open.
            NotAllowed: the actor does not hold its role in this case.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who, task, roles = work_on(session, actor, task_id)
            require_can_work(who, task, roles)
            claim_row(session, who, task)
            record_event(session, task, "claimed", who, now)
            return assigned_info(session, task, who.id)

    def require_permitted(self, actor: Actor, task_id: str) -> None:
        """Whether the actor could ever do this task, whatever its state now.

        Raises:
            NotAllowed: the actor lacks the task's role, or their institution does not play it in the case.
            NotFound: no such task, or its case is not visible to the actor.
        """
        with self._ctx.transaction(write=False) as session:
            who, task, roles = work_on(session, actor, task_id)
            require_permitted(who, task, roles)

    def unclaim(self, actor: Actor, task_id: str) -> TaskInfo:
        """Put a task the actor holds back into the queue (a supervisor may release anyone's)."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            task = load(session, task_id)
            require_task_visible(session, who, task)
            require_open(task)
            holder = HumanTask.assignee_id.is_not(None) if who.supervises else None
            holder = holder if holder is not None else HumanTask.assignee_id == who.id
            result = session.execute(
                update(HumanTask)
                .where(HumanTask.id == task_id, HumanTask.status == "open", holder)
                .values(assignee_id=None)
            )
            if result.rowcount != 1:
                raise Conflict("Nie możesz zwolnić zadania, którego nie podjąłeś.")
            record_event(session, task, "unclaimed", who, now)
            return assigned_info(session, task, None)

    def save_draft(self, actor: Actor, task_id: str, data: dict) -> TaskInfo:
        """Keep unfinished form input (not validated) for the assignee to continue later."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            task = load(session, task_id)
            require_task_visible(session, who, task)
            require_open(task)
            require_assignee(who, task)
            session.execute(
                update(HumanTask)
                .where(HumanTask.id == task_id)
                .values(draft=json.dumps(data, ensure_ascii=False, default=str))
            )
            audit(session, now, who, "task.draft", task.instance_id, task.id)
            return task_info(task)

    def complete(self, actor: Actor, task_id: str, data: dict, claim: bool = False) -> Completion:
        """Submit the form and move the case on; with ``claim`` an unassigned task is claimed with it.

        Raises:
            InvalidFormData: the data breaks the task's JSON Schema (nothing changes).
            Conflict: the task is done already or was completed concurrently (nothing overwritten).
            NotAllowed: role, institution or assignment does not fit.
            InvalidState: the case is suspended, in error or ended.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who, task, roles = work_on(session, actor, task_id)
            require_can_work(who, task, roles)
            # a token holds nothing; a person's claim is written with the completion (one row update)
            claiming = claim and task.assignee_id is None and not who.for_institution
            require_assignee(who, task, assignee_id=who.id if claiming else None)
            definition = self._ctx.definitions.get(session, task.definition_id)
            case = checkout(session, self._ctx, task.instance_id, read_with=task)
            if case.status != "running":
                raise InvalidState(f"Sprawa ma status „{case.status}”: zadania nie można teraz zakończyć.")
            schema = definition.forms.get(task.form) if task.form else None
            data = task_forms.validate(session, schema, data, case, task_id)
            spiff_task = steps.ready_manual_task(case.workflow, task_id)
            if spiff_task is None:
                raise Conflict("Tego zadania nie można już wykonać: proces poszedł dalej.")
            if claiming:
                case.record("claimed", now, who.id, task_id, task.name)
            case.record("completed", now, who.id, task_id, task.name)
            step(case, lambda: steps.complete(case.workflow, spiff_task, data, self._ctx.clock), now, self._ctx.clock)
            opened = save_case(session, self._ctx, case, now, completed=Completed(task_id, who.id, claiming))
            audit(
                session, now, who, "task.complete", task.instance_id, task_id, **({"claimed": True} if claiming else {})
            )
            done = task_info(
                task,
                assignee_id=who.id,
                assignee_name=task.actor_name,
                status="completed",
                completed_at=now,
                completed_by=who.id,
            )
            return Completion(done, opened_infos(session, opened, task))
