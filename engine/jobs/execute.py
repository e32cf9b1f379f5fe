"""Running the next due job.

Two kinds of work:

- **in the database** (announce a task, remind, escalate): run in the very transaction that claimed
  the job and marks it done, so its effect is committed exactly once; a failure rolls back to a
  savepoint and is recorded as a failed attempt in the same transaction;
- **outside it** (send an e-mail): the job is leased first (committed), the work is done, then
  the job is marked done if the lease is still ours. A worker killed in between leaves an expired
  lease that the next claim takes over, so such work happens at least once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from engine.jobs import deadlines, meeting_notices, notifications, question_notices, queue
from engine.jobs.mail import Mailer
from engine.jobs.queue import ClaimedJob
from engine.store.context import EngineContext

log = logging.getLogger("engine.worker")


@dataclass(frozen=True)
class JobRun:
    """What an in-database job handler gets: the engine context, the claiming session and the time."""

    ctx: EngineContext
    session: Session
    now: datetime


@dataclass(frozen=True)
class JobKind:
    in_database: Callable[[JobRun, ClaimedJob], None] | None = None
    outside: Callable[[Mailer, ClaimedJob], None] | None = None


KINDS = {
    "task_new": JobKind(in_database=notifications.announce_new_task),
    "task_assigned": JobKind(in_database=notifications.announce_assignment),
    deadlines.REMINDER: JobKind(in_database=deadlines.remind),
    deadlines.ESCALATION: JobKind(in_database=deadlines.escalate),
    question_notices.NEW: JobKind(in_database=question_notices.announce_question),
    question_notices.ANSWERED: JobKind(in_database=question_notices.announce_answer),
    meeting_notices.SCHEDULED: JobKind(in_database=meeting_notices.announce_meeting),
    notifications.EMAIL: JobKind(outside=notifications.send_email),
}


def run_next(ctx: EngineContext, mailer: Mailer, worker_id: str) -> str | None:
    """Run the next due job. Returns None when nothing is due, else ``done``, ``retry``, ``incident`` or ``lost``."""
    settings = ctx.jobs
    now = ctx.clock.now()
    with ctx.transaction() as session:
        job = queue.claim(session, now)
        if job is None:
            return None
        kind = KINDS.get(job.kind)
        if kind is None:
            return queue.fail(session, job.started(), now, f"Nieznany rodzaj zadania w tle: {job.kind}.", settings)
        if job.lease_expired:
            log.warning("zadanie w tle %s (%s): przejmuję po wygaśnięciu blokady", job.id, job.kind)
            if job.attempts >= settings.max_attempts:
                reason = "Proces roboczy przerwał pracę (blokada wygasła) po wyczerpaniu liczby prób."
                return queue.fail(session, job, now, reason, settings)
        if kind.in_database is not None:
            return _in_database(ctx, session, kind, job.started(), now)
        job = queue.lease(session, job, worker_id, now + settings.lease)
    return _outside(ctx, mailer, kind, job, worker_id)


def _in_database(ctx: EngineContext, session: Session, kind: JobKind, job: ClaimedJob, now: datetime) -> str:
    try:
        with session.begin_nested():
            kind.in_database(JobRun(ctx, session, now), job)
    except Exception as error:
        log.warning("zadanie w tle %s (%s), próba %d: %s", job.id, job.kind, job.attempts, error)
        return queue.fail(session, job, now, describe(error), ctx.jobs)
    queue.finish(session, job, now)
    return "done"


def _outside(ctx: EngineContext, mailer: Mailer, kind: JobKind, job: ClaimedJob, worker_id: str) -> str:
    try:
        kind.outside(mailer, job)
    except Exception as error:
        log.warning("zadanie w tle %s (%s), próba %d: %s", job.id, job.kind, job.attempts, error)
        with ctx.transaction() as session:
            return queue.fail(session, job, ctx.clock.now(), describe(error), ctx.jobs, held_by=worker_id)
    with ctx.transaction() as session:
        if queue.finish(session, job, ctx.clock.now(), held_by=worker_id):
            return "done"
    log.warning("zadanie w tle %s (%s): blokada przeszła na inny proces, wynik pominięty", job.id, job.kind)
    return "lost"


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"
