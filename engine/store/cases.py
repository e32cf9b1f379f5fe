"""Loading and saving one case: workflow state plus the query tables, in the caller's transaction.

``save`` bumps ``lock_version`` with a conditional UPDATE before writing anything else, so when two
transactions step the same case the second one finds zero rows (on PostgreSQL after waiting for the
first to commit), raises ``Conflict`` and rolls back: nothing is overwritten.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from engine.bpmn import deep, failures, runner, stages, state, steps, task_changes
from engine.clock import Clock
from engine.db.database import pipelined, rows_changed
from engine.db.models import (
    CaseEvent,
    InstanceTask,
    ProcessInstance,
)
from engine.db.prepared import Prepared
from engine.errors import Conflict, NotFound
from engine.store import query_tables
from engine.store.changes import AutoAssign, Case, Completed, NewCase
from engine.store.context import EngineContext, after_commit

_INSTANCE = ProcessInstance.__table__
_TASK_ROW = InstanceTask.__table__
_EVENT = CaseEvent.__table__
# inline: no generated id read back (PostgreSQL would add RETURNING), so they can be pipelined
_EVENT_INSERT = Prepared(insert(_EVENT).inline())
_TASK_ROW_INSERT = Prepared(insert(_TASK_ROW).inline())
_TASK_ROW_UPDATE = Prepared(
    update(_TASK_ROW)
    .where(_TASK_ROW.c.instance_id == bindparam("b_case_id"), _TASK_ROW.c.task_id == bindparam("b_task_id"))
    .values(body=bindparam("b_body"), workflow_key=bindparam("b_key"))
)
_TASK_ROWS_DELETE = delete(_TASK_ROW).where(
    _TASK_ROW.c.instance_id == bindparam("b_case_id"), _TASK_ROW.c.task_id.in_(bindparam("b_task_ids", expanding=True))
)
_BUMP_VERSION = Prepared(
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
_CASE_COLUMNS = ("lock_version", "status", "definition_id", "stage", "error_message", "error_task_id")
_CASE_ROW = select(*(_INSTANCE.c[name] for name in _CASE_COLUMNS)).where(_INSTANCE.c.id == bindparam("case_id"))
#: the case row's columns as ``case_<name>``, for a query that reads them with its own (``checkout(..., row)``)
CASE_ROW_COLUMNS = tuple(_INSTANCE.c[name].label(f"case_{name}") for name in _CASE_COLUMNS)


def checkout(session: Session, ctx: EngineContext, case_id: str, read_with=None) -> Case:
    """The case with a live workflow, from the cache when it is current, else from the database.

    ``read_with``: a row that has read the case row already (``CASE_ROW_COLUMNS``, in this transaction)."""
    if read_with is not None:
        row = SimpleNamespace(**{name: getattr(read_with, f"case_{name}") for name in _CASE_COLUMNS})
    else:
        row = session.execute(_CASE_ROW, {"case_id": case_id}).first()
    if row is None:
        raise NotFound(f"Nie ma sprawy {case_id}.")
    cached = ctx.workflows.take(case_id, row.lock_version)
    if cached is not None:
        cached.status, cached.events = row.status, []
        return cached
    definition = ctx.definitions.get(session, row.definition_id)
    header = session.execute(select(_INSTANCE.c.state).where(_INSTANCE.c.id == case_id)).scalar_one()
    if not header:  # engine.services.retention erased it
        raise NotFound(f"Dane sprawy {case_id} usunięto po upływie okresu przechowywania (anonimizacja).")
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


def save(
    session: Session,
    ctx: EngineContext,
    case: Case,
    now: datetime,
    *,
    completed: Completed | None = None,
    assign: AutoAssign | None = None,
    new: NewCase | None = None,
) -> list[dict]:
    """Write the case's state and query tables; the cache gets the case back after commit.

    ``completed`` closes the human task a person completed, ``assign`` gives new tasks to a person,
    ``new`` inserts the case row (first save). Returns the rows of the human tasks this save opened:
    the caller schedules what they imply (announcements, reminders, escalations).
    """
    runner.prune_detached_subprocesses(case.workflow)
    for name, payload in runner.thrown_messages(case.workflow):
        case.record("message_thrown", now, message=name, payload=payload)
    dump = state.dump(case.workflow, case.snapshot)
    ready = runner.ready_human_tasks(case.workflow)
    new_tasks = query_tables.new_human_tasks(session, case, ready)
    case.stage = stages.current_stage(case.workflow, new_tasks) or case.stage
    values = {
        "state": dump.header,
        "status": case.status,
        "stage": case.stage,
        "updated_at": now,
        "error_message": case.error_message,
        "error_task_id": case.error_task_id,
    }
    if new is not None:
        _insert_instance(session, case, {**values, **asdict(new)})
    # One round trip on PostgreSQL: the checked writes first (in the order they lock their rows), their
    # row counts read when everything is sent; a failed check raises Conflict and the whole save rolls
    # back. A loser of a race may also break a key the winner wrote (the same next task's row): that
    # error is reported as the conflict it comes from.
    checks: list[Callable[[], None]] = []
    try:
        with pipelined(session):
            if new is None:
                checks.append(_bump_version(session, case, values))
            if completed is not None:
                checks.append(query_tables.mark_completed(session, completed, now))
            _write_tasks(session, case, dump)
            opened = query_tables.sync_human_tasks(session, case, ready, new_tasks, now, completed, assign)
            query_tables.sync_timers(session, case)
            query_tables.sync_messages(session, case)
            if case.events:
                _EVENT_INSERT.execute(session, case.events)
    except DBAPIError:
        _run(checks)
        raise
    _run(checks)
    case.events = []
    case.snapshot = dump.snapshot
    after_commit(session, lambda: ctx.workflows.put(case.id, case))
    return opened


def _run(checks: list[Callable[[], None]]) -> None:
    for check in checks:
        check()


def _insert_instance(session: Session, case: Case, values: dict) -> None:
    session.execute(insert(_INSTANCE).values(id=case.id, lock_version=case.lock_version, **values))


def _bump_version(session: Session, case: Case, values: dict) -> Callable[[], None]:
    """Move the case to its next lock version if nobody else did; returns the check (see ``save``)."""
    result = _BUMP_VERSION.execute(
        session,
        {"b_case_id": case.id, "b_version": case.lock_version, "b_next": case.lock_version + 1, **values},
    )

    def check() -> None:
        if rows_changed(result) != 1:
            raise Conflict("Sprawa została w międzyczasie zmieniona przez kogoś innego. Odśwież i spróbuj ponownie.")
        case.lock_version += 1

    return check


def _write_tasks(session: Session, case: Case, dump: state.Dump) -> None:
    new_rows = [r for r in dump.upserts if r.new]
    changed = [r for r in dump.upserts if not r.new]
    if new_rows:
        _TASK_ROW_INSERT.execute(
            session,
            [
                {"instance_id": case.id, "task_id": r.task_id, "workflow_key": r.workflow_key, "body": r.body}
                for r in new_rows
            ],
        )
    if changed:
        _TASK_ROW_UPDATE.execute(
            session,
            [
                {"b_case_id": case.id, "b_task_id": r.task_id, "b_body": r.body, "b_key": r.workflow_key}
                for r in changed
            ],
        )
    if dump.deletes:
        session.execute(_TASK_ROWS_DELETE, {"b_case_id": case.id, "b_task_ids": list(dump.deletes)})


def step(case: Case, work: Callable[[], None], now, clock: Clock | None = None) -> None:
    """Run ``work`` on the case's workflow; a failure puts the case in error, naming the task.

    SpiffWorkflow fires every timer already due whenever it moves a workflow, so a message or a
    completion that arrives just after a timer fell due fires that timer too: given the ``clock``
    the work ran on, such timers are recorded as ``timer_fired`` like the worker's (without it the
    caller records them). A timer counts as fired when it left the workflow and was due by the
    clock's time after the work, which is later than ``now`` (a timer falling due during the work
    fires too); a timer that left before its time was cancelled with its branch.
    """
    pending_before = runner.pending_timers(case.workflow) if clock is not None else []
    try:
        deep.run_for(case.workflow.spec, case.workflow.subprocess_specs, work)  # long chains recurse deeply
    except Exception as error:  # noqa: BLE001 - any script or engine failure must land in the case
        task_changes.check_all_next_time(case.snapshot)  # it may have stopped half-way through a task
        failure = failures.describe(error, case.workflow)
        case.status = "error"
        case.error_message = failure.message
        case.error_task_id = str(failure.task.id) if failure.task is not None else None
        case.record(
            "error", now, None, case.error_task_id, failure.task_name, message=failure.message, line=failure.line
        )
        return
    if pending_before:
        cutoff = clock.now()
        gone = Counter(pending_before) - Counter(runner.pending_timers(case.workflow))
        for timer in sorted(gone.elements(), key=lambda t: t.due_at):
            if timer.due_at <= cutoff:
                case.record("timer_fired", now, None, timer=timer.name, timer_kind=timer.kind, due_at=timer.due_at)
    if steps.is_completed(case.workflow) and case.status == "running":
        case.status = "completed"
        case.record("completed", now)
