"""The Model Kooperacji's multi-instance tasks say whom or what they are about, in the lists and on the task."""

from __future__ import annotations

from tests.processes.people import PS, RU
from tests.processes.scenarios import DO_REALIZACJI, NOMINACJA, ROLE_NOWAKOWSCY, do_diagnozy, do_planu


def subjects(driver, bpmn_id: str) -> list[str | None]:
    return sorted(t.subject for t in driver.open() if t.bpmn_id == bpmn_id)


def test_one_consent_per_adult_names_the_adult(driver):
    driver.start()
    driver.play(do_diagnozy()[:2])  # nominated and qualified

    assert subjects(driver, "ut_zgoda") == ["Anna", "Janina", "Marek"]
    social_worker = driver.people.user[PS]
    anna = next(t for t in driver.engine.tasks.queue(social_worker) if t.subject == "Anna")
    assert anna.name == "Zgoda członka rodziny (oświadczenie)"
    assert driver.engine.tasks.get(social_worker, anna.id).item == NOMINACJA["czlonkowie"][1]


def test_one_sectoral_diagnosis_per_invited_institution_names_its_role(driver):
    driver.start()
    driver.play(do_planu()[: -len(ROLE_NOWAKOWSCY) - 1])  # the sectoral diagnoses are open

    assert subjects(driver, "ut_diagnoza_sektorowa") == sorted(ROLE_NOWAKOWSCY)
    for role in ROLE_NOWAKOWSCY:
        [mine] = driver.engine.tasks.queue(driver.people.user[role])
        assert (mine.bpmn_id, mine.subject) == ("ut_diagnoza_sektorowa", role)
    seen_by_pcpr = driver.engine.tasks.of_case(driver.people.user["PCPR"], driver.case.id)
    assert sorted(t.subject for t in seen_by_pcpr if t.subject) == ["PCPR"]  # the others' are not its business


def test_one_delivery_confirmation_per_plan_item_names_the_item(long_driver):
    driver = long_driver
    driver.start()
    driver.play(DO_REALIZACJI)

    confirmations = {t.role: t.subject for t in driver.open() if t.bpmn_id == "ut_potwierdzenie_realizacji"}
    assert confirmations[RU] == "P1 – Terapia logopedyczna"  # the plan form's titles, not the codes
    assert confirmations["PCPR"] == "P3 – Turnus rehabilitacyjny (dofinansowanie PFRON przez PCPR)"
    [task] = [t for t in driver.engine.tasks.queue(driver.people.user[RU]) if t.case_id == driver.case.id]
    item = driver.engine.tasks.get(driver.people.user[RU], task.id).item
    assert (item["id"], item["usluga"], item["czlonek"]) == ("P1", "terapia_logopedyczna", "kacper")
