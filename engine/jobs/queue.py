"""The ``job`` table as a queue, in the caller's transaction.

A job is claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite's write
transactions are serial anyway), so concurrent workers never take the same row. A job whose work
stays in the database is finished in the claiming transaction; one that leaves it (e-mail) is
*leased*: ``locked_by``/``locked_until`` are committed first, and a lease that expires (its worker
was killed) is taken over by the next claim.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import and_, bindparam, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.config import JobSettings
from engine.db.models import CaseEvent, Job
from engine.db.prepared import Prepared

PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
_JOB = Job.__table__
_EVENT_INSERT = insert(CaseEvent.__table__)
_MAX_ERROR = 2000


@dataclass(frozen=True)
class NewJob:
    """A job to enqueue; a second job with the same ``dedupe_key`` is ignored."""

    kind: str
    dedupe_key: str
    due_at: datetime
    case_id: str | None = None
    task_id: str | None = None
    payload: dict | None = None


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    kind: str
    case_id: str | None
    task_id: str | None
    payload: dict
    attempts: int
    dedupe_key: str
    lease_expired: bool

    def started(self) -> ClaimedJob:
        """The job with this attempt counted."""
        return replace(self, attempts=self.attempts + 1)


def enqueue(session: Session, jobs: list[NewJob], now: datetime) -> None:
    """Insert the jobs in the caller's transaction, skipping any whose dedupe key exists already."""
    if not jobs:
        return
    rows = [
        {
            "kind": job.kind,
            "instance_id": job.case_id,
            "task_id": job.task_id,
            "due_at": job.due_at,
            "payload": json.dumps(job.payload, ensure_ascii=False, default=str) if job.payload else None,
            "status": PENDING,
            "attempts": 0,
            "locked_by": None,
            "locked_until": None,
            "last_error": None,
            "dedupe_key": job.dedupe_key,
            "created_at": now,
            "finished_at": None,
        }
        for job in jobs
    ]
    _INSERT_IGNORING_DUPLICATES[session.get_bind().dialect.name].execute(session, rows)


# built once: every save that opens a task with a deadline runs it
_INSERT_IGNORING_DUPLICATES = {
    dialect.__name__.rsplit(".", 1)[-1]: Prepared(
        dialect.insert(_JOB).on_conflict_do_nothing(index_elements=["dedupe_key"])
    )
    for dialect in (postgresql, sqlite)
}


_CLAIMABLE = (
    select(_JOB)
    .where(
        or_(
            and_(_JOB.c.status == PENDING, _JOB.c.due_at <= bindparam("now")),
            and_(_JOB.c.status == RUNNING, _JOB.c.locked_until < bindparam("now")),
        )
    )
    .order_by(_JOB.c.due_at, _JOB.c.id)
    .limit(1)
    .with_for_update(skip_locked=True)
)


def claim(session: Session, now: datetime) -> ClaimedJob | None:
    """Lock the next due job (or one whose lease expired); None when nothing is due."""
    row = session.execute(_CLAIMABLE, {"now": now}).first()
    if row is None:
        return None
    return ClaimedJob(
        id=row.id,
        kind=row.kind,
        case_id=row.instance_id,
        task_id=row.task_id,
        payload=json.loads(row.payload) if row.payload else {},
        attempts=row.attempts,
        dedupe_key=row.dedupe_key,
        lease_expired=row.status == RUNNING,
    )


def lease(session: Session, job: ClaimedJob, worker_id: str, until: datetime) -> ClaimedJob:
    """Mark the claimed job as running for ``worker_id`` until ``until``; this starts an attempt."""
    job = job.started()
    session.execute(
        update(_JOB)
        .where(_JOB.c.id == job.id)
        .values(status=RUNNING, locked_by=worker_id, locked_until=until, attempts=job.attempts)
    )
    return job


def finish(session: Session, job: ClaimedJob, now: datetime, held_by: str | None = None) -> bool:
    """Mark the job done; with ``held_by`` only while that worker still holds its lease."""
    values = {"status": DONE, "finished_at": now, "attempts": job.attempts, "locked_by": None, "locked_until": None}
    return _update_held(session, job, held_by, values)


def fail(
    session: Session, job: ClaimedJob, now: datetime, error: str, settings: JobSettings, held_by: str | None = None
) -> str:
    """Record a failed attempt: retry later with backoff, or after ``max_attempts`` make it an incident.

    Returns ``"retry"``, ``"incident"`` or ``"lost"`` (the lease had passed to another worker).
    """
    values = {"attempts": job.attempts, "last_error": error[:_MAX_ERROR], "locked_by": None, "locked_until": None}
    if job.attempts >= settings.max_attempts:
        values.update(status=FAILED, finished_at=now)
    else:
        values.update(status=PENDING, due_at=now + settings.retry_delay(job.attempts))
    if not _update_held(session, job, held_by, values):
        return "lost"
    if values["status"] == PENDING:
        return "retry"
    if job.case_id is not None:
        detail = {"job": job.kind, "attempts": job.attempts, "error": error[:500]}
        session.execute(
            _EVENT_INSERT,
            {
                "instance_id": job.case_id,
                "at": now,
                "kind": "incident",
                "actor_id": None,
                "task_id": job.task_id,
                "task_name": None,
                "detail": json.dumps(detail, ensure_ascii=False),
            },
        )
    return "incident"


def _update_held(session: Session, job: ClaimedJob, held_by: str | None, values: dict) -> bool:
    statement = update(_JOB).where(_JOB.c.id == job.id)
    if held_by is not None:
        statement = statement.where(_JOB.c.status == RUNNING, _JOB.c.locked_by == held_by)
    return session.execute(statement.values(**values)).rowcount == 1


def retry_failed(session: Session, job_id: int, now: datetime) -> bool:
    """Put an incident back in the queue, due now, with a fresh count of attempts."""
    result = session.execute(
        update(_JOB)
        .where(_JOB.c.id == job_id, _JOB.c.status == FAILED)
        .values(status=PENDING, attempts=0, due_at=now, finished_at=None, locked_by=None, locked_until=None)
    )
    return result.rowcount == 1
