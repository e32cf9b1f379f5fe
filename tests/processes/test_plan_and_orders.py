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
from tests.processes.scenarios import (
    POZYCJE_V2,
    REALIZATOR,
    T,
    budzet,
    do_planu_skrot,
    plan,
    plan_przyjety,
    przeglad,
    zamowienie,
    zamowienie_kroki,
)


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


def test_a_member_withdrawing_during_ordering_cancels_only_the_order_of_their_item(driver):
    """P1 (Kacper) waits for the provider's answer, P9 (Anna) for the order, P8 (Janina) for the budget check.
    Janina withdraws: her budget check goes, the other two tasks are given back. Then Kacper: the provider
    no longer has his order; Anna's item is ordered and delivered."""
    driver.start()
    driver.play([*do_planu_skrot(), *plan_przyjety(POZYCJE_TRZY_ZAKUPY)])
    driver.play([budzet("P1"), zamowienie("P1", REALIZATOR, "ZAM/P1", "2025-04-01", 1000, "2025-04-01", "2025-12-31")])
    driver.play([budzet("P9", 750)])
    answer_p1 = driver.find(RU, "ut_odpowiedz_realizatora", {"pozycja_do_zamowienia.id": "P1"})
    budget_p8 = driver.find(KZ, "ut_sprawdzenie_budzetu", {"pozycja_do_zamowienia.id": "P8"})

    driver.send("zgoda_wycofana_czlonek", {"czlonek": "janina", "data": "2025-04-02", "powod": "rezygnacja"})

    assert driver.engine.tasks.get(driver.people.supervisor, budget_p8.id).task.status == "cancelled"
    ordering = sorted(t.bpmn_id for t in driver.open() if t.bpmn_id != "ut_anulowanie_uslug")
    assert ordering == ["ut_odpowiedz_realizatora", "ut_zamowienie"]  # P1's answer and P9's order go on
    assert driver.find(RU, "ut_odpowiedz_realizatora", {"pozycja_do_zamowienia.id": "P1"}).id != answer_p1.id

    driver.send("zgoda_wycofana_czlonek", {"czlonek": "kacper", "data": "2025-04-03", "powod": "rezygnacja"})

    assert all(t.bpmn_id != "ut_odpowiedz_realizatora" for t in driver.open())  # the provider's order is gone
    driver.play(zamowienie_kroki("P9", kwota=750)[1:])
    statuses = {p["id"]: p["status"] for p in driver.data()["pozycje_planu"]}
    assert {pid: statuses[pid] for pid in ("P1", "P8", "P9")} == {
        "P1": "anulowana",
        "P8": "anulowana",
        "P9": "zamowiona",
    }
    delivery = [
        driver.instance_data(t)["pozycja"]["id"] for t in driver.open() if t.bpmn_id == "ut_potwierdzenie_realizacji"
    ]
    assert "P9" in delivery and not {"P1", "P3", "P8", "P11"} & set(delivery)  # Kacper's and Janina's items stop
