"""Sectoral diagnosis deadlines: due in 14 days, a reminder after 10, escalation to the Animator after 14.

Time only moves with the engine's FrozenClock; ``driver.wait`` advances it and fires the due timers.
The checks fall a day either side of a deadline; the exact instant (a timer fires only once its
time is strictly past, as in SpiffWorkflow) is covered by tests/engine/jobs/test_timers.py.
"""

from __future__ import annotations

from datetime import timedelta

from tests.processes.people import AN
from tests.processes.scenarios import ROLE_NOWAKOWSCY, diagnoza, diagnozy, do_planu

LATE = ("PUP", "GKRPA")
SKIP = {
    "dzialanie_animatora": "kontakt_telefoniczny",
    "decyzja_eskalacji_diagnozy": "pominiecie_diagnozy",
    "uzasadnienie_eskalacji": "GKRPA nie zbiera się do końca miesiąca; rozmowa motywacyjna w planie.",
}


def _until_the_workshop(driver):
    driver.start()
    steps = do_planu()
    driver.play(steps[: steps.index({"step": "time", "days": 7})])


def test_sectoral_diagnosis_is_due_fourteen_days_after_it_is_created(driver, clock):
    _until_the_workshop(driver)

    diagnoses = [t for t in driver.open() if t.bpmn_id == "ut_diagnoza_sektorowa"]
    assert sorted(t.role for t in diagnoses) == sorted(ROLE_NOWAKOWSCY)
    assert {(t.created_at, t.due_at) for t in diagnoses} == {(clock.now(), clock.now() + timedelta(days=14))}


def test_late_institutions_are_reminded_after_ten_days(driver):
    _until_the_workshop(driver)
    driver.wait(5)
    driver.play([step for step in diagnozy(ROLE_NOWAKOWSCY) if step["role"] not in LATE])

    assert driver.wait(4).fired == 0  # day 9
    assert driver.wait(2).fired == 2  # day 11

    reminders = [e.detail for e in driver.history() if e.kind == "message_thrown"]
    assert sorted(r["payload"]["rola"] for r in reminders) == sorted(LATE)
    assert {r["message"] for r in reminders} == {"przypomnienie_termin"}
    assert sorted(t.role for t in driver.open()) == sorted(LATE)  # reminded, nobody else has anything to do


def test_missed_deadline_escalates_to_the_animator_who_may_skip_the_diagnosis(driver, clock):
    _until_the_workshop(driver)
    driver.play([step for step in diagnozy(ROLE_NOWAKOWSCY) if step["role"] not in LATE])

    assert driver.wait(11).fired == 2  # reminders
    assert driver.wait(2).fired == 0  # day 13
    assert driver.wait(2).fired == 2  # day 15: escalation

    escalations = [t for t in driver.open() if t.bpmn_id == "ut_eskalacja_diagnozy"]
    assert [t.role for t in escalations] == [AN, AN]
    assert all(driver.seen_by(t) == {AN} for t in escalations)
    fired = [e.detail["timer"] for e in driver.history() if e.kind == "timer_fired"]
    assert sorted(fired) == sorted(["Po 10 dniach"] * 2 + ["Termin minął (14 dni)"] * 2)
    assert driver.find("PUP", "ut_diagnoza_sektorowa").is_overdue(clock.now())  # still open: non-interrupting

    driver.do(AN, "ut_eskalacja_diagnozy", SKIP, where={"zaproszona_rola": "GKRPA"})
    assert driver.open_tasks(driver.people.user["GKRPA"]) == []  # its diagnosis task is withdrawn
    driver.do("PUP", "ut_diagnoza_sektorowa", diagnoza("PUP", "2025-03-12"))

    assert driver.open_ids() == ["ut_diagnoza_zintegrowana"]  # PUP's escalation closed itself
    status = {d["rola"]: d["status"] for d in driver.data()["diagnozy_sektorowe"]}
    assert status == {**dict.fromkeys(ROLE_NOWAKOWSCY, "zlozona"), "GKRPA": "pominieta"}
