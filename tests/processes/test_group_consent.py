"""A participant of a group's projekt socjalny withdraws consent: only their services stop, the group goes on."""

from __future__ import annotations

from datetime import date

import pytest

from engine.errors import InvalidFormData, MessageNotExpected
from tests.processes.groups import SENIORZY_Z_WOLI
from tests.processes.people import KZ, PS, ZD

HALINA_WYCOFUJE = {"czlonek": "halina", "data": "2025-06-10", "powod": "Przeprowadzka do córki"}
ANULOWANIE = {"data_przyjecia_oswiadczenia": "2025-06-10", "poinformowano_realizatorow": True}
ZAMKNIECIE_PO_WYCOFANIU = {
    "data_zamkniecia": "2025-02-25",
    "dostep_partnerow_cofniety": True,
    "poinformowano_instytucje": True,
}
DO_DIAGNOZY = SENIORZY_Z_WOLI[:5]  # the group, three statements (Stefan refuses), the diagnosis
FIRST_CONFIRMATION = next(i for i, s in enumerate(SENIORZY_Z_WOLI) if s["id"] == "ut_potwierdzenie_realizacji")


def start(driver):
    return driver.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")


def registration(casefile) -> list[str]:
    """The participants' names in the group's registration, as the reader of ``casefile`` gets it."""
    (entry,) = next(s for s in casefile.sections if s.id == "grupa_zgloszenie").entries
    return [member["imie"] for member in entry.values["czlonkowie"]]


def test_a_participant_withdrawing_during_delivery_loses_only_their_services(long_driver):
    """A long scenario: roundtrip on SQLite, live on PostgreSQL (see conftest)."""
    driver = long_driver
    start(driver)
    driver.play(SENIORZY_Z_WOLI[:FIRST_CONFIRMATION])
    rehabilitacja = driver.find("Ochrona zdrowia", "ut_potwierdzenie_realizacji", {"pozycja.id": "P3"})
    stage = driver.info().stage

    driver.send("zgoda_wycofana_czlonek", HALINA_WYCOFUJE)

    assert driver.open_ids() == ["ut_grupa_anulowanie_uslug", *["ut_potwierdzenie_realizacji"] * 2]  # P1 and P2
    assert driver.engine.tasks.get(driver.people.supervisor, rehabilitacja.id).task.status == "cancelled"
    assert driver.open_tasks(driver.people.user["Ochrona zdrowia"]) == []
    cancellation = driver.engine.tasks.get(driver.people.user[PS], driver.find(PS, "ut_grupa_anulowanie_uslug").id)
    assert cancellation.data == {  # what the social worker confirms, shown on the task
        "czlonek_wycofany": "halina",
        "data_wycofania_czlonka": "2025-06-10",
        "powod_wycofania_czlonka": "Przeprowadzka do córki",
    }
    assert ("halina", "Halina") in cancellation.choices["czlonkowie"]  # shown by name
    assert driver.info().stage == stage == "Realizacja"  # the cancellation beside the work is no stage of its own
    driver.do(PS, "ut_grupa_anulowanie_uslug", {**ANULOWANIE, "anulowane_pozycje": ["P3"]})

    the_rest = [s for s in SENIORZY_Z_WOLI[FIRST_CONFIRMATION:] if s.get("where") != {"pozycja.id": "P3"}]
    driver.play(the_rest)  # the whole group's classes and transport go on to the end
    info = driver.info()
    assert info.status == "completed"
    data = driver.data()
    assert data["wynik_sprawy"] == "zakonczona_sukcesem"
    statuses = {p["id"]: p["status"] for p in data["pozycje_planu"]}
    assert statuses == {"P1": "zrealizowana", "P2": "zrealizowana", "P3": "anulowana", "P4": "anulowana"}
    first_period = data["historia_realizacji"][0]["realizacje"]
    assert {r["pozycja_id"]: r["status"] for r in first_period} == {
        "P1": "w_trakcie",
        "P2": "w_trakcie",
        "P3": "anulowana",  # cancelled by the withdrawal, never confirmed
    }
    with pytest.raises(MessageNotExpected):  # the case is closed: nobody listens any more
        driver.send("zgoda_wycofana_czlonek", {"czlonek": "irena", "data": "2026-02-01"})


def test_the_withdrawal_is_on_the_participants_consent_record_and_hides_them_from_partners(driver):
    engine, people = driver.engine, driver.people
    start(driver)
    driver.play(SENIORZY_Z_WOLI[:FIRST_CONFIRMATION])
    case_id = driver.case.id
    assert "Halina" in registration(engine.casefile.file(people.user["NGO"], case_id))

    driver.send("zgoda_wycofana_czlonek", HALINA_WYCOFUJE)

    record = engine.documents.consent(people.user[PS], case_id, "halina")
    assert (record.given, record.withdrawn_on, record.withdrawal_reason) == (
        True,
        date(2025, 6, 10),
        "Przeprowadzka do córki",
    )
    assert registration(engine.casefile.file(people.user["NGO"], case_id)) == ["Irena"]  # Stefan never consented
    assert registration(engine.casefile.file(people.user[PS], case_id)) == ["Halina", "Stefan", "Irena"]
    awaited = engine.casefile.file(people.user[PS], case_id).awaited
    assert "Wycofanie zgody przez członka rodziny lub uczestnika grupy" in awaited.messages


def test_a_participant_who_withdrew_before_the_project_gets_no_service_of_it(driver):
    start(driver)
    driver.play(DO_DIAGNOZY)
    driver.send("zgoda_wycofana_czlonek", HALINA_WYCOFUJE)
    driver.do(PS, "ut_grupa_anulowanie_uslug", ANULOWANIE)

    team = driver.find(ZD, "ut_projekt_socjalny")
    offered = {
        value
        for pairs in driver.engine.tasks.get(driver.people.user[ZD], team.id).choices.values()
        for value, _ in pairs
    }
    assert offered == {"irena"}  # neither Stefan (refused) nor Halina (withdrew)
    driver.play([SENIORZY_Z_WOLI[5]])  # the team's project still names Halina's rehabilitation, P3

    assert driver.open_ids() == ["ut_grupa_zatwierdzenie_pzk"]
    statuses = {p["id"]: p["status"] for p in driver.data()["pozycje_planu"]}
    assert statuses == {"P1": "zaplanowana", "P2": "zaplanowana", "P3": "anulowana", "P4": "anulowana"}


def test_a_withdrawal_must_name_a_participant_of_the_group(driver):
    start(driver)
    driver.play(DO_DIAGNOZY)

    with pytest.raises(InvalidFormData) as refused:
        driver.send("zgoda_wycofana_czlonek", {"czlonek": "jozef", "data": "2025-06-10"})

    assert refused.value.by_field() == {
        "czlonek": ["Tej osoby nie ma wśród uczestników grupy (podaj identyfikator z karty zgłoszenia grupy)."]
    }
    assert not [e for e in driver.history() if e.kind == "message_received"]  # nothing was delivered
    assert driver.open_ids() == ["ut_projekt_socjalny"]


def test_consent_cannot_be_withdrawn_before_the_participants_gave_it(driver):
    start(driver)
    driver.play(SENIORZY_Z_WOLI[:2])  # the group registered, one statement of three recorded

    with pytest.raises(MessageNotExpected):
        driver.send("zgoda_wycofana_czlonek", HALINA_WYCOFUJE)


def test_when_the_last_participant_withdraws_the_project_is_closed(driver):
    """Stefan refused; Halina and then Irena withdraw: nobody is left to work for."""
    start(driver)
    driver.play(DO_DIAGNOZY)
    driver.send("zgoda_wycofana_czlonek", HALINA_WYCOFUJE)
    driver.do(PS, "ut_grupa_anulowanie_uslug", ANULOWANIE)
    assert driver.open_ids() == ["ut_projekt_socjalny"]  # Irena still takes part
    project = driver.find(ZD, "ut_projekt_socjalny")

    driver.send("zgoda_wycofana_czlonek", {"czlonek": "irena", "data": "2025-02-24", "powod": "Pobyt w szpitalu"})

    assert driver.open_ids() == ["ut_grupa_zamkniecie_wycofanie"]  # the work stopped at once, no cancellation task
    assert driver.engine.tasks.get(driver.people.supervisor, project.id).task.status == "cancelled"
    assert driver.info().stage == "Zamknięcie"
    driver.do(PS, "ut_grupa_zamkniecie_wycofanie", ZAMKNIECIE_PO_WYCOFANIU)

    assert driver.info().status == "completed"
    data = driver.data()
    assert (data["wynik_sprawy"], data["powod_zamkniecia"]) == ("zgoda_wycofana", "zgoda_wycofana")
    irena = driver.engine.documents.consent(driver.people.user[PS], driver.case.id, "irena")
    assert (irena.withdrawn_on, irena.withdrawal_reason) == (date(2025, 2, 24), "Pobyt w szpitalu")
    with pytest.raises(MessageNotExpected):
        driver.send("zgoda_wycofana_czlonek", HALINA_WYCOFUJE)


def test_a_withdrawal_during_the_groups_order_gives_the_order_back(driver):
    """P2 (transport) is for the whole group: Halina's withdrawal does not cancel its order."""
    start(driver)
    ordering = next(i for i, s in enumerate(SENIORZY_Z_WOLI) if s["id"] == "ut_zamowienie")
    driver.play(SENIORZY_Z_WOLI[:ordering])
    order = driver.find(KZ, "ut_zamowienie")

    driver.send("zgoda_wycofana_czlonek", HALINA_WYCOFUJE)

    assert driver.engine.tasks.get(driver.people.supervisor, order.id).task.status == "cancelled"
    assert driver.find(KZ, "ut_zamowienie").id != order.id  # the same order, given back to the coordinator
    driver.play(SENIORZY_Z_WOLI[ordering : ordering + 2])  # placed and accepted
    (p2,) = [p for p in driver.data()["pozycje_planu"] if p["id"] == "P2"]
    assert p2["status"] == "zamowiona"
