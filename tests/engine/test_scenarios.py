"""The test process end to end, each scenario live and through save/restore via the database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.engine.helpers import Driver
from tests.factories import deploy_test_process, make_directory

NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek", "Anna", "Kacper"], "pilne": True}


@pytest.fixture(params=["live", "roundtrip"])
def driver(request, engine):
    deploy_test_process(engine)
    return Driver(engine, roundtrip=request.param == "roundtrip")


@pytest.fixture
def people(engine):
    return make_directory(engine)


def _through_interviews(driver, people, urgent=True):
    driver.start(people.ops, title="Rodzina Nowakowskich", partnership_id=people.partnership_id)
    driver.do(people.ops, "ut_zgloszenie", {**NOMINATION, "pilne": urgent})
    if urgent:
        driver.do(people.pcpr, "ut_pcpr", {"ocena_pcpr": "Kacper kwalifikuje się na turnus"})
    else:
        driver.do(people.ops, "ut_plan_ops", {"plan": "Wsparcie OPS"})
    for member in NOMINATION["czlonkowie"]:
        driver.do(people.ops, "ut_wywiad", {"wywiad": f"rozmowa: {member}"})


def test_urgent_case_runs_from_nomination_to_closure(driver, people, engine):
    _through_interviews(driver, people)
    assert driver.open_tasks(people.ops) == []
    driver.message(people.ops, "dokumenty", {"sygnatura": "III RC 12/26"})

    driver.do(people.animator, "ut_ocena", {"zatwierdzone": False})
    driver.do(people.ops, "ut_poprawki", {"poprawki": "Dodano logopedę"})
    driver.do(people.animator, "ut_ocena", {"zatwierdzone": True})
    driver.do(people.ops, "ut_zamkniecie", {"powod": "cel_osiagniety"})

    case = driver.status(people.ops)
    assert case.status == "completed"
    data = engine.runtime.case_data(people.supervisor, case.id)
    assert data["podsumowanie"] == "Nowakowscy: 3 os., wywiady: 3"
    assert data["dokumenty"] == {"sygnatura": "III RC 12/26"}
    assert data["sciezka"] == "pcpr" and data["powod"] == "cel_osiagniety"


def test_each_task_goes_to_the_role_of_its_lane(driver, people):
    driver.start(people.ops, partnership_id=people.partnership_id)
    assert [t.bpmn_id for t in driver.open_tasks(people.ops)] == ["ut_zgloszenie"]
    driver.do(people.ops, "ut_zgloszenie", NOMINATION)

    assert [t.bpmn_id for t in driver.open_tasks(people.pcpr)] == ["ut_pcpr"]
    assert driver.open_tasks(people.ops) == []
    assert driver.open_tasks(people.animator) == []
    assert driver.open_tasks(people.outsider) == []


def test_routine_case_takes_the_default_flow_to_the_ops_plan(driver, people):
    driver.start(people.ops, partnership_id=people.partnership_id)
    driver.do(people.ops, "ut_zgloszenie", {**NOMINATION, "pilne": False})
    assert [t.bpmn_id for t in driver.open_tasks(people.ops)] == ["ut_plan_ops"]
    assert driver.open_tasks(people.pcpr) == []


def test_interviews_run_in_parallel_one_per_member_with_a_due_date(driver, people, clock):
    driver.start(people.ops, partnership_id=people.partnership_id)
    driver.do(people.ops, "ut_zgloszenie", {**NOMINATION, "pilne": False})
    driver.do(people.ops, "ut_plan_ops", {"plan": "Wsparcie OPS"})

    interviews = [t for t in driver.open_tasks(people.ops) if t.bpmn_id == "ut_wywiad"]
    assert len(interviews) == 3
    assert {t.due_at for t in interviews} == {clock.now() + timedelta(days=7)}
    members = [driver.engine.tasks.get(people.ops, t.id).data for t in interviews]  # one per member, in any order
    assert sorted(member["czlonek"] for member in members) == sorted(NOMINATION["czlonkowie"])


def test_missed_deadline_escalates_to_the_animator(driver, people, clock):
    driver.start(people.ops, partnership_id=people.partnership_id)
    driver.do(people.ops, "ut_zgloszenie", NOMINATION)
    assert driver.fire_timers().fired == 0

    clock.advance(timedelta(days=3, minutes=1))
    run = driver.fire_timers()

    assert (run.cases, run.fired, run.errors) == (1, 1, 0)
    assert driver.open_tasks(people.pcpr) == []
    driver.do(people.animator, "ut_eskalacja", {"decyzja_animatora": "Przekazać do OPS"})
    assert len([t for t in driver.open_tasks(people.ops) if t.bpmn_id == "ut_wywiad"]) == 3
    kinds = [e.kind for e in driver.engine.history.events(people.supervisor, driver.case.id)]
    assert "timer_fired" in kinds
    assert driver.fire_timers().fired == 0


def test_history_records_who_did_what_and_when(driver, people, clock):
    driver.start(people.ops, partnership_id=people.partnership_id)
    clock.advance(timedelta(hours=2))
    driver.do(people.ops, "ut_zgloszenie", NOMINATION)
    task = driver.task(people.pcpr, "ut_pcpr")
    driver.engine.tasks.claim(people.pcpr, task.id)

    events = driver.engine.history.events(people.ops, driver.case.id)
    summary = [(e.kind, e.actor_id, e.task_name) for e in events]
    assert summary == [
        ("started", people.ops.user_id, None),
        ("completed", people.ops.user_id, "Zgłoszenie rodziny"),
        ("claimed", people.pcpr.user_id, "Ocena PCPR"),
    ]
    assert events[1].at == clock.now()


def test_message_payload_reaches_the_case_by_business_key(driver, people, engine):
    _through_interviews(driver, people)
    engine.runtime.send_message(people.ops, "dokumenty", {"n": 2}, correlation=driver.case.business_key)
    driver.check()
    assert [t.bpmn_id for t in driver.open_tasks(people.animator)] == ["ut_ocena"]
