"""Task service: the worker's lists (inbox, queue, archive), claim, unclaim, draft, complete.

Lists are SQL over ``human_task`` joined with the user's roles and the case partnership; no
workflow is loaded to answer them. ``complete`` guards what SpiffWorkflow's ``task.run()`` does
not: the task is READY and manual, the user holds the task's role, the user's institution plays
that role in the case, and the user has claimed it.
"""

from __future__ import annotations

import json
from uuid import UUID

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from engine import forms
from engine.bpmn import runner
from engine.cases import audit, participates
from engine.context import EngineContext
from engine.db.models import CaseEvent, CaseParticipant, HumanTask, ProcessInstance, UserRole
from engine.dto import Actor, TaskDetail, TaskInfo
from engine.errors import Conflict, InvalidState, NotAllowed, NotFound
from engine.identity import Acting, acting
from engine.store import checkout, save, step

_LIST_LIMIT = 500


class TaskService:
    """What a worker does with human tasks."""

    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    # ------------------------------------------------------------------ lists

    def inbox(self, actor: Actor) -> list[TaskInfo]:
        """Open tasks assigned to the actor, oldest due first."""
        return self._list(actor, lambda who: [HumanTask.status == "open", HumanTask.assignee_id == who.id])

    def queue(self, actor: Actor) -> list[TaskInfo]:
        """Open, unassigned tasks of the actor's roles in cases where their institution plays that role."""

        def conditions(who: Acting):
            return [HumanTask.status == "open", HumanTask.assignee_id.is_(None)]

        return self._list(actor, conditions, claimable=True)

    def archive(self, actor: Actor) -> list[TaskInfo]:
        """Tasks the actor completed, newest first."""
        return self._list(actor, lambda who: [HumanTask.completed_by == who.id], newest_first=True)

    def _list(self, actor: Actor, conditions, claimable: bool = False, newest_first: bool = False):
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            if who.is_system:
                return []
            query = (
                select(HumanTask, ProcessInstance.title, ProcessInstance.business_key)
                .join(ProcessInstance, ProcessInstance.id == HumanTask.instance_id)
                .where(*conditions(who))
            )
            if claimable:
                query = query.join(
                    CaseParticipant,
                    and_(
                        CaseParticipant.instance_id == HumanTask.instance_id,
                        CaseParticipant.role == HumanTask.role,
                        CaseParticipant.institution_id == who.institution_id,
                    ),
                ).join(UserRole, and_(UserRole.user_id == who.id, UserRole.role == HumanTask.role))
                query = query.where(ProcessInstance.status == "running")
            if newest_first:
                query = query.order_by(HumanTask.completed_at.desc())
            else:
                query = query.order_by(HumanTask.due_at.is_(None), HumanTask.due_at, HumanTask.created_at)
            rows = session.execute(query.limit(_LIST_LIMIT)).all()
            return [_task_info(task, title, key) for task, title, key in rows]

    # ------------------------------------------------------------------ one task

    def get(self, actor: Actor, task_id: str) -> TaskDetail:
        """The task with its form; data limited to the form's own fields (read is audited).

        Raises:
            NotFound: no such task, or the actor's institution does not take part in its case.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            task, title, key = _load(session, task_id)
            _require_visible(session, who, task)
            definition = self._definition(session, task.instance_id)
            schema = definition.forms.get(task.form) if task.form else None
            ui_schema = definition.forms.get(task.ui_form) if task.ui_form else None
            data = self._form_data(session, task, schema) if task.status == "open" else {}
            audit(session, now, who, "task.read", task.instance_id, task.id)
            return TaskDetail(
                task=_task_info(task, title, key),
                instructions=task.instructions,
                schema=schema,
                ui_schema=ui_schema,
                data=data,
                draft=json.loads(task.draft) if task.draft else None,
            )

    def _definition(self, session: Session, case_id: str):
        definition_id = session.execute(
            select(ProcessInstance.definition_id).where(ProcessInstance.id == case_id)
        ).scalar_one()
        return self._ctx.definitions.get(session, definition_id)

    def _form_data(self, session: Session, task: HumanTask, schema: dict | None) -> dict:
        """Current values of the form's fields only: need to know, not the whole case file."""
        fields = (schema or {}).get("properties", {})
        if not fields:
            return {}
        case = checkout(session, self._ctx, task.instance_id)
        spiff_task = case.workflow.get_task_from_id(UUID(task.id))
        data = spiff_task.data if spiff_task is not None else {}
        self._ctx.workflows.put(case.id, case)
        return {name: data[name] for name in fields if name in data}

    def claim(self, actor: Actor, task_id: str) -> TaskInfo:
        """Take an open task from the queue.

        Raises:
            Conflict: someone else took it first, or it is no longer open.
            NotAllowed: the actor does not hold its role in this case.
        """
        return self._assign(actor, task_id, claim=True)

    def unclaim(self, actor: Actor, task_id: str) -> TaskInfo:
        """Put a task the actor holds back into the queue (a supervisor may release anyone's)."""
        return self._assign(actor, task_id, claim=False)

    def _assign(self, actor: Actor, task_id: str, claim: bool) -> TaskInfo:
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            task, title, key = _load(session, task_id)
            _require_visible(session, who, task)
            _require_open(task)
            if claim:
                _require_can_work(session, who, task)
                condition, values = HumanTask.assignee_id.is_(None), {"assignee_id": who.id}
            else:
                supervisor = bool(who.roles & {"Superwizor", "Administrator"})
                condition = HumanTask.assignee_id.is_not(None) if supervisor else HumanTask.assignee_id == who.id
                values = {"assignee_id": None}
            result = session.execute(
                update(HumanTask).where(HumanTask.id == task_id, HumanTask.status == "open", condition).values(**values)
            )
            if result.rowcount != 1:
                raise Conflict(_taken_message(claim))
            _record(session, task, "claimed" if claim else "unclaimed", who, now)
            session.refresh(task)
            return _task_info(task, title, key)

    def save_draft(self, actor: Actor, task_id: str, data: dict) -> TaskInfo:
        """Keep unfinished form input (not validated) for the assignee to continue later."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            task, title, key = _load(session, task_id)
            _require_visible(session, who, task)
            _require_open(task)
            _require_assignee(who, task)
            task.draft = json.dumps(data, ensure_ascii=False)
            audit(session, now, who, "task.draft", task.instance_id, task.id)
            return _task_info(task, title, key)

    def complete(self, actor: Actor, task_id: str, data: dict) -> TaskInfo:
        """Submit the form and move the case on.

        Raises:
            InvalidFormData: the data breaks the task's JSON Schema (nothing changes).
            Conflict: the task is done already or was completed concurrently (nothing overwritten).
            NotAllowed: role, institution or assignment does not fit.
            InvalidState: the case is suspended, in error or ended.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            task, title, key = _load(session, task_id)
            _require_visible(session, who, task)
            _require_open(task)
            _require_can_work(session, who, task)
            _require_assignee(who, task)
            definition = self._definition(session, task.instance_id)
            forms.validate(definition.forms.get(task.form) if task.form else None, data)
            case = checkout(session, self._ctx, task.instance_id)
            if case.status != "running":
                raise InvalidState(f"Sprawa ma status „{case.status}”: zadania nie można teraz zakończyć.")
            spiff_task = _ready_spiff_task(case.workflow, task_id)
            case.completed_task = (task_id, who.id)
            case.record("completed", now, who.id, task_id, task.name)
            step(case, lambda: _run(spiff_task, data, case.workflow, self._ctx.clock), now)
            save(session, self._ctx, case, now)
            audit(session, now, who, "task.complete", task.instance_id, task_id)
            session.refresh(task)
            return _task_info(task, title, key)


def _run(spiff_task, data: dict, workflow, clock) -> None:
    spiff_task.task_spec.add_data_from_form(spiff_task, data)
    spiff_task.run()
    runner.advance(workflow, clock)


def _ready_spiff_task(workflow, task_id: str):
    spiff_task = workflow.get_task_from_id(UUID(task_id))
    if spiff_task is None or not spiff_task.task_spec.manual or not runner.is_ready(spiff_task):
        raise Conflict("Tego zadania nie można już wykonać: proces poszedł dalej.")
    return spiff_task


def _load(session: Session, task_id: str):
    row = session.execute(
        select(HumanTask, ProcessInstance.title, ProcessInstance.business_key)
        .join(ProcessInstance, ProcessInstance.id == HumanTask.instance_id)
        .where(HumanTask.id == task_id)
    ).first()
    if row is None:
        raise NotFound(f"Nie ma zadania {task_id}.")
    return row


def _require_visible(session: Session, who: Acting, task: HumanTask) -> None:
    if who.is_system or who.roles & {"Superwizor", "Administrator"}:
        return
    if not participates(session, task.instance_id, who.institution_id):
        raise NotFound(f"Nie ma zadania {task.id}.")


def _require_open(task: HumanTask) -> None:
    if task.status == "completed":
        raise Conflict("To zadanie zostało już wykonane.")
    if task.status != "open":
        raise Conflict("To zadanie zostało anulowane: proces poszedł inną drogą.")


def _require_can_work(session: Session, who: Acting, task: HumanTask) -> None:
    if who.is_system:
        raise NotAllowed("Zadania użytkownika wykonują ludzie, nie system.")
    if task.role not in who.roles:
        raise NotAllowed(f"To zadanie wymaga roli „{task.role}”, której nie posiadasz.")
    playing = session.execute(
        select(CaseParticipant.role).where(
            CaseParticipant.instance_id == task.instance_id,
            CaseParticipant.role == task.role,
            CaseParticipant.institution_id == who.institution_id,
        )
    ).first()
    if playing is None:
        raise NotAllowed(f"Twoja instytucja nie pełni w tej sprawie roli „{task.role}”.")


def _require_assignee(who: Acting, task: HumanTask) -> None:
    if task.assignee_id is None:
        raise NotAllowed("Najpierw podejmij to zadanie.")
    if task.assignee_id != who.id:
        raise Conflict("To zadanie podjęła inna osoba.")


def _taken_message(claim: bool) -> str:
    if claim:
        return "To zadanie zostało już podjęte przez inną osobę."
    return "Nie możesz zwolnić zadania, którego nie podjąłeś."


def _record(session: Session, task: HumanTask, kind: str, who: Acting, now) -> None:
    session.add(
        CaseEvent(
            instance_id=task.instance_id, at=now, kind=kind, actor_id=who.id, task_id=task.id, task_name=task.name
        )
    )
    audit(session, now, who, f"task.{kind}", task.instance_id, task.id)


def _task_info(task: HumanTask, title: str, key: str) -> TaskInfo:
    return TaskInfo(
        id=task.id,
        case_id=task.instance_id,
        case_title=title,
        business_key=key,
        bpmn_id=task.bpmn_id,
        name=task.name,
        role=task.role,
        status=task.status,
        stage=task.stage,
        assignee_id=task.assignee_id,
        created_at=task.created_at,
        due_at=task.due_at,
        completed_at=task.completed_at,
        completed_by=task.completed_by,
    )
