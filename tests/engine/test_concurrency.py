"""Two people completing the same task at the same moment: exactly one wins, nothing is overwritten.

Each contender uses its own Engine (own connection pool and cache), as two web processes would.
"""

from __future__ import annotations

import threading
from functools import partial

import pytest

from engine import Engine
from engine.errors import Conflict
from tests.factories import deploy_test_process, make_directory

NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek"], "pilne": False}
#: an urgent nomination goes to the PCPR first, then to the interviews (OPS, in the queue)
URGENT_NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek", "Anna"], "pilne": True}


def _race_calls(calls):
    """Run the calls at the same moment, each in its own thread; "won" or "conflict" for each."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def contend(index):
        barrier.wait()
        try:
            calls[index]()
            outcomes[index] = "won"
        except Conflict:
            outcomes[index] = "conflict"

    threads = [threading.Thread(target=contend, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _race(engines, actor, task_id, forms):
    return _race_calls(
        [partial(e.tasks.complete, actor, task_id, form) for e, form in zip(engines, forms, strict=True)]
    )


def _run_races(engine, database_url, rounds):
    deploy_test_process(engine)
    people = make_directory(engine)
    contenders = [Engine.from_url(database_url, clock=engine.clock) for _ in range(2)]
    try:
        for _ in range(rounds):
            case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
            task = engine.tasks.inbox(people.ops)[0]
            outcomes = _race(contenders, people.ops, task.id, [{**NOMINATION, "rodzina": f"R{i}"} for i in (0, 1)])
            assert sorted(outcomes) == ["conflict", "won"]
            winner = outcomes.index("won")
            data = engine.runtime.case_data(people.supervisor, case.id)
            assert data["rodzina"] == f"R{winner}"
            events = engine.history.events(people.supervisor, case.id)
            assert [e.kind for e in events].count("completed") == 1
            assert [t.bpmn_id for t in engine.tasks.inbox(people.ops) if t.case_id == case.id] == []
    finally:
        for contender in contenders:
            contender.close()


def _rounds(database_url, on_sqlite, on_postgres):
    """Fewer rounds on SQLite, whose writers queue for the file lock (races there are short)."""
    return on_sqlite if database_url.startswith("sqlite") else on_postgres


@pytest.fixture
def engine(database_url, clock):
    """One engine per database (the races are about the database, not the workflow cache)."""
    instance = Engine.from_url(database_url, clock=clock)
    yield instance
    instance.close()


def test_two_threads_complete_the_same_task(engine, database_url):
    """200 races on PostgreSQL, 25 on SQLite (``database_url`` runs the test on each database)."""
    _run_races(engine, database_url, rounds=_rounds(database_url, 25, 200))


def _run_claim_races(engine, database_url, rounds):
    """Two workers of the OPS take the same interview from the queue, one by completing it straight away
    (the claim written with the completion), the other by claiming it or completing it too: one wins, and
    the task is held by the winner."""
    deploy_test_process(engine)
    people = make_directory(engine)
    a, b = (Engine.from_url(database_url, clock=engine.clock) for _ in range(2))
    try:
        for round_number in range(rounds):
            case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
            first = next(t for t in engine.tasks.of_case(people.ops, case.id) if t.bpmn_id == "ut_zgloszenie")
            opened = engine.tasks.complete(people.ops, first.id, URGENT_NOMINATION).opened
            assessment = next(t for t in opened if t.bpmn_id == "ut_pcpr")
            engine.tasks.complete(people.pcpr, assessment.id, {"ocena_pcpr": "bez uwag"}, claim=True)
            interview = next(t for t in engine.tasks.of_case(people.ops, case.id) if t.bpmn_id == "ut_wywiad")
            assert interview.assignee_id is None
            by_claim = round_number % 2 == 0
            rival = (
                partial(b.tasks.claim, people.ops2, interview.id)
                if by_claim
                else partial(b.tasks.complete, people.ops2, interview.id, {"wywiad": "B"}, claim=True)
            )
            outcomes = _race_calls(
                [partial(a.tasks.complete, people.ops, interview.id, {"wywiad": "A"}, claim=True), rival]
            )
            assert sorted(outcomes) == ["conflict", "won"]
            winner = (people.ops, people.ops2)[outcomes.index("won")]
            after = engine.tasks.get(people.supervisor, interview.id).task
            assert after.assignee_id == winner.user_id
            assert after.status == ("open" if by_claim and winner is people.ops2 else "completed")
            kinds = [e.kind for e in engine.history.events(people.supervisor, case.id) if e.task_id == interview.id]
            assert kinds.count("completed") == (0 if after.status == "open" else 1)
            assert kinds.count("claimed") == 1
    finally:
        a.close()
        b.close()


def test_claiming_and_completing_the_same_queued_task_at_once(engine, database_url):
    _run_claim_races(engine, database_url, rounds=_rounds(database_url, 12, 60))
