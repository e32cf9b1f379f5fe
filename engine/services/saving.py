"""Saving a changed case with the background jobs its new tasks imply, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from engine.jobs import deadlines, queue
from engine.store import cases
from engine.store.changes import Case
from engine.store.context import EngineContext


def save_case(session: Session, ctx: EngineContext, case: Case, now: datetime, **what) -> list[dict]:
    """``cases.save`` (``what``: completed, assign, new), then announce, remind and escalate the opened tasks."""
    opened = cases.save(session, ctx, case, now, **what)
    queue.enqueue(session, deadlines.jobs_for_new_tasks(case.id, opened, now, ctx.jobs), now)
    return opened
