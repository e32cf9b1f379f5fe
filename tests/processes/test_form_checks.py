"""What the forms of the model declare beyond JSON Schema, checked by the engine on a real case:
household members chosen from the family (by name), and cross-field rules, all errors at once."""

from __future__ import annotations

import pytest

from engine.errors import InvalidFormData
from tests.processes.people import KZ, PS, PZK, ZD
from tests.processes.scenarios import (
    CELE,
    POZYCJE_JEDEN_ZAKUP,
    ZATWIERDZENIE,
    T,
    do_diagnozy,
    do_planu_skrot,
    plan,
    plan_przyjety,
    przeglad,
)

NOT_IN_FAMILY = "Wybierz osobę z gospodarstwa domowego tej rodziny albo „Cała rodzina”."
PERIOD = "Pozycja nie może kończyć się przed datą rozpoczęcia („Od”)."


def _refused(driver, role: str, bpmn_id: str, data: dict) -> dict[str, list[str]]:
    task = driver.find(role, bpmn_id)
    with pytest.raises(InvalidFormData) as refused:
        driver.engine.tasks.complete(driver.people.user[role], task.id, data, claim=True)
    assert driver.engine.tasks.get(driver.people.user[role], task.id).task.status == "open"
    return refused.value.by_field()


def test_the_plan_offers_the_household_by_name(driver):
    driver.start()
    driver.play(do_planu_skrot())
    task = driver.find(ZD, "ut_plan")
    detail = driver.engine.tasks.get(driver.people.user[ZD], task.id)
    assert detail.choices == {
        "czlonkowie": (
            ("marek", "Marek"),
            ("anna", "Anna"),
            ("kacper", "Kacper"),
            ("zuzia", "Zuzia"),
            ("janina", "Janina"),
        )
    }
    assert "czlonkowie" not in detail.data  # the list reaches the page as choices, not as case data


def test_a_plan_naming_someone_outside_the_family_and_a_backwards_period_is_refused_at_once(driver):
    driver.start()
    driver.play(do_planu_skrot())
    backwards = dict(POZYCJE_JEDEN_ZAKUP[0], czlonek="tomek", data_od="2026-12-20", data_do="2026-12-01")
    del backwards["liczba_jednostek"]
    data = plan([backwards, *POZYCJE_JEDEN_ZAKUP[1:]])
    data["cele"] = [dict(CELE[0], czlonek="tomek"), *CELE[1:]]

    errors = _refused(driver, ZD, "ut_plan", data)

    assert errors == {
        "pozycje_planu.0.liczba_jednostek": ["To pole jest wymagane."],
        "cele.0.czlonek": [NOT_IN_FAMILY],
        "pozycje_planu.0.czlonek": [NOT_IN_FAMILY],
        "pozycje_planu.0.data_do": [PERIOD],
    }
    task = driver.find(ZD, "ut_plan")
    driver.engine.tasks.claim(driver.people.user[ZD], task.id)  # the refused completion claimed nothing
    assert driver.engine.tasks.check(driver.people.user[ZD], task.id, data) == errors  # the same, nothing stored
    assert driver.engine.tasks.check(driver.people.user[ZD], task.id, plan(POZYCJE_JEDEN_ZAKUP)) == {}
    driver.do(ZD, "ut_plan", plan(POZYCJE_JEDEN_ZAKUP))  # "rodzina" and the members are accepted


def test_the_approved_budget_must_cover_the_purchases_of_the_plan(driver):
    driver.start()
    driver.play(
        [
            *do_planu_skrot(),
            T("ut_plan", ZD, plan(POZYCJE_JEDEN_ZAKUP)),
            T("ut_przeglad_rodziny", PS, przeglad("akceptacja")),
        ]
    )
    purchases = sum(p.get("koszt_szacunkowy", 0) for p in POZYCJE_JEDEN_ZAKUP if p["zrodlo"] == "zakup")

    errors = _refused(driver, PZK, "ut_zatwierdzenie_pzk", dict(ZATWIERDZENIE, budzet_zakupow=purchases - 0.5))
    assert errors == {"budzet_zakupow": ["Zatwierdzony budżet nie pokrywa kosztów zakupów w planie."]}

    # sent back for corrections, the budget is not the question
    driver.do(PZK, "ut_zatwierdzenie_pzk", dict(ZATWIERDZENIE, decyzja_pzk="do_poprawy", budzet_zakupow=0))


def test_a_withdrawal_of_consent_must_name_a_member_of_the_household(driver):
    driver.start()
    driver.play(do_diagnozy())
    with pytest.raises(InvalidFormData) as refused:
        driver.send("zgoda_wycofana_czlonek", {"czlonek": "tomek", "data": "2025-06-10", "powod": "rezygnacja"})
    assert refused.value.by_field() == {
        "czlonek": ["Tej osoby nie ma w gospodarstwie domowym rodziny (podaj identyfikator z karty zgłoszenia)."]
    }
    assert not [e for e in driver.history() if e.kind == "message_received"]  # nothing was delivered

    driver.send("zgoda_wycofana_czlonek", {"czlonek": "anna", "data": "2025-06-10", "powod": "rezygnacja"})
    assert [e.detail["message"] for e in driver.history() if e.kind == "message_received"] == ["zgoda_wycofana_czlonek"]


def test_a_plan_item_task_is_named_with_the_titles_of_the_plan_form(driver):
    driver.start()
    driver.play([*do_planu_skrot(), *plan_przyjety(POZYCJE_JEDEN_ZAKUP)])
    funds = driver.find(KZ, "ut_sprawdzenie_budzetu")
    assert funds.subject == "P1 – Terapia logopedyczna"  # not the code terapia_logopedyczna
    detail = driver.engine.tasks.get(driver.people.user[KZ], funds.id)
    assert detail.item["usluga"] == "terapia_logopedyczna"  # the data keeps the code
    assert detail.item_schema["properties"]["usluga"]["oneOf"][0]["title"] == "Terapia logopedyczna"
    assert detail.choices["czlonkowie"][0] == ("marek", "Marek")  # to name the item's member
