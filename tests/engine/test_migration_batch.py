"""The issue's test: on PostgreSQL, 100 running cases at mixed stages move to version 2 in one batch.

The eligible ones move with their timers' due dates unchanged, the ineligible ones are explained,
and the undo puts every moved case back on version 1, where it still runs to its end.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine import Engine
from engine.db.models import ProcessDefinition, ProcessInstance, Timer
from tests.conftest import POSTGRES_URL, truncate_all
from tests.engine.versions import BLOCKED, STAGES, play, run_to_end, version_one, version_two
from tests.factories import ADMIN, make_directory

CASES = 100


@pytest.fixture
def postgres(request, clock):
    url = request.getfixturevalue("postgres_schema")
    truncate_all(url)
    instance = Engine.from_url(url, clock=clock)
    yield instance
    instance.close()


def _versions(engine) -> dict[str, int]:
    with engine.context.transaction(write=False) as session:
        rows = session.execute(
            select(ProcessInstance.id, ProcessDefinition.deployment_id).join(
                ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id
            )
        ).all()
    return dict(rows)


def _timers(engine) -> list[tuple]:
    with engine.context.transaction(write=False) as session:
        return session.execute(select(Timer.instance_id, Timer.name, Timer.due_at).order_by(Timer.instance_id)).all()


@pytest.mark.skipif(not POSTGRES_URL, reason="KOOPERACJA_TEST_POSTGRES_URL not set: PostgreSQL tests skipped")
def test_100_running_cases_move_keep_their_deadlines_and_move_back(postgres):
    engine = postgres
    engine.repository.deploy(version_one(), ADMIN)
    people = make_directory(engine)
    drivers = [play(engine, people, STAGES[n % len(STAGES)]) for n in range(CASES)]
    stage_of = {d.case.id: STAGES[n % len(STAGES)] for n, d in enumerate(drivers)}
    engine.repository.deploy(version_two(), ADMIN)
    timers_before = _timers(engine)
    assert len(timers_before) == CASES // len(STAGES) + 1  # the cases waiting for the PCPR deadline

    overview = engine.migration.overview(people.analyst, "test_sprawa", 2)
    eligible = [c.case_id for c in overview.candidates if c.eligible]
    assert len(overview.candidates) == CASES
    assert {stage_of[c.case_id] for c in overview.candidates if not c.eligible} == set(BLOCKED)
    assert all(
        c.reasons == ("zadanie „Plan OPS” zostało już wykonane, a w wersji 2 je zmieniono",)
        for c in overview.candidates
        if not c.eligible
    )

    engine.context.workflows.clear()
    results = engine.migration.migrate(people.analyst, [c.case_id for c in overview.candidates], 2)

    assert sorted(r.case_id for r in results if r.done) == sorted(eligible)
    assert all(r.message.startswith("Nie można przenieść sprawy: zadanie „Plan OPS”") for r in results if not r.done)
    assert _timers(engine) == timers_before
    versions = _versions(engine)
    assert {case_id for case_id, version in versions.items() if version == 2} == set(eligible)

    engine.context.workflows.clear()
    undone = engine.migration.undo(people.analyst, eligible)
    assert all(r.done and (r.from_version, r.to_version) == (2, 1) for r in undone)
    assert set(_versions(engine).values()) == {1}
    assert _timers(engine) == timers_before

    engine.context.workflows.clear()
    for stage in STAGES:  # one case of every stage still runs to its end on version 1
        driver = next(d for d in drivers if stage_of[d.case.id] == stage)
        done = run_to_end(driver, people)
        assert done[-1] == "ut_zamkniecie" and "ut_kontrola" not in done
