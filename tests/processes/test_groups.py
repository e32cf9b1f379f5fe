"""A group case (projekt socjalny) and a person case through the engine, live and with save/restore after every step."""

from __future__ import annotations

import pytest

from engine.errors import NotAllowed, NotFound
from tests.engine.helpers import audit_rows
from tests.processes.driver import path
from tests.processes.groups import OSOBA, SENIORZY_Z_WOLI, osoba_do_konca
from tests.processes.paths import NOWAKOWSCY
from tests.processes.people import AN, PS, ZD


def test_group_case_runs_its_projekt_socjalny_to_the_end(driver):
    driver.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    driver.play(SENIORZY_Z_WOLI)

    info = driver.info()
    assert (info.status, info.kind) == ("completed", "grupa")
    data = driver.data()
    assert (data["wynik_sprawy"], data["powod_zamkniecia"]) == ("zakonczona_sukcesem", "projekt_zrealizowany")
    assert data["czlonkowie_bez_zgody"] == ["stefan"]
    assert data["wersja_planu"] == 2  # the PZK sent the first version back
    assert {p["id"]: p["status"] for p in data["pozycje_planu"]} == {
        "P1": "zrealizowana",
        "P2": "zrealizowana",
        "P3": "zrealizowana",
        "P4": "anulowana",
    }
    assert path(data, "pozycje_planu[P1].jednostki_zrealizowane") == 12 + 18  # both periods add up
    assert path(data, "pozycje_planu[P2].zamowienie.numer_zamowienia") == "ZAM/P2"
    delivered = [r["pozycja_id"] for period in data["historia_realizacji"] for r in period["realizacje"]]
    assert delivered == ["P1", "P2", "P3", "P1", "P2"]


def test_the_project_offers_only_participants_who_consented(driver):
    driver.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    driver.play(SENIORZY_Z_WOLI[:5])  # nomination, three statements (Stefan refuses), diagnosis
    team = driver.find(ZD, "ut_projekt_socjalny")
    offered = {
        value
        for pairs in driver.engine.tasks.get(driver.people.user[ZD], team.id).choices.values()
        for value, _ in pairs
    }
    assert offered == {"halina", "irena"}  # "Cała grupa" comes from the form itself


def test_a_groups_delivery_task_names_a_participant_or_the_whole_group(driver):
    driver.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    steps = SENIORZY_Z_WOLI[
        : SENIORZY_Z_WOLI.index(next(s for s in SENIORZY_Z_WOLI if s["id"] == "ut_potwierdzenie_realizacji"))
    ]
    driver.play(steps)
    task = driver.find("NGO", "ut_potwierdzenie_realizacji", {"pozycja.id": "P1"})
    detail = driver.engine.tasks.get(driver.people.user["NGO"], task.id)

    assert detail.item["czlonek"] == "grupa"
    assert detail.item_schema["properties"]["czlonek"]["title"] == "Uczestnik / cała grupa"  # the group's project
    also = detail.item_schema["properties"]["czlonek"]["x-choices"]["also"]
    assert also == [{"const": "grupa", "title": "Cała grupa"}]  # "grupa" reads as the whole group


def test_a_familys_delivery_task_still_names_a_family_member(driver):
    driver.start(title="Rodzina Nowakowskich")
    first = next(s for s in NOWAKOWSCY if s.get("id") == "ut_potwierdzenie_realizacji")
    driver.play(NOWAKOWSCY[: NOWAKOWSCY.index(first)])
    task = driver.find(first["role"], "ut_potwierdzenie_realizacji", first["where"])
    detail = driver.engine.tasks.get(driver.people.user[first["role"]], task.id)
    assert detail.item_schema["properties"]["czlonek"]["title"] == "Członek rodziny"  # the family's IPW


def test_nobody_in_the_group_consents_so_it_does_not_join(driver):
    driver.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    refusals = [dict(step, data=dict(step["data"], zgoda_udzielona=False)) for step in SENIORZY_Z_WOLI[1:4]]
    driver.play([SENIORZY_Z_WOLI[0], *refusals])

    assert driver.info().status == "completed"
    assert driver.data()["wynik_sprawy"] == "nie_przystapiono"


def test_person_case_is_the_family_process_with_a_household_of_one(driver):
    driver.start(title="Maria Wilk", kind="osoba", data={"rodzaj_sprawy": "osoba"})
    driver.play(OSOBA)
    driver.play(osoba_do_konca(driver.data()["role_proponowane"]))

    info = driver.info()
    assert (info.status, info.kind, info.process_id) == ("completed", "osoba", "kooperacja_rodzina")
    data = driver.data()
    assert data["rodzaj_sprawy"] == "osoba" and [c["id"] for c in data["czlonkowie"]] == ["maria"]
    assert (data["wynik_sprawy"], data["powod_zamkniecia"]) == ("zakonczona_sukcesem", "ipw_zrealizowany")
    assert path(data, "pozycje_planu[P1].status") == "zrealizowana"


def test_each_participants_consent_statement_is_a_document_for_the_consent_readers(driver):
    """Like a family member's consent record: the social worker and the animator of the case and supervisors
    get it; the diagnostic team (whose part of the file holds no consents) does not; outsiders learn nothing."""
    engine, people = driver.engine, driver.people
    driver.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    driver.play(SENIORZY_Z_WOLI[:4])  # the group and three statements: Stefan refuses
    case_id = driver.case.id

    listed = engine.documents.consents(people.user[PS], case_id)
    assert listed == [("halina", "Halina"), ("irena", "Irena"), ("stefan", "Stefan")]
    halina = engine.documents.consent(people.user[PS], case_id, "halina")
    assert (halina.kind, halina.family, halina.member.name, halina.member.age) == (
        "grupa",
        "Seniorzy z Woli Rafałowskiej",
        "Halina",
        72,
    )
    assert (halina.given, halina.declared_by, halina.on_behalf_of_minors) == (True, "Uczestnik osobiście", False)
    assert "projekcie socjalnym grupy" in halina.purpose
    assert engine.documents.consent(people.supervisor, case_id, "stefan").given is False
    assert engine.documents.consent(people.user[AN], case_id, "irena").member.name == "Irena"
    with pytest.raises(NotAllowed):
        engine.documents.consent(people.user[ZD], case_id, "halina")
    with pytest.raises(NotFound):
        engine.documents.consent(people.outsider, case_id, "halina")
    with pytest.raises(NotFound, match="nie ma uczestnika grupy „jozef”"):
        engine.documents.consent(people.user[PS], case_id, "jozef")
    reads = [row for row in audit_rows(engine, "document.consent") if row[1] == case_id]
    assert [row[2]["czlonek"] for row in reads] == ["halina", "stefan", "irena"]
