"""Moving running cases to another deployed version: who may move, the preview, the move, its undo.

Runs on SQLite and PostgreSQL, with the workflow cache and without it (every call restores the case
from the database), so a moved case is also a case reloaded from its rows.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.db.models import CaseMigration, HumanTask, Timer
from engine.errors import NotAllowed
from tests.engine.helpers import assert_restores, audit_rows
from tests.engine.versions import BLOCKED, STAGES, play, run_to_end, version_one, version_two
from tests.factories import ADMIN, make_directory

CLOSING_ON_TWO = ["ut_kontrola", "ut_zamkniecie"]


@pytest.fixture
def people(engine):
    engine.repository.deploy(version_one(), ADMIN)
    return make_directory(engine)


@pytest.fixture
def cases(engine, people):
    """A case waiting at every stage on version 1; then version 2 is deployed."""
    played = {stage: play(engine, people, stage) for stage in STAGES}
    engine.repository.deploy(version_two(), ADMIN)
    return played


def _timers(engine, case_id):
    with engine.context.transaction(write=False) as session:
        return session.execute(select(Timer.name, Timer.due_at).where(Timer.instance_id == case_id)).all()


def test_the_preview_says_which_cases_may_move_and_why_not(engine, people, cases):
    overview = engine.migration.overview(people.analyst, "test_sprawa", 2)
    assert (overview.process_name, overview.target, overview.versions) == ("Sprawa testowa", 2, (2, 1))
    by_case = {c.case_id: c for c in overview.candidates}
    assert set(by_case) == {driver.case.id for driver in cases.values()}
    for stage, driver in cases.items():
        candidate = by_case[driver.case.id]
        assert candidate.version == 1 and candidate.business_key == driver.case.business_key
        assert candidate.eligible == (stage not in BLOCKED), stage
        assert candidate.added == ("Kontrola przed zamknięciem",)
    blocked = by_case[cases["po_planie"].case.id]
    assert blocked.reasons == ("zadanie „Plan OPS” zostało już wykonane, a w wersji 2 je zmieniono",)
    plan = by_case[cases["plan_ops"].case.id]
    assert (plan.reset, plan.changed, plan.reasons) == (("Plan OPS",), ("Plan OPS",), ())
    pcpr = by_case[cases["pcpr"].case.id]
    [timer] = pcpr.timers
    assert (timer.name, timer.kept) == ("Termin minął", True)
    assert timer.due_at == _timers(engine, cases["pcpr"].case.id)[0].due_at
    assert overview.migrated == ()


def test_eligible_cases_move_keep_their_deadlines_and_run_to_the_end_on_the_new_version(engine, people, cases, clock):
    pcpr_id = cases["pcpr"].case.id
    due_before = _timers(engine, pcpr_id)
    clock.advance(timedelta(days=1))
    ids = [driver.case.id for driver in cases.values()]
    results = {r.case_id: r for r in engine.migration.migrate(people.analyst, ids, 2)}

    for stage, driver in cases.items():
        result = results[driver.case.id]
        assert result.done == (stage not in BLOCKED), (stage, result.message)
        assert_restores(engine, driver.case.id)
    refused = results[cases["po_planie"].case.id]
    assert refused.message == (
        "Nie można przenieść sprawy: zadanie „Plan OPS” zostało już wykonane, a w wersji 2 je zmieniono."
    )
    assert _timers(engine, pcpr_id) == due_before  # the deadline is kept, not restarted from the move
    [plan_task] = cases["plan_ops"].open_tasks(people.ops)
    assert plan_task.name == "Plan pomocy OPS"
    events = engine.history.events(people.supervisor, pcpr_id)
    assert (events[-1].kind, events[-1].actor_id) == ("migrated", people.analyst.user_id)
    assert events[-1].detail == {"from_version": 1, "to_version": 2, "undo": False}
    moved = audit_rows(engine, "case.migrate_version")
    assert len(moved) == len(STAGES) - len(BLOCKED)

    for stage, driver in cases.items():
        done = run_to_end(driver, people)
        assert driver.status(people.ops).status == "completed"
        if stage not in BLOCKED:
            assert done[-2:] == CLOSING_ON_TWO, stage
        else:
            assert "ut_kontrola" not in done


def test_undo_moves_cases_back_to_their_previous_version(engine, people, cases):
    ids = [cases[stage].case.id for stage in ("pcpr", "wywiad", "ocena")]
    due_before = _timers(engine, cases["pcpr"].case.id)
    engine.migration.migrate(people.analyst, ids, 2)
    overview = engine.migration.overview(people.analyst, "test_sprawa", 2)
    assert {m.case_id: m.previous for m in overview.migrated} == dict.fromkeys(ids, 1)

    results = engine.migration.undo(people.analyst, ids)

    assert [(r.done, r.from_version, r.to_version) for r in results] == [(True, 2, 1)] * 3
    assert _timers(engine, cases["pcpr"].case.id) == due_before
    assert engine.migration.overview(people.analyst, "test_sprawa", 2).migrated == ()
    with engine.context.transaction(write=False) as session:
        kinds = session.execute(select(CaseMigration.kind).order_by(CaseMigration.id)).scalars().all()
    assert kinds == ["migrate"] * 3 + ["undo"] * 3
    for case_id in ids:
        assert engine.history.events(people.supervisor, case_id)[-1].detail["undo"] is True
    for stage in ("pcpr", "wywiad", "ocena"):
        done = run_to_end(cases[stage], people)
        assert "ut_kontrola" not in done and done[-1] == "ut_zamkniecie"
    assert engine.migration.undo(people.analyst, [ids[0]])[0].message.startswith("Sprawa nie trwa")


def test_a_changed_timer_restarts_and_the_preview_says_so(engine, people, clock):
    driver = play(engine, people, "pcpr")
    engine.repository.deploy(version_two(timer='"P10D"'), ADMIN)
    [candidate] = engine.migration.overview(people.analyst, "test_sprawa", 2).candidates
    assert [(t.name, t.kept) for t in candidate.timers] == [("Termin minął", False)]
    clock.advance(timedelta(days=1))
    engine.migration.migrate(people.analyst, [driver.case.id], 2)
    [(_, due)] = _timers(engine, driver.case.id)
    assert due == clock.now() + timedelta(days=10)


def test_an_open_task_keeps_its_holder_and_the_case_its_tasks_rows(engine, people, cases):
    driver = cases["plan_ops"]
    [task] = driver.open_tasks(people.ops)
    engine.tasks.claim(people.ops, task.id)
    engine.migration.migrate(people.analyst, [driver.case.id], 2)
    with engine.context.transaction(write=False) as session:
        rows = session.execute(
            select(HumanTask.id, HumanTask.status, HumanTask.assignee_id, HumanTask.name).where(
                HumanTask.instance_id == driver.case.id, HumanTask.status == "open"
            )
        ).all()
    assert rows == [(task.id, "open", people.ops.user_id, "Plan pomocy OPS")]


def test_only_analysts_move_cases(engine, people, cases):
    case_id = cases["pcpr"].case.id
    for who in (people.supervisor, people.ops, people.animator):
        with pytest.raises(NotAllowed):
            engine.migration.overview(who, "test_sprawa", 2)
        with pytest.raises(NotAllowed):
            engine.migration.migrate(who, [case_id], 2)
        with pytest.raises(NotAllowed):
            engine.migration.undo(who, [case_id])
    assert engine.migration.overview(people.analyst, "test_sprawa", 2).candidates


def test_a_suspended_case_moves_and_stays_suspended_and_an_ended_one_is_not_listed(engine, people, cases):
    suspended, ended = cases["pcpr"].case.id, cases["zgloszenie"].case.id
    engine.runtime.suspend(people.supervisor, suspended, "kontrola")
    engine.runtime.terminate(people.supervisor, ended, "pomyłka")
    listed = {c.case_id for c in engine.migration.overview(people.analyst, "test_sprawa", 2).candidates}
    assert suspended in listed and ended not in listed
    [moved, refused] = engine.migration.migrate(people.analyst, [suspended, ended], 2)
    assert moved.done and engine.runtime.case(people.supervisor, suspended).status == "suspended"
    assert refused.message == "Sprawa nie trwa (zakończona, przerwana albo z błędem): nie można jej przenieść."
