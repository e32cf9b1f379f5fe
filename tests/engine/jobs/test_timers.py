"""The worker fires due timers exactly once, found through the ``timer`` table; time moves on the test clock."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from engine import Engine
from engine.clock import FrozenClock
from engine.db.models import ProcessInstance
from engine.dto import Actor
from engine.services.timers import claim_due_case
from tests.conftest import POSTGRES_URL
from tests.engine.bpmn_samples import deployment, timer_process
from tests.engine.jobs.cases import fired, start_urgent
from tests.engine.jobs.cooperation_sample import MESSAGE, PROCESS_ID, cooperation_files
from tests.factories import ADMIN, make_directory


def test_a_timer_fires_once_just_after_its_time_however_often_the_worker_passes(engine, people, clock):
    case = start_urgent(engine, people)
    clock.advance(timedelta(days=3))
    assert engine.worker.run_once().timers_fired == 0  # at the instant itself SpiffWorkflow does not fire yet
    clock.advance(timedelta(seconds=1))
    run = engine.worker.run_once()
    assert (run.cases, run.timers_fired, run.case_errors) == (1, 1, 0)
    for _ in range(3):
        assert engine.worker.run_once().timers_fired == 0
    assert fired(engine, people, case.id) == ["Termin minął"]
    assert [t.bpmn_id for t in engine.tasks.queue(people.animator)] == ["ut_eskalacja"]


def test_fire_due_timers_is_the_same_pass_without_jobs(engine, people, clock):
    case = start_urgent(engine, people)
    clock.advance(timedelta(days=3, minutes=1))
    run = engine.runtime.fire_due_timers()
    assert (run.cases, run.fired, run.errors) == (1, 1, 0)
    assert engine.runtime.fire_due_timers().fired == 0
    assert fired(engine, people, case.id) == ["Termin minął"]


def test_a_suspended_case_keeps_its_timer_until_it_is_resumed(engine, people, clock):
    case = start_urgent(engine, people)
    engine.runtime.suspend(people.supervisor, case.id, "kontrola")
    clock.advance(timedelta(days=4))
    assert engine.worker.run_once().timers_fired == 0
    engine.runtime.resume(people.supervisor, case.id)
    assert engine.worker.run_once().timers_fired == 1
    assert fired(engine, people, case.id) == ["Termin minął"]


def test_workers_racing_over_the_same_due_timers_fire_each_once(engine, people, clock, database_url):
    cases = [start_urgent(engine, people) for _ in range(12)]
    clock.advance(timedelta(days=3, minutes=1))
    workers = [Engine.from_url(database_url, clock=clock) for _ in range(3)]
    barrier = threading.Barrier(len(workers))
    runs = []

    def work(worker: Engine, name: str) -> None:
        barrier.wait()
        runs.append(worker.worker.run_once(name))

    threads = [threading.Thread(target=work, args=(w, f"w{i}")) for i, w in enumerate(workers)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for worker in workers:
            worker.close()
    assert sum(run.timers_fired for run in runs) == len(cases)
    assert all(fired(engine, people, case.id) == ["Termin minął"] for case in cases)


@pytest.mark.skipif(not POSTGRES_URL, reason="KOOPERACJA_TEST_POSTGRES_URL not set: PostgreSQL tests skipped")
def test_a_case_claimed_by_a_worker_that_dies_is_skipped_then_taken_over(request, clock):
    """A claim holds the case row (FOR UPDATE); others skip it; when its holder dies the lock goes with it."""
    from tests.conftest import truncate_all
    from tests.factories import deploy_test_process, make_directory

    url = request.getfixturevalue("postgres_schema")
    truncate_all(url)
    engine = Engine.from_url(url, clock=clock)
    dying = Engine.from_url(url, clock=clock)
    try:
        deploy_test_process(engine)
        people = make_directory(engine)
        first, second = start_urgent(engine, people), start_urgent(engine, people)
        clock.advance(timedelta(days=3, minutes=1))
        session = dying.context.db._sessions()
        claimed = claim_due_case(session, clock.now(), set())
        assert claimed in (first.id, second.id)

        run = engine.worker.run_once()
        assert (run.cases, run.timers_fired) == (1, 1)  # only the other case: the claimed one is skipped
        session.rollback()  # the holder dies: its transaction never commits
        session.close()

        assert engine.worker.run_once().timers_fired == 1
        assert fired(engine, people, claimed) == ["Termin minął"]
        with engine.context.transaction(write=False) as check:
            versions = check.execute(select(ProcessInstance.lock_version)).scalars().all()
        assert sorted(versions) == [3, 3]  # start, completion, one timer firing each: nothing else
    finally:
        dying.close()
        engine.close()


def test_a_timer_started_by_completing_a_task_counts_from_the_engine_clock(engine, people, clock):
    engine.repository.deploy(deployment(timer_process("'PT1H'")), ADMIN)  # user task, then wait an hour
    case = engine.runtime.start(people.ops, "proba")
    clock.advance(timedelta(days=30))  # the task is done a month later; the hour starts then
    engine.tasks.complete(people.ops, engine.tasks.inbox(people.ops)[0].id, {"uwagi": "gotowe"})
    clock.advance(timedelta(minutes=59))
    assert engine.worker.run_once().timers_fired == 0
    clock.advance(timedelta(minutes=2))
    assert engine.worker.run_once().timers_fired == 1
    assert engine.runtime.case(people.supervisor, case.id).status == "completed"


class _TickingClock(FrozenClock):
    """Moves ``tick`` further each time it is read once ``ticking``: time passes during a step."""

    def __init__(self, tick: timedelta):
        super().__init__()
        self.tick = tick
        self.ticking = False

    def now(self):
        moment = super().now()
        if self.ticking:
            self.advance(self.tick)
        return moment


def test_a_timer_falling_due_while_a_message_is_delivered_is_recorded_once(database_url):
    """SpiffWorkflow fires a timer due by its own reading of the clock, later than the step's start."""
    clock = _TickingClock(timedelta(milliseconds=1))
    engine = Engine.from_url(database_url, clock=clock, cache_capacity=0)
    try:
        engine.repository.deploy(cooperation_files(), ADMIN)
        people = make_directory(engine)
        due = clock.now() + timedelta(minutes=10)
        data = {"termin": due.isoformat(), "termin_zadania": "P5D"}
        case = engine.runtime.start(Actor.system("test"), PROCESS_ID, data, partnership_id=people.partnership_id)
        clock.set(due - timedelta(microseconds=1))  # the step starts just before the timer falls due
        clock.ticking = True
        engine.runtime.deliver_message(Actor.system("api:sad"), MESSAGE, {"sygnatura": "X"}, case_id=case.id)
        clock.ticking = False
        assert fired(engine, people, case.id) == ["Termin sądu"]
        assert engine.worker.run_once().timers_fired == 0  # nothing left for the worker to fire
        assert fired(engine, people, case.id) == ["Termin sądu"]
    finally:
        engine.close()
