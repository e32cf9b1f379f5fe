"""Alternate paths A3 and A4 of the Nowakowski case: the family does not accept the plan; a provider lets us down."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from tests.processes.paths import (
    ODRZUCENIA_DO_ESKALACJI,
    P9,
    PO_BRAKU_ODPOWIEDZI,
    POZYCJE_TRZY_ZAKUPY,
    ZAMKNIECIE_I_REKOMENDACJE,
    ZAMOWIENIA_Z_PROBLEMAMI,
    eskalacja,
)
from tests.processes.people import KZ, PS, PZK, RU, ZD
from tests.processes.scenarios import POZYCJE_V2, REALIZATOR, T, do_planu_skrot, plan, plan_przyjety, przeglad


def _closed_as_plan_refused(driver) -> dict:
    assert driver.open_ids() == ["ut_zamkniecie"]
    driver.play(ZAMKNIECIE_I_REKOMENDACJE)
    assert driver.info().status == "completed"
    data = driver.data()
    assert data["wynik_sprawy"] == "odmowa_planu"
    return data


def test_plan_rejected_again_after_escalation_to_the_pzk_closes_the_case(driver):
    driver.start()
    driver.play([*do_planu_skrot(), *ODRZUCENIA_DO_ESKALACJI])
    escalation = driver.find(PZK, "ut_eskalacja_pzk")  # the second rejection goes to the PZK meeting
    assert driver.open() == [escalation]

    driver.play(
        [
            eskalacja("ponowna_proba"),
            T("ut_plan", ZD, plan(POZYCJE_V2, zmiany="P6: spotkania motywacyjne")),
            T("ut_przeglad_rodziny", PS, przeglad("zmiany", "2025-04-10", "Rodzina nadal nie akceptuje planu.")),
        ]
    )

    data = _closed_as_plan_refused(driver)
    assert (data["powod_zamkniecia"], data["wersja_planu"]) == ("brak_akceptacji_ipw", 3)


def test_pzk_may_close_the_case_after_the_second_rejection(driver):
    driver.start()
    driver.play([*do_planu_skrot(), *ODRZUCENIA_DO_ESKALACJI, eskalacja("zamkniecie")])

    assert _closed_as_plan_refused(driver)["powod_zamkniecia"] == "brak_akceptacji_ipw"


def test_family_refusing_the_plan_outright_closes_the_case(driver):
    driver.start()
    driver.play(
        [*do_planu_skrot(), T("ut_plan", ZD, plan(POZYCJE_V2)), T("ut_przeglad_rodziny", PS, przeglad("odmowa"))]
    )

    assert _closed_as_plan_refused(driver)["powod_zamkniecia"] == "odmowa_rodziny"


def test_declined_or_unanswered_orders_are_placed_again_and_dates_shift(driver, clock):
    driver.start()
    driver.play([*do_planu_skrot(), *plan_przyjety(POZYCJE_TRZY_ZAKUPY), *ZAMOWIENIA_Z_PROBLEMAMI])
    unanswered = driver.find(RU, "ut_odpowiedz_realizatora", P9)
    assert unanswered.due_at == clock.now() + timedelta(days=7)

    assert driver.wait(8).fired == 1
    assert driver.engine.tasks.get(driver.people.supervisor, unanswered.id).task.status == "cancelled"
    assert driver.find(KZ, "ut_zamowienie", P9)  # the coordinator orders P9 again
    fired = [e.detail["timer"] for e in driver.history() if e.kind == "timer_fired"]
    assert fired[-1] == "Brak odpowiedzi 7 dni"

    driver.play(PO_BRAKU_ODPOWIEDZI)  # P9 accepted by another provider; no money for P8
    delivery = Counter(t.role for t in driver.open() if t.bpmn_id == "ut_potwierdzenie_realizacji")
    assert delivery == Counter({RU: 2, PS: 1, "PCPR": 1, "Ochrona zdrowia": 1, "PUP": 1, "GKRPA": 1, "NGO": 1})
    p1 = driver.instance_data(driver.find(RU, "ut_potwierdzenie_realizacji", {"pozycja.id": "P1"}))["pozycja"]
    assert (p1["data_od"], p1["data_do"]) == ("2025-05-01", "2026-01-31")  # the second order's dates
    assert (p1["zamowienie"]["realizator"], p1["zamowienie"]["proby"]) == (REALIZATOR, 2)
    p9 = driver.instance_data(driver.find(RU, "ut_potwierdzenie_realizacji", {"pozycja.id": "P9"}))["pozycja"]
    assert (p9["zamowienie"]["realizator"], p9["zamowienie"]["proby"]) == (REALIZATOR, 2)
