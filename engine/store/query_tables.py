"""The query tables a save keeps in step with the workflow: human tasks, timers and message subscriptions.

Lists, queues and the worker read these tables; none of them loads a workflow.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from engine import form_items
from engine.bpmn import runner
from engine.db.database import rows_changed
from engine.db.models import HumanTask, MessageSubscription, Timer
from engine.db.prepared import Prepared
from engine.errors import Conflict
from engine.store.changes import AutoAssign, Case, Completed

_HUMAN = HumanTask.__table__
_TIMER = Timer.__table__
_SUBSCRIPTION = MessageSubscription.__table__
# inline: no generated id read back (PostgreSQL would add RETURNING), so they can be pipelined
_HUMAN_INSERT = Prepared(insert(_HUMAN).inline())
_TIMER_INSERT = Prepared(insert(_TIMER).inline())
_TIMERS_DELETE = Prepared(delete(_TIMER).where(_TIMER.c.instance_id == bindparam("b_case_id")))
_SUBSCRIPTION_INSERT = Prepared(insert(_SUBSCRIPTION).inline())
_SUBSCRIPTIONS_DELETE = Prepared(delete(_SUBSCRIPTION).where(_SUBSCRIPTION.c.instance_id == bindparam("b_case_id")))
_MARK_COMPLETED = Prepared(
    update(_HUMAN)
    .where(
        _HUMAN.c.id == bindparam("b_task_id"),
        _HUMAN.c.status == "open",
        _HUMAN.c.assignee_id == bindparam("b_user_id"),
    )
    .values(status="completed", completed_at=bindparam("b_now"), completed_by=bindparam("b_user_id"), draft=None)
)
#: A task a person claims and completes in one step (``Completed.claimed``): still nobody's when written.
_MARK_CLAIMED_COMPLETED = Prepared(
    update(_HUMAN)
    .where(_HUMAN.c.id == bindparam("b_task_id"), _HUMAN.c.status == "open", _HUMAN.c.assignee_id.is_(None))
    .values(
        status="completed",
        assignee_id=bindparam("b_user_id"),
        completed_at=bindparam("b_now"),
        completed_by=bindparam("b_user_id"),
        draft=None,
    )
)
#: A task an external system completes (an API token: no person, so nobody holds the task).
_MARK_COMPLETED_UNHELD = Prepared(
    update(_HUMAN)
    .where(_HUMAN.c.id == bindparam("b_task_id"), _HUMAN.c.status == "open", _HUMAN.c.assignee_id.is_(None))
    .values(status="completed", completed_at=bindparam("b_now"), completed_by=None, draft=None)
)


class NewTasks(list):
    """The READY human tasks without a row yet (``runner.ReadyTask``), with ``ready_ids``: the ids, as
    the UUIDs' ints, of every READY human task (a 1,000-item case has 1,000 of them; ``str`` of a
    UUID costs far more than its ``int``)."""

    def __init__(self, tasks, ready_ids: set[int]):
        super().__init__(tasks)
        self.ready_ids = ready_ids


def new_human_tasks(session: Session, case: Case, ready: list) -> NewTasks:
    """READY human tasks that have no row yet, described (role, form, due) for their new row."""
    if case.open_tasks is None:
        case.open_tasks = {
            UUID(task_id).int
            for task_id in session.execute(
                select(_HUMAN.c.id).where(_HUMAN.c.instance_id == case.id, _HUMAN.c.status == "open")
            ).scalars()
        }
    ids = [task.id.int for task in ready]
    known = case.open_tasks
    described = [runner.describe(task) for task, task_id in zip(ready, ids, strict=True) if task_id not in known]
    return NewTasks(described, set(ids))


def sync_human_tasks(
    session: Session,
    case: Case,
    ready: list,
    new_tasks: list[runner.ReadyTask],
    now: datetime,
    completed: Completed | None,
    assign: AutoAssign | None,
) -> list[dict]:
    """Close the rows of tasks that are no longer READY and insert ``new_tasks``' rows; ``ready`` is what
    ``new_human_tasks`` was given (its result carries their ids). The row of the ``completed`` task is
    closed by ``mark_completed`` beforehand. Writes only (see ``database.pipelined``)."""
    ready_ids = new_tasks.ready_ids if isinstance(new_tasks, NewTasks) else {task.id.int for task in ready}
    finished = {UUID(completed.task_id).int} if completed is not None else set()
    gone = case.open_tasks - ready_ids - finished
    if gone:
        session.execute(
            update(_HUMAN)
            .where(_HUMAN.c.id.in_(sorted(str(UUID(int=number)) for number in gone)), _HUMAN.c.status == "open")
            .values(status="cancelled", completed_at=now)
        )
    rows = [_human_row(case, task, now, _assignee(assign, task)) for task in new_tasks]
    if rows:
        _HUMAN_INSERT.execute(session, rows)
    case.open_tasks = ready_ids
    return rows


def _human_row(case: Case, task: runner.ReadyTask, now: datetime, assignee_id: int | None) -> dict:
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
        "assignee_id": assignee_id,
        "created_at": now,
        "due_at": now + task.due_in if task.due_in else task.due_at,
        "completed_at": None,
        "completed_by": None,
        "draft": None,
        "reminded_at": None,
        "escalated_at": None,
        "subject": form_items.subject(case.definition.forms, task.item, task.subject),
        "institution": task.institution,
    }


def mark_completed(session: Session, completed: Completed, now: datetime) -> Callable[[], None]:
    """Close the completed task's row. Returns the check to run once the write has been sent (it may be
    pipelined): ``Conflict`` when somebody else completed or took the task first."""
    if completed.user_id is None:
        result = _MARK_COMPLETED_UNHELD.execute(session, {"b_task_id": completed.task_id, "b_now": now})
    else:
        mark = _MARK_CLAIMED_COMPLETED if completed.claimed else _MARK_COMPLETED
        result = mark.execute(session, {"b_task_id": completed.task_id, "b_user_id": completed.user_id, "b_now": now})

    def check() -> None:
        if rows_changed(result) != 1:
            raise Conflict("To zadanie zostało już wykonane albo przejęte przez inną osobę.")

    return check


def _assignee(assign: AutoAssign | None, task: runner.ReadyTask) -> int | None:
    return assign.user_id if assign is not None and task.role in assign.roles else None


def sync_timers(session: Session, case: Case) -> None:
    """The case's timer rows as its workflow's pending timers, rewritten only when they changed."""
    timers = runner.pending_timers(case.workflow)
    if timers == case.timers:
        return
    _TIMERS_DELETE.execute(session, {"b_case_id": case.id})
    if timers:
        _TIMER_INSERT.execute(
            session,
            [{"instance_id": case.id, "name": t.name, "kind": t.kind, "due_at": t.due_at} for t in timers],
        )
    case.timers = timers


def sync_messages(session: Session, case: Case) -> None:
    """The case's message subscriptions as its workflow's, rewritten only when they changed."""
    messages = runner.pending_messages(case.workflow)
    if messages == case.messages:
        return
    _SUBSCRIPTIONS_DELETE.execute(session, {"b_case_id": case.id})
    if messages:
        _SUBSCRIPTION_INSERT.execute(session, [{"instance_id": case.id, "message_name": name} for name in messages])
    case.messages = messages
