"""Loading and saving one case: workflow state plus the query tables, in the caller's transaction.

``save`` bumps ``lock_version`` with a conditional UPDATE before writing anything else, so when two
transactions step the same case the second one finds zero rows, raises ``Conflict`` and rolls back:
nothing is overwritten.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from engine.bpmn import deep, failures, runner, state
from engine.context import Definition, EngineContext, after_commit
from engine.db.models import (
    CaseEvent,
    HumanTask,
    InstanceTask,
    MessageSubscription,
    ProcessInstance,
    Timer,
)
from engine.errors import Conflict, NotFound
from engine.jobs import deadlines, queue

_INSTANCE = ProcessInstance.__table__
_TASK_ROW = InstanceTask.__table__
_HUMAN = HumanTask.__table__
_TIMER = Timer.__table__
_SUBSCRIPTION = MessageSubscription.__table__
_EVENT = CaseEvent.__table__
_HUMAN_INSERT = insert(_HUMAN)
_EVENT_INSERT = insert(_EVENT)
_TASK_ROW_INSERT = insert(_TASK_ROW)
_TASK_ROW_UPDATE = (
    update(_TASK_ROW)
    .where(_TASK_ROW.c.instance_id == bindparam("b_case_id"), _TASK_ROW.c.task_id == bindparam("b_task_id"))
    .values(body=bindparam("b_body"), workflow_key=bindparam("b_key"))
)
_MARK_COMPLETED = (
    update(_HUMAN)
    .where(
        _HUMAN.c.id == bindparam("b_task_id"),
        _HUMAN.c.status == "open",
        _HUMAN.c.assignee_id == bindparam("b_user_id"),
    )
    .values(status="completed", completed_at=bindparam("b_now"), completed_by=bindparam("b_user_id"), draft=None)
)
_BUMP_VERSION = (
    update(_INSTANCE)
    .where(_INSTANCE.c.id == bindparam("b_case_id"), _INSTANCE.c.lock_version == bindparam("b_version"))
    .values(
        lock_version=bindparam("b_next"),
        state=bindparam("state"),
        status=bindparam("status"),
        stage=bindparam("stage"),
        updated_at=bindparam("updated_at"),
        error_message=bindparam("error_message"),
        error_task_id=bindparam("error_task_id"),
    )
)
_BUMP_COLUMNS = {"state", "status", "stage", "updated_at", "error_message", "error_task_id"}
_CASE_ROW = select(
    _INSTANCE.c.lock_version,
    _INSTANCE.c.status,
    _INSTANCE.c.definition_id,
    _INSTANCE.c.stage,
    _INSTANCE.c.error_message,
    _INSTANCE.c.error_task_id,
).where(_INSTANCE.c.id == bindparam("case_id"))


@dataclass
class Case:
    """A case loaded for change: its row values, live workflow and what the database holds."""

    id: str
    lock_version: int
    status: str
    definition: Definition
    workflow: object
    snapshot: state.Snapshot | None
    open_tasks: set[str] | None = None
    timers: list | None = None
    messages: list | None = None
    stage: str | None = None
    error_message: str | None = None
    error_task_id: str | None = None
    is_new: bool = False
    events: list[dict] = field(default_factory=list)
    assign_new_tasks_to: tuple[int, frozenset[str]] | None = None
    completed_task: tuple[str, int] | None = None

    def record(self, kind: str, at: datetime, actor_id=None, task_id=None, task_name=None, **detail) -> None:
        self.events.append(
            {
                "instance_id": self.id,
                "at": at,
                "kind": kind,
                "actor_id": actor_id,
                "task_id": task_id,
                "task_name": task_name,
                "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
            }
        )


def checkout(session: Session, ctx: EngineContext, case_id: str) -> Case:
    """The case with a live workflow, from the cache when it is current, else from the database."""
    row = session.execute(_CASE_ROW, {"case_id": case_id}).first()
    if row is None:
        raise NotFound(f"Nie ma sprawy {case_id}.")
    cached = ctx.workflows.take(case_id, row.lock_version)
    if cached is not None:
        cached.status, cached.events = row.status, []
        return cached
    definition = ctx.definitions.get(session, row.definition_id)
    header = session.execute(select(_INSTANCE.c.state).where(_INSTANCE.c.id == case_id)).scalar_one()
    rows = [
        state.TaskRow(r.task_id, r.workflow_key, r.body)
        for r in session.execute(
            select(_TASK_ROW.c.task_id, _TASK_ROW.c.workflow_key, _TASK_ROW.c.body).where(
                _TASK_ROW.c.instance_id == case_id
            )
        )
    ]
    workflow, snapshot = state.load(header, rows, definition.spec, definition.subprocess_specs)
    runner.attach(workflow)
    return Case(
        id=case_id,
        lock_version=row.lock_version,
        status=row.status,
        definition=definition,
        workflow=workflow,
        snapshot=snapshot,
        stage=row.stage,
        error_message=row.error_message,
        error_task_id=row.error_task_id,
    )


def save(session: Session, ctx: EngineContext, case: Case, now: datetime, **columns) -> list[dict]:
    """Write the case's state, query tables and the jobs it implies; the cache gets the case back after commit.

    Returns the rows of the human tasks this save opened.
    """
    runner.prune_detached_subprocesses(case.workflow)
    for name, payload in runner.thrown_messages(case.workflow):
        case.record("message_thrown", now, message=name, payload=payload)
    dump = state.dump(case.workflow, case.snapshot)
    ready = runner.ready_human_tasks(case.workflow)
    new_tasks = _new_human_tasks(session, case, ready)
    case.stage = runner.current_stage(new_tasks) or case.stage
    values = {
        "state": dump.header,
        "status": case.status,
        "stage": case.stage,
        "updated_at": now,
        "error_message": case.error_message,
        "error_task_id": case.error_task_id,
        **columns,
    }
    if case.is_new:
        _insert_instance(session, case, values)
    else:
        _bump_version(session, case, values)
    _write_tasks(session, case, dump)
    opened = _sync_human_tasks(session, case, ready, new_tasks, now)
    queue.enqueue(session, deadlines.jobs_for_new_tasks(case.id, opened, now, ctx.jobs), now)
    _sync_timers(session, case)
    _sync_messages(session, case)
    if case.events:
        session.execute(_EVENT_INSERT, case.events)
    case.events = []
    case.assign_new_tasks_to = None
    case.snapshot = dump.snapshot
    case.is_new = False
    after_commit(session, lambda: ctx.workflows.put(case.id, case))
    return opened


def _insert_instance(session: Session, case: Case, values: dict) -> None:
    session.execute(insert(_INSTANCE).values(id=case.id, lock_version=case.lock_version, **values))


def _bump_version(session: Session, case: Case, values: dict) -> None:
    statement = _BUMP_VERSION.values(**values) if set(values) - _BUMP_COLUMNS else _BUMP_VERSION
    result = session.execute(
        statement,
        {"b_case_id": case.id, "b_version": case.lock_version, "b_next": case.lock_version + 1, **values},
    )
    if result.rowcount != 1:
        raise Conflict("Sprawa została w międzyczasie zmieniona przez kogoś innego. Odśwież i spróbuj ponownie.")
    case.lock_version += 1


def _write_tasks(session: Session, case: Case, dump: state.Dump) -> None:
    known = case.snapshot.tasks if case.snapshot is not None else {}
    new_rows = [r for r in dump.upserts if r.task_id not in known]
    changed = [r for r in dump.upserts if r.task_id in known]
    if new_rows:
        session.execute(
            _TASK_ROW_INSERT,
            [
                {"instance_id": case.id, "task_id": r.task_id, "workflow_key": r.workflow_key, "body": r.body}
                for r in new_rows
            ],
        )
    if changed:
        session.connection().execute(
            _TASK_ROW_UPDATE,
            [
                {"b_case_id": case.id, "b_task_id": r.task_id, "b_body": r.body, "b_key": r.workflow_key}
                for r in changed
            ],
        )
    if dump.deletes:
        session.execute(
            delete(_TASK_ROW).where(_TASK_ROW.c.instance_id == case.id, _TASK_ROW.c.task_id.in_(dump.deletes))
        )


def _new_human_tasks(session: Session, case: Case, ready: list) -> list[runner.ReadyTask]:
    """READY human tasks that have no row yet, described (role, form, due) for their new row."""
    if case.open_tasks is None:
        case.open_tasks = set(
            session.execute(
                select(_HUMAN.c.id).where(_HUMAN.c.instance_id == case.id, _HUMAN.c.status == "open")
            ).scalars()
        )
    return [runner.describe(task) for task in ready if str(task.id) not in case.open_tasks]


def _sync_human_tasks(
    session: Session, case: Case, ready: list, new_tasks: list[runner.ReadyTask], now: datetime
) -> list[dict]:
    ready_ids = {str(task.id) for task in ready}
    finished = set()
    if case.completed_task is not None:
        finished.add(case.completed_task[0])
        _mark_completed(session, case, now)
    gone = case.open_tasks - ready_ids - finished
    if gone:
        session.execute(
            update(_HUMAN)
            .where(_HUMAN.c.id.in_(gone), _HUMAN.c.status == "open")
            .values(status="cancelled", completed_at=now)
        )
    rows = [_human_row(case, task, now) for task in new_tasks]
    if rows:
        session.execute(_HUMAN_INSERT, rows)
    case.open_tasks = ready_ids
    return rows


def _human_row(case: Case, task: runner.ReadyTask, now: datetime) -> dict:
    return {
        "id": task.id,
        "instance_id": case.id,
        "bpmn_id": task.bpmn_id,
        "name": task.name,
        "role": task.role,
        "status": "open",
        "stage": task.stage,
        "form": task.form,
        "ui_form": task.ui_form,
        "instructions": task.instructions,
        "assignee_id": _auto_assignee(case, task),
        "created_at": now,
        "due_at": now + task.due_in if task.due_in else task.due_at,
        "completed_at": None,
        "completed_by": None,
        "draft": None,
        "reminded_at": None,
        "escalated_at": None,
        "subject": task.subject,
    }


def _mark_completed(session: Session, case: Case, now: datetime) -> None:
    task_id, user_id = case.completed_task
    result = session.execute(_MARK_COMPLETED, {"b_task_id": task_id, "b_user_id": user_id, "b_now": now})
    if result.rowcount != 1:
        raise Conflict("To zadanie zostało już wykonane albo przejęte przez inną osobę.")
    case.completed_task = None


def _auto_assignee(case: Case, task: runner.ReadyTask) -> int | None:
    if case.assign_new_tasks_to is None:
        return None
    user_id, roles = case.assign_new_tasks_to
    return user_id if task.role in roles else None


def _sync_timers(session: Session, case: Case) -> None:
    timers = runner.pending_timers(case.workflow)
    if timers == case.timers:
        return
    session.execute(delete(_TIMER).where(_TIMER.c.instance_id == case.id))
    if timers:
        session.execute(
            insert(_TIMER),
            [{"instance_id": case.id, "name": t.name, "kind": t.kind, "due_at": t.due_at} for t in timers],
        )
    case.timers = timers


def _sync_messages(session: Session, case: Case) -> None:
    messages = runner.pending_messages(case.workflow)
    if messages == case.messages:
        return
    session.execute(delete(_SUBSCRIPTION).where(_SUBSCRIPTION.c.instance_id == case.id))
    if messages:
        session.execute(insert(_SUBSCRIPTION), [{"instance_id": case.id, "message_name": name} for name in messages])
    case.messages = messages


def step(case: Case, work: Callable[[], None], now) -> None:
    """Run ``work`` on the case's workflow; a failure puts the case in error, naming the task."""
    try:
        deep.run(work)  # long chains of tasks recurse deeply inside SpiffWorkflow
    except Exception as error:  # noqa: BLE001 - any script or engine failure must land in the case
        failure = failures.describe(error, case.workflow)
        case.status = "error"
        case.error_message = failure.message
        case.error_task_id = str(failure.task.id) if failure.task is not None else None
        case.record(
            "error", now, None, case.error_task_id, failure.task_name, message=failure.message, line=failure.line
        )
        return
    if case.workflow.is_completed() and case.status == "running":
        case.status = "completed"
        case.record("completed", now)
