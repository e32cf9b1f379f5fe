"""The process overview counts the demo's open cases where they wait, from the query tables; overdue
once the deadlines pass; a number's cases are exactly those waiting there. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from engine import Engine
from engine.demo import seed
from engine.dto import Actor
from engine.errors import NotAllowed, NotFound

PROCESSES = Path(__file__).parents[2] / "processes"


@pytest.fixture
def demo(database_url, clock):
    engine = Engine.from_url(database_url, clock=clock)
    report = seed(engine, "haslo-przegladu-1234", PROCESSES)
    users = {login.login: Actor(login.user_id) for login in report.logins}
    cases = {case.business_key: case.case_id for case in report.cases}
    yield engine, users, cases
    engine.close()


def test_open_cases_per_element_of_the_family_process(demo, clock):
    engine, users, cases = demo
    versions = engine.overview.versions(users["superwizor"])
    assert [(v.process_id, v.version, v.open_cases) for v in versions] == [
        ("kooperacja_grupa", 1, 0),  # the seniors' project, closed
        ("kooperacja_pzk", 1, 0),  # the PZK set up
        ("kooperacja_rodzina", 1, 6),
    ]
    version = versions[-1]

    shown = engine.overview.heat_map(users["superwizor"], version.definition_id)
    rows = {row.element_id: (row.kind, row.waiting, row.overdue) for row in shown.rows}
    assert rows["ut_kwalifikacja"] == ("task", 1, 0)  # Kowalczykowie
    assert rows["ut_zgoda"] == ("task", 1, 0)  # Wiśniewscy
    assert rows["ut_diagnoza_sektorowa"] == ("task", 1, 0)  # four diagnoses, one case: Pawlakowie
    assert rows["ut_zatwierdzenie_pzk"] == ("task", 1, 0)  # Krawczykowie
    assert rows["ice_kryzys"] == ("message", 4, 0)  # every family past its consent listens
    assert "ut_odpowiedz_realizatora" not in rows  # drawn in the called ordering process, not here
    assert [name for _, name in shown.diagrams] == [
        "Praca Modelem z rodziną",
        "Zamówienie usługi z koszyka",
        "Realizacja pozycji planu",
    ]
    ordering = engine.overview.heat_map(users["superwizor"], version.definition_id, "kooperacja_zamowienie")
    assert {row.element_id: row.waiting for row in ordering.rows} == {
        "ut_odpowiedz_realizatora": 1,
        "ut_sprawdzenie_budzetu": 1,
        "be_brak_odpowiedzi": 1,
        "be_wyc_budzet": 1,  # a withdrawal of consent is awaited on the open tasks only,
        "be_wyc_odpowiedz": 1,  # not by every family that listens for one
    }
    at_tasks = {row.element_id: row.at_task for row in ordering.rows if row.at_task}
    assert at_tasks == {  # both are named "Wycofanie zgody członka": the task tells them apart
        "be_wyc_budzet": "Sprawdzenie środków na zakup",
        "be_wyc_odpowiedz": "Odpowiedź realizatora na zamówienie",
    }

    clock.advance(timedelta(days=8))  # past the qualification's 7 days and the order's 7-day reply timer
    late = {
        row.element_id: row.overdue for row in engine.overview.heat_map(users["superwizor"], version.definition_id).rows
    }
    assert late["ut_kwalifikacja"] == 1 and late["ice_kryzys"] == 0
    waiting = engine.overview.cases_at(users["superwizor"], version.definition_id, "ut_kwalifikacja", overdue=True)
    assert (waiting.name, waiting.case_ids) == ("Kwalifikacja rodziny do pracy Modelem", {cases["KOOP/2026/0001"]})
    listening = engine.overview.cases_at(users["superwizor"], version.definition_id, "ice_kryzys")
    assert listening.case_ids == {cases[f"KOOP/2026/000{n}"] for n in (3, 4, 5, 6)}
    at_the_order = engine.overview.cases_at(users["superwizor"], version.definition_id, "be_wyc_odpowiedz")
    assert at_the_order.case_ids == {cases["KOOP/2026/0005"]}  # the Jabłońskis' order waits for the provider


def test_only_supervisors_see_the_overview(demo):
    engine, users, cases = demo
    with pytest.raises(NotAllowed):
        engine.overview.versions(users["animator.gops"])
    version = next(v for v in engine.overview.versions(users["superwizor"]) if v.process_id == "kooperacja_rodzina")
    with pytest.raises(NotFound):
        engine.overview.heat_map(users["superwizor"], version.definition_id, "kooperacja_pzk")
