"""An anonymised case still opens for supervisors and partners; its data and documents are gone."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import ADMIN
from tests.processes.people import PS
from tests.processes.scenarios import NOMINACJA

TEN_YEARS = timedelta(days=3650)


def test_pages_of_an_anonymised_case(browser, engine, people, clock, case_driver):
    case = case_driver.start(title="Rodzina Nowakowskich")
    case_driver.do(PS, "ut_nominacja", NOMINACJA)
    engine.runtime.terminate(people.supervisor, case.id, "Rodzina wyprowadziła się")
    clock.advance(TEN_YEARS + timedelta(days=1))
    assert [c.case_id for c in engine.retention.run(ADMIN, TEN_YEARS).cases] == [case.id]

    anonymized = engine.history.events(people.supervisor, case.id)[-1]
    assert anonymized.kind == "anonymized" and anonymized.detail["outcome"]["wynik_sprawy"] == "w_toku"
    supervisor = browser(actor=people.supervisor)
    page = supervisor.get(f"/nadzor/sprawy/{case.id}").get_data(as_text=True)
    assert "Sprawa zanonimizowana" in page and "Nowakowsk" not in page
    listing = supervisor.get("/nadzor/sprawy").get_data(as_text=True)
    assert "Sprawa zanonimizowana" in listing and "Rodzina Nowakowskich" not in listing
    worker = browser(PS)
    page = worker.get(f"/sprawy/{case.id}").get_data(as_text=True)
    assert "Sprawa zanonimizowana" in page and "Nowakowsk" not in page
    response = worker.get(f"/sprawy/{case.id}/ipw.pdf")
    assert response.status_code == 404
    assert "usunięto po upływie okresu przechowywania" in response.get_data(as_text=True)
