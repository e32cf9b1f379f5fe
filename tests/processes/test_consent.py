"""Alternate paths A1 and A2 of the Nowakowski case: consent refused, and consent withdrawn during delivery."""

from __future__ import annotations

from collections import Counter

import pytest

from engine.errors import MessageNotExpected
from tests.processes.paths import NIEZAKWALIFIKOWANA, ODMOWA_ZGODY, POTWIERDZENIA_OKRES1
from tests.processes.people import AN, PS, RU, ZD
from tests.processes.scenarios import (
    DO_REALIZACJI,
    POZYCJE_V2,
    T,
    do_planu_skrot,
    monitoring,
    plan,
    zgody,
)

WYCOFANIE_RODZINY = {"data": "2025-06-10", "powod": "Rodzina rezygnuje ze współpracy"}
ZAMKNIECIE_WYCOFANIE = {
    "data_zamkniecia": "2025-06-12",
    "dostep_partnerow_cofniety": True,
    "poinformowano_instytucje": True,
}
MAREK = {"P4": "Ochrona zdrowia", "P5": "PUP", "P6": "GKRPA"}  # Marek's items and who confirms them
OCENA_KONTYNUACJA = {
    "data_oceny_srodokresowej": "2025-10-02",
    "efekty": "Postępy Kacpra i Janiny.",
    "decyzja_oceny": "kontynuacja",
    "liczba_miesiecy_kolejnego_okresu": 3,
}


def test_nobody_consenting_ends_the_case_as_not_joined(driver):
    driver.start()
    driver.play(ODMOWA_ZGODY)

    assert driver.info().status == "completed"
    data = driver.data()
    assert (data["wynik_sprawy"], data["powod_zamkniecia"]) == ("nie_przystapiono", "brak_zgody")
    roles_at_work = {
        driver.people.role_of[e.actor_id] for e in driver.history() if e.kind == "completed" and e.actor_id
    }
    assert roles_at_work == {PS, AN}  # no partner institution ever got a task


def test_unqualified_family_ends_the_case(driver):
    driver.start()
    driver.play(NIEZAKWALIFIKOWANA)

    assert driver.info().status == "completed"
    assert driver.data()["wynik_sprawy"] == "nie_zakwalifikowano"


def test_consent_cannot_be_withdrawn_before_it_was_given(driver):
    driver.start()
    driver.play(ODMOWA_ZGODY[:2])  # nominated and qualified, consents pending

    with pytest.raises(MessageNotExpected):
        driver.send("zgoda_wycofana", WYCOFANIE_RODZINY)


def test_member_refusing_consent_is_left_out_of_the_plan(driver):
    driver.start()
    driver.play([*do_planu_skrot(consents=zgody(marek=False)), T("ut_plan", ZD, plan(POZYCJE_V2))])

    data = driver.data()  # the plan is with the family for review
    assert data["czlonkowie_bez_zgody"] == ["marek"]
    statuses = {p["id"]: p["status"] for p in data["pozycje_planu"]}
    assert {pid for pid, status in statuses.items() if status == "anulowana"} == set(MAREK)
    assert set(statuses.values()) == {"anulowana", "zaplanowana"}


def test_family_withdrawing_consent_during_delivery_closes_the_case(driver):
    driver.start()
    driver.play(DO_REALIZACJI)
    delivering = driver.open()
    assert len(delivering) == 7  # P1 bought, P3-P7 partners' own offers, P11 volunteers

    driver.send("zgoda_wycofana", WYCOFANIE_RODZINY)

    assert driver.open_ids() == ["ut_zamkniecie_wycofanie"]
    cancelled = {driver.engine.tasks.get(driver.people.supervisor, t.id).task.status for t in delivering}
    assert cancelled == {"cancelled"}
    assert driver.open_tasks(driver.people.user[RU]) == []
    assert driver.wait(40).fired == 0  # monthly monitoring stopped with the work
    with pytest.raises(MessageNotExpected):
        driver.send("kryzys", {"zglaszajacy_rola": PS, "data": "2025-06-11"})

    closing = driver.engine.tasks.get(driver.people.user[PS], driver.find(PS, "ut_zamkniecie_wycofanie").id)
    assert closing.data == {"data_wycofania_zgody": "2025-06-10", "powod_wycofania_zgody": WYCOFANIE_RODZINY["powod"]}
    driver.do(PS, "ut_zamkniecie_wycofanie", ZAMKNIECIE_WYCOFANIE)
    assert driver.info().status == "completed"
    data = driver.data()
    assert (data["wynik_sprawy"], data["powod_zamkniecia"]) == ("zgoda_wycofana", "zgoda_wycofana")
    assert data["data_wycofania_zgody"] == "2025-06-10"


def test_member_withdrawing_consent_cancels_only_their_items(long_driver):
    """A long scenario: roundtrip on SQLite, live on PostgreSQL (see conftest)."""
    driver = long_driver
    driver.start()
    driver.play(DO_REALIZACJI)
    marek_tasks = [driver.find(role, "ut_potwierdzenie_realizacji") for role in MAREK.values()]

    driver.send("zgoda_wycofana_czlonek", {"czlonek": "marek", "data": "2025-06-10", "powod": "rezygnacja"})

    assert driver.open_ids() == sorted(["ut_anulowanie_uslug"] + ["ut_potwierdzenie_realizacji"] * 4)
    assert {driver.engine.tasks.get(driver.people.supervisor, t.id).task.status for t in marek_tasks} == {"cancelled"}
    assert all(driver.open_tasks(driver.people.user[role]) == [] for role in MAREK.values())
    cancellation = driver.engine.tasks.get(driver.people.user[PS], driver.find(PS, "ut_anulowanie_uslug").id)
    assert cancellation.data == {  # who withdrew, when and why: on the task the social worker confirms
        "czlonek_wycofany": "marek",
        "data_wycofania_czlonka": "2025-06-10",
        "powod_wycofania_czlonka": "rezygnacja",
    }
    anulowanie = {"data_przyjecia_oswiadczenia": "2025-06-10", "poinformowano_realizatorow": True}
    driver.do(PS, "ut_anulowanie_uslug", {**anulowanie, "anulowane_pozycje": list(MAREK)})

    the_rest = [step for step in POTWIERDZENIA_OKRES1 if step["where"]["pozycja.id"] in ("P1", "P3", "P7", "P11")]
    driver.play([*monitoring(6), *the_rest])
    statuses = {p["id"]: p["status"] for p in driver.data()["pozycje_planu"]}  # at the interim evaluation
    assert {pid: statuses[pid] for pid in MAREK} == dict.fromkeys(MAREK, "anulowana")
    assert (statuses["P1"], statuses["P3"]) == ("w_trakcie", "zrealizowana")

    driver.do(ZD, "ut_ocena_srodokresowa", OCENA_KONTYNUACJA)
    second_period = Counter(t.role for t in driver.open() if t.bpmn_id == "ut_potwierdzenie_realizacji")
    assert second_period == Counter({RU: 1, PS: 1, "NGO": 1})  # P1, P7, P11 go on; Marek's P5 does not


def test_when_every_adult_who_consented_withdraws_the_case_is_closed(driver):
    """Marek, Anna and Janina withdraw one by one: nobody is left to work with, the work stops at once."""
    driver.start()
    driver.play(do_planu_skrot())
    plan_task = driver.find(ZD, "ut_plan")
    for who, day in (("marek", "2025-03-10"), ("anna", "2025-03-11")):
        driver.send("zgoda_wycofana_czlonek", {"czlonek": who, "data": day, "powod": "rezygnacja"})
    assert "ut_plan" in driver.open_ids()  # Janina still takes part

    driver.send("zgoda_wycofana_czlonek", {"czlonek": "janina", "data": "2025-03-12", "powod": "Wyjazd do córki"})

    assert driver.open_ids() == ["ut_zamkniecie_wycofanie"]  # the plan and the cancellations went with the work
    assert driver.engine.tasks.get(driver.people.supervisor, plan_task.id).task.status == "cancelled"
    assert driver.info().stage == "Zamknięcie"
    closing = driver.engine.tasks.get(driver.people.user[PS], driver.find(PS, "ut_zamkniecie_wycofanie").id)
    assert closing.data == {"data_wycofania_zgody": "2025-03-12", "powod_wycofania_zgody": "Wyjazd do córki"}
    driver.do(PS, "ut_zamkniecie_wycofanie", ZAMKNIECIE_WYCOFANIE)

    assert driver.info().status == "completed"
    data = driver.data()
    assert (data["wynik_sprawy"], data["powod_zamkniecia"]) == ("zgoda_wycofana", "zgoda_wycofana")
    with pytest.raises(MessageNotExpected):
        driver.send("zgoda_wycofana", WYCOFANIE_RODZINY)
