"""Worker service: what ``kooperacja worker`` runs, and the incidents supervisors see.

One pass fires the due timers (``engine.services.timers``) and then drains the due jobs
(``engine.jobs.execute``). Any number of workers may run against one PostgreSQL database: they
coordinate only through row locks (``FOR UPDATE SKIP LOCKED``), ``lock_version`` and job leases.
On SQLite one worker is enough (write transactions are serial).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections import Counter
from collections.abc import Callable

from sqlalchemy import select

from engine.access.acting import acting
from engine.access.audit import audit
from engine.access.visibility import require_supervisor
from engine.db.models import Job, ProcessInstance
from engine.dto import Actor, IncidentInfo, WorkerRun
from engine.errors import NotFound
from engine.jobs import queue
from engine.jobs.execute import run_next
from engine.jobs.mail import Mailer, mailer_from_env
from engine.services.timers import fire_due
from engine.store.context import EngineContext

log = logging.getLogger("engine.worker")
_JOB, _INSTANCE = Job.__table__, ProcessInstance.__table__
_INCIDENTS = (
    select(_JOB, _INSTANCE.c.business_key)
    .outerjoin(_INSTANCE, _INSTANCE.c.id == _JOB.c.instance_id)
    .where(_JOB.c.status == queue.FAILED)
)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class WorkerService:
    """Background work: timers, deadlines, notifications; and its incidents."""

    def __init__(self, ctx: EngineContext, mailer: Mailer | None = None):
        self._ctx = ctx
        self._mailer = mailer

    @property
    def mailer(self) -> Mailer:
        if self._mailer is None:
            self._mailer = mailer_from_env()
        return self._mailer

    def run_once(self, worker_id: str | None = None, limit: int = 200) -> WorkerRun:
        """Fire the due timers of up to ``limit`` cases, then run up to ``limit`` due jobs."""
        worker_id = worker_id or default_worker_id()
        timers = fire_due(self._ctx, limit, raise_errors=False)
        outcomes: Counter[str] = Counter()
        for _ in range(limit):
            outcome = run_next(self._ctx, self.mailer, worker_id)
            if outcome is None:
                break
            outcomes[outcome] += 1
        return WorkerRun(
            cases=timers.cases,
            timers_fired=timers.fired,
            case_errors=timers.errors,
            jobs_done=outcomes["done"],
            jobs_retried=outcomes["retry"],
            incidents=outcomes["incident"],
        )

    def run_forever(
        self,
        stop: threading.Event,
        interval: float = 5.0,
        worker_id: str | None = None,
        on_pass: Callable[[WorkerRun], None] | None = None,
        batch: int = 200,
    ) -> None:
        """Pass after pass until ``stop`` is set; waits ``interval`` seconds only after a pass with nothing to do.

        A pass that fails (e.g. the database is unreachable) is logged and tried again after ``interval``.
        """
        worker_id = worker_id or default_worker_id()
        while not stop.is_set():
            try:
                run = self.run_once(worker_id, batch)
            except Exception:
                log.exception("przebieg procesu roboczego %s nie powiódł się", worker_id)
                stop.wait(interval)
                continue
            if on_pass is not None:
                on_pass(run)
            if run.idle:
                stop.wait(interval)

    # ------------------------------------------------------------------ incidents

    def incidents(self, actor: Actor) -> list[IncidentInfo]:
        """Jobs that failed every attempt, newest first (supervisors and administrators).

        Raises:
            NotAllowed: the actor is not a supervisor or administrator.
        """
        with self._ctx.transaction(write=False) as session:
            require_supervisor(acting(session, actor), "przeglądać incydenty procesów roboczych")
            rows = session.execute(_INCIDENTS.order_by(_JOB.c.finished_at.desc(), _JOB.c.id.desc())).all()
            return [_incident(row) for row in rows]

    def retry_incident(self, actor: Actor, job_id: int) -> None:
        """Put a failed job back in the queue with a fresh count of attempts (after the cause was fixed).

        Raises:
            NotAllowed: the actor is not a supervisor or administrator.
            NotFound: there is no such incident (or it was retried already).
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_supervisor(who, "ponawiać zadania w tle")
            case_id = session.execute(select(_JOB.c.instance_id).where(_JOB.c.id == job_id)).scalar()
            if not queue.retry_failed(session, job_id, now):
                raise NotFound(f"Nie ma incydentu {job_id} (mógł zostać już ponowiony).")
            audit(session, now, who, "job.retry", case_id, job_id=job_id)


def _incident(row) -> IncidentInfo:
    return IncidentInfo(
        job_id=row.id,
        kind=row.kind,
        case_id=row.instance_id,
        business_key=row.business_key,
        task_id=row.task_id,
        attempts=row.attempts,
        last_error=row.last_error,
        failed_at=row.finished_at,
    )
