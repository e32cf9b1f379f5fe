"""The Nowakowski family (domain brief, section 10) through the engine API, as the partnership's users work it.

Every task step of a scenario checks that the task goes to the expected role, that it is in the
queue (or inbox) of the user of the institution playing that role, and that nobody else sees it.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from engine.errors import NotFound
from tests.processes.driver import path
from tests.processes.paths import NOWAKOWSCY
from tests.processes.people import AN, PS, ZD
from tests.processes.scenarios import (
    KWALIFIKACJA_TAK,
    NOMINACJA,
    REALIZATOR,
    ROLE_NOWAKOWSCY,
    WARSZTAT,
    ZAPROSZENIE_BEZ_ZMIAN,
    T,
    do_diagnozy,
)


def test_nowakowski_family_from_nomination_to_closure(long_driver):
    """The longest scenario: roundtrip on SQLite, live on PostgreSQL (see conftest)."""
    driver = long_driver
    driver.start(title="Rodzina Nowakowskich")
    driver.play(NOWAKOWSCY)

    assert driver.info().status == "completed"
    data = driver.data()
    assert {key: data[key] for key in ("wynik_sprawy", "powod_zamkniecia", "nazwa_zespolu", "typ_planu")} == {
        "wynik_sprawy": "zakonczona_sukcesem",
        "powod_zamkniecia": "ipw_zrealizowany",
        "nazwa_zespolu": "Zespół Diagnostyczny",
        "typ_planu": "IPW",
    }
    assert [(d["rola"], d["status"]) for d in data["diagnozy_sektorowe"]] == [(r, "zlozona") for r in ROLE_NOWAKOWSCY]
    assert data["wersja_planu"] == 3 and data["kontrakty"][0]["czlonek"] == "marek"
    assert {p["id"]: p["status"] for p in data["pozycje_planu"]} == {f"P{n}": "zrealizowana" for n in range(1, 13)}
    assert path(data, "pozycje_planu[P1].jednostki_zrealizowane") == 24 + 16  # both periods add up
    assert path(data, "pozycje_planu[P12].zamowienie.realizator") == REALIZATOR
    assert len(data["notatki_monitoringu"]) == 6 + 3

    events = driver.history()
    done_by = Counter(driver.people.role_of[e.actor_id] for e in events if e.kind == "completed" and e.actor_id)
    assert done_by == Counter(step["role"] for step in NOWAKOWSCY if step["step"] == "task")
    assert [e.detail["message"] for e in events if e.kind == "message_received"] == ["podejrzenie_przemocy"]
    with pytest.raises(NotFound):
        driver.engine.tasks.of_case(driver.people.outsider, driver.case.id)


def test_nomination_waits_in_the_inbox_of_the_social_worker_who_started_the_case(driver):
    case = driver.start()
    social_worker = driver.people.user[PS]

    [task] = driver.engine.tasks.inbox(social_worker)
    assert (task.bpmn_id, task.role, task.assignee_id) == ("ut_nominacja", PS, social_worker.user_id)
    assert driver.seen_by(task) == {PS}
    with pytest.raises(NotFound):
        driver.engine.runtime.case(driver.people.outsider, case.id)


def test_animator_qualifies_then_each_adult_gives_a_consent_statement(driver, clock):
    driver.start()
    driver.do(PS, "ut_nominacja", NOMINACJA)
    qualification = driver.find(AN, "ut_kwalifikacja")
    assert qualification.due_at == clock.now() + timedelta(days=7)

    driver.do(AN, "ut_kwalifikacja", KWALIFIKACJA_TAK)

    consents = [t for t in driver.open() if t.bpmn_id == "ut_zgoda"]
    assert [t.role for t in consents] == [PS] * 3
    assert driver.data()["pelnoletni_czlonkowie"] == ["marek", "anna", "janina"]  # not Kacper (11), Zuzia (7)
    assert {driver.instance_data(t)["czlonek_do_zgody"] for t in consents} == {"marek", "anna", "janina"}


def test_each_invited_institution_gets_its_own_sectoral_diagnosis(driver):
    driver.start()
    driver.play(do_diagnozy())
    assert driver.data()["role_proponowane"] == ROLE_NOWAKOWSCY  # DMN: the family's problems, PCPR as partner

    invitation = dict(ZAPROSZENIE_BEZ_ZMIAN, role_dodatkowe=["Policja"], role_pominiete=["GKRPA"])
    driver.play([T("ut_zaproszenie", AN, invitation), T("ut_warsztat", ZD, WARSZTAT)])

    invited = ["PCPR", "Ochrona zdrowia", "PPP", "Szkoła", "PUP", "Policja"]
    diagnoses = {t.role: t for t in driver.open() if t.bpmn_id == "ut_diagnoza_sektorowa"}
    assert sorted(diagnoses) == sorted(invited)
    assert {role: driver.seen_by(task) for role, task in diagnoses.items()} == {role: {role} for role in invited}
    assert driver.open_tasks(driver.people.user["GKRPA"]) == []


def test_violence_report_and_crises_open_tasks_while_the_work_goes_on(driver):
    driver.start()
    driver.play(do_diagnozy())  # the family consented: the listeners are on

    # the school is not in the case yet: it tells the social worker, who reports it
    with pytest.raises(NotFound):
        driver.send("podejrzenie_przemocy", {"zglaszajacy_rola": "Szkoła", "data": "2025-02-12"}, sender="Szkoła")
    driver.send("podejrzenie_przemocy", {"zglaszajacy_rola": "Szkoła", "data": "2025-02-12"})
    driver.send("kryzys", {"zglaszajacy_rola": PS, "data": "2025-02-13"})
    driver.send("kryzys", {"zglaszajacy_rola": PS, "data": "2025-02-20"})  # repeatable

    assert driver.open_ids() == sorted(
        ["ut_zaproszenie", "ut_skierowanie_zi", "ut_interwencja_oik", "ut_interwencja_oik"]
    )
    referral = driver.find(PS, "ut_skierowanie_zi")
    assert driver.seen_by(referral) == {PS}  # the social worker refers; the ZI sees no task of the case
    assert [t.role for t in driver.open() if t.bpmn_id == "ut_interwencja_oik"] == ["OIK", "OIK"]
    assert driver.find(AN, "ut_zaproszenie")  # the diagnosis goes on
