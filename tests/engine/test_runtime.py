"""Starting cases, messages, supervision (suspend, resume, terminate)."""

from __future__ import annotations

import pytest

from engine.errors import InvalidState, MessageNotExpected, NotAllowed, NotFound
from tests.engine.helpers import Driver

NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek"], "pilne": False}


@pytest.fixture
def driver(engine, people):
    driver = Driver(engine, roundtrip=False)
    driver.start(people.ops, title="Rodzina Nowakowskich", partnership_id=people.partnership_id)
    return driver


def test_start_records_the_partnership_and_the_first_stage(driver, people):
    case = driver.case
    assert case.status == "running" and case.stage == "Zgłoszenie" and case.version_number == 1
    gops, pcpr = people.institutions["gops"], people.institutions["pcpr"]
    # the partnership is copied, but only the starter's role and the animator see the case at first
    assert set(case.participants) == {("Pracownik socjalny OPS", gops), ("Animator", gops)}
    driver.do(people.ops, "ut_zgloszenie", {"rodzina": "Nowakowscy", "czlonkowie": ["Marek"], "pilne": True})
    later = driver.engine.runtime.case(people.ops, case.id)
    assert set(later.participants) == {("Pracownik socjalny OPS", gops), ("PCPR", pcpr), ("Animator", gops)}
    assert case.business_key.startswith("K/2026/")


def test_only_the_start_lane_role_may_start_a_case(engine, people):
    with pytest.raises(NotAllowed, match="Pracownik socjalny OPS"):
        engine.runtime.start(people.pcpr, "test_sprawa", partnership_id=people.partnership_id)


def test_starting_an_unknown_process_is_not_found(engine, people):
    with pytest.raises(NotFound, match="nie został wdrożony"):
        engine.runtime.start(people.ops, "nie_ma_takiego")


def test_a_message_nobody_waits_for_is_an_error_not_a_queue(engine, driver, people):
    with pytest.raises(MessageNotExpected, match="nie oczekuje"):
        engine.runtime.send_message(people.ops, "dokumenty", {}, case_id=driver.case.id)
    with pytest.raises(NotFound):
        engine.runtime.send_message(people.ops, "dokumenty", {}, correlation="K/2026/NIEMA")
    with pytest.raises(NotFound):
        engine.runtime.send_message(people.outsider, "dokumenty", {}, case_id=driver.case.id)


def test_supervisor_suspends_and_resumes(engine, driver, people):
    with pytest.raises(NotAllowed):
        engine.runtime.suspend(people.ops, driver.case.id, "bo tak")
    assert engine.runtime.suspend(people.supervisor, driver.case.id, "kontrola").status == "suspended"
    with pytest.raises(InvalidState):
        engine.runtime.suspend(people.supervisor, driver.case.id, "znowu")
    assert engine.runtime.resume(people.supervisor, driver.case.id).status == "running"
    driver.do(people.ops, "ut_zgloszenie", NOMINATION)


def test_terminate_needs_a_reason_and_cancels_open_tasks(engine, driver, people):
    with pytest.raises(InvalidState, match="powód"):
        engine.runtime.terminate(people.supervisor, driver.case.id, " ")
    case = engine.runtime.terminate(people.supervisor, driver.case.id, "rodzina wyprowadziła się")
    assert case.status == "terminated"
    assert engine.tasks.inbox(people.ops) == []
    events = engine.history.events(people.supervisor, driver.case.id)
    assert events[-1].kind == "terminated" and events[-1].detail == {"reason": "rodzina wyprowadziła się"}
    with pytest.raises(InvalidState):
        engine.runtime.terminate(people.supervisor, driver.case.id, "jeszcze raz")
