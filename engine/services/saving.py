"""Saving a changed case with what its new tasks imply, in the caller's transaction: the background
jobs (announcements, reminders, escalations) and the institutions it admits (need-to-know)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from engine.access.admission import admit, admit_for_tasks
from engine.access.table import table_of, values_at
from engine.bpmn import steps
from engine.db.database import pipelined
from engine.jobs import deadlines, queue
from engine.store import cases, facts, report_rows
from engine.store.changes import Case
from engine.store.context import EngineContext


def save_case(session: Session, ctx: EngineContext, case: Case, now: datetime, **what) -> list[dict]:
    """``cases.save`` (``what``: completed, assign, new), then schedule the opened tasks' jobs and admit
    the institutions of their roles, and of the roles the case has invited so far."""
    opened = cases.save(session, ctx, case, now, **what)
    data = None
    if what.get("completed") is not None or what.get("new") is not None or case.status != "running":
        data = steps.current_data(case.workflow)  # read once: the facts and the admitted roles use it
        facts.record(session, case, data, now)  # a person's step or the end
        completed = what.get("completed")
        report_rows.record(session, case, data, now, completed.task_id if completed is not None else None)
    with pipelined(session):  # writes whose results nobody reads: one round trip on PostgreSQL
        queue.enqueue(session, deadlines.jobs_for_new_tasks(case.id, opened, now, ctx.jobs), now)
        admit(session, case.id, [*admit_for_tasks(session, case.id, opened, now), *invited_roles(case, data)], now)
    return opened


def invited_roles(case: Case, data: dict | None = None) -> list[str]:
    """The roles the case's data (``data``: already read) names as taking part (the visibility table
    says where: the invited institutions, the owners of plan items…)."""
    table = table_of(case.definition)
    if table is None or not table.admitting_paths:
        return []
    data = steps.current_data(case.workflow) if data is None else data
    return [role for path in table.admitting_paths for role in values_at(data, path) if isinstance(role, str)]
