"""Jobs: enqueued once per cause, retried with backoff, incidents after the last attempt, leases taken over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engine.config import JobSettings
from engine.db.models import Job
from engine.errors import NotAllowed, NotFound
from engine.jobs import queue
from engine.jobs.queue import NewJob
from tests.engine.jobs.cases import ROUTINE, events, start
from tests.engine.jobs.conftest import JOBS
from tests.factories import email_of

JOBS_LEASE = JOBS.lease


def jobs(engine, **where) -> list:
    with engine.context.transaction(write=False) as session:
        query = select(Job).order_by(Job.id)
        for column, value in where.items():
            query = query.where(getattr(Job, column) == value)
        return list(session.execute(query).scalars())


def test_one_cause_enqueues_one_job(engine, clock):
    job = NewJob("task_new", "task_new:abc", clock.now())
    for _ in range(2):
        with engine.context.transaction() as session:
            queue.enqueue(session, [job, job], clock.now())
    with engine.context.transaction(write=False) as session:
        assert session.execute(select(func.count()).select_from(Job)).scalar() == 1


def test_a_new_queued_task_is_announced_through_the_outbox_written_with_it(engine, people, smtp):
    case = start(engine, people, ROUTINE)  # opens ut_plan_ops in the OPS queue
    [announce] = jobs(engine, kind="task_new")
    assert (announce.instance_id, announce.status) == (case.id, "pending")
    run = engine.worker.run_once("w1")
    assert (run.jobs_done, run.incidents) == (3, 0)  # the announcement and one e-mail per OPS worker
    assert sorted(r for m in smtp.messages for r in m.to) == sorted(email_of(p) for p in (people.ops, people.ops2))
    assert {j.status for j in jobs(engine)} == {"done"}


def test_a_failing_email_is_retried_with_backoff_then_becomes_an_incident_a_supervisor_can_retry(
    engine, people, smtp, clock
):
    case = start(engine, people, ROUTINE)
    smtp.refuse = True
    run = engine.worker.run_once("w1")
    assert (run.jobs_done, run.jobs_retried) == (1, 2)
    assert engine.worker.run_once("w1").idle  # not due again before the backoff
    clock.advance(timedelta(seconds=30))
    assert engine.worker.run_once("w1").jobs_retried == 2  # second attempt, next in 60 s
    clock.advance(timedelta(seconds=59))
    assert engine.worker.run_once("w1").idle
    clock.advance(timedelta(seconds=1))
    assert engine.worker.run_once("w1").incidents == 2  # third attempt was the last

    incidents = engine.worker.incidents(people.supervisor)
    assert [(i.kind, i.case_id, i.attempts) for i in incidents] == [("email", case.id, 3)] * 2
    assert all("451" in i.last_error for i in incidents)
    assert len(events(engine, people, case.id, "incident")) == 2
    with pytest.raises(NotAllowed):
        engine.worker.incidents(people.ops)
    with pytest.raises(NotAllowed):
        engine.worker.retry_incident(people.ops, incidents[0].job_id)

    smtp.refuse = False
    for incident in incidents:
        engine.worker.retry_incident(people.supervisor, incident.job_id)
    with pytest.raises(NotFound):
        engine.worker.retry_incident(people.supervisor, incidents[0].job_id)
    assert engine.worker.run_once("w1").jobs_done == 2
    assert engine.worker.incidents(people.supervisor) == []
    assert len(smtp.messages) == 2


def test_the_lease_of_a_worker_that_died_expires_and_another_worker_sends_the_mail(engine, people, smtp, clock):
    start(engine, people, ROUTINE)
    engine.worker.run_once("w1")
    smtp.messages.clear()
    [first, *_] = jobs(engine, kind="email")
    with engine.context.transaction() as session:  # worker "w0" leases the first e-mail, then is killed
        session.execute(Job.__table__.update().where(Job.id == first.id).values(status="pending", attempts=0))
        claimed = queue.claim(session, clock.now())
        queue.lease(session, claimed, "w0", clock.now() + JOBS_LEASE)

    assert engine.worker.run_once("w1").idle  # leased, and the lease is still valid
    clock.advance(JOBS_LEASE + timedelta(seconds=1))
    assert engine.worker.run_once("w1").jobs_done == 1
    [job] = [j for j in jobs(engine, kind="email") if j.id == first.id]
    assert (job.status, job.attempts, job.locked_by) == ("done", 2, None)
    assert len(smtp.messages) == 1


def test_a_job_still_killing_its_workers_after_the_last_attempt_becomes_an_incident(engine, people, clock):
    start(engine, people, ROUTINE)
    with engine.context.transaction() as session:
        claimed = queue.claim(session, clock.now())
        for attempt in range(3):  # three workers took it in turn and died with it
            queue.lease(session, claimed, f"w{attempt}", clock.now() - timedelta(seconds=1))
            claimed = queue.claim(session, clock.now())
        assert (claimed.attempts, claimed.lease_expired) == (3, True)
    run = engine.worker.run_once("w9")
    assert run.incidents == 1
    [incident] = engine.worker.incidents(people.supervisor)
    assert "blokada wygasła" in incident.last_error


def test_backoff_doubles_up_to_a_cap():
    settings = JobSettings(backoff=timedelta(seconds=10), backoff_cap=timedelta(seconds=50))
    assert [settings.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [10, 20, 40, 50]


def test_job_settings_come_from_kooperacja_variables():
    settings = JobSettings.from_env(
        {
            "KOOPERACJA_REMINDER_BEFORE": "P1DT12H",
            "KOOPERACJA_JOB_MAX_ATTEMPTS": "7",
            "KOOPERACJA_JOB_BACKOFF_SECONDS": "5",
            "KOOPERACJA_JOB_LEASE_SECONDS": "90",
            "KOOPERACJA_BASE_URL": "https://kooperacja.gmina.pl",
        }
    )
    assert settings.reminder_before == timedelta(days=1, hours=12)
    assert (settings.max_attempts, settings.backoff, settings.lease) == (
        7,
        timedelta(seconds=5),
        timedelta(seconds=90),
    )
    assert settings.base_url == "https://kooperacja.gmina.pl"
    assert JobSettings.from_env({}) == JobSettings()
