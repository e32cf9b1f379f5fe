"""Supervision at a glance: the case map page and bulk actions without JavaScript, and who may open them."""

from __future__ import annotations

import pytest

from tests.processes.people import AN, PS
from tests.processes.scenarios import NOMINACJA
from tests.web.pages.conftest import Browser
from tests.web.pages.html import text, unlabelled


@pytest.fixture
def nominated(case_driver):
    """A family case waiting for the animator's qualification."""
    case_driver.start(title="Rodzina Nowakowskich")
    case_driver.do(PS, "ut_nominacja", NOMINACJA)
    return case_driver


def test_the_case_map_lists_the_state_for_the_supervisor_and_the_animator(app, people, nominated):
    case_id = nominated.case.id
    for actor in (people.supervisor, people.user[AN]):
        page = Browser(app, actor).get(f"/nadzor/sprawy/{case_id}/mapa")
        assert page.status_code == 200
        assert "Zgłoszenie rodziny do pracy Modelem — wykonany" in " ".join(text(page).split())
        assert "Kwalifikacja rodziny do pracy Modelem — w toku" in " ".join(text(page).split())
        assert unlabelled(page) == []
    diagram = Browser(app, people.supervisor).get(f"/nadzor/sprawy/{case_id}/mapa/diagram.bpmn")
    assert diagram.mimetype == "application/xml" and b'id="kooperacja_rodzina"' in diagram.data
    assert Browser(app, people.user[PS]).get(f"/nadzor/sprawy/{case_id}/mapa").status_code == 403


def test_the_viewer_is_served_from_node_modules_and_nothing_else_is(app, people):
    client = Browser(app).client
    for path, content in (("bpmn-navigated-viewer.production.min.js", b"BpmnJS"), ("assets/bpmn-js.css", b".bjs-")):
        served = client.get(f"/vendor/bpmn-js/dist/{path}")
        assert served.status_code == 200 and content in served.data
        served.close()
    assert client.get("/vendor/bpmn-js/package.json").status_code == 404
    assert client.get("/vendor/axe-core/axe.min.js").status_code == 404


def test_bulk_suspend_without_javascript_reports_each_case(app, engine, people, nominated):
    supervisor = Browser(app, people.supervisor)
    case_id = nominated.case.id
    page = supervisor.post("/nadzor/zbiorczo", [("action", "suspend"), ("case_id", case_id), ("case_id", "nie-ma")])
    assert page.status_code == 200
    words = " ".join(text(page).split())
    assert "Wynik: zmieniono 1 z 2 spraw" in words
    assert "Nie ma sprawy nie-ma." in words
    assert engine.runtime.case(people.supervisor, case_id).status == "suspended"

    refused = supervisor.post("/nadzor/zbiorczo", [("action", "terminate"), ("case_id", case_id)])
    assert refused.status_code == 422
    assert "Podaj powód przerwania spraw" in text(refused)
    assert engine.runtime.case(people.supervisor, case_id).status == "suspended"

    batch = supervisor.post("/nadzor/zbiorczo/partia", [("action", "resume"), ("case_id", case_id)])
    assert batch.json["results"][0]["done"] is True and batch.json["results"][0]["status"] == "w toku"


def test_only_supervisors_run_bulk_actions(app, people, nominated):
    worker = Browser(app, people.user[AN])
    assert worker.get("/nadzor/zbiorczo").status_code == 403
    assert worker.post("/nadzor/zbiorczo", [("action", "suspend"), ("case_id", nominated.case.id)]).status_code == 403


def test_the_dashboards_filter_says_a_bad_date_at_its_field_and_download_their_tables(app, people, nominated):
    supervisor = Browser(app, people.supervisor)
    wrong = supervisor.get("/nadzor/wskazniki", query_string={"do": "31 grudnia"})
    assert wrong.status_code == 200 and "Podaj datę w postaci RRRR-MM-DD." in text(wrong)
    listed = supervisor.get("/nadzor/wskazniki/sprawy-miesiecznie.csv", query_string={"od": "2020-01-01"})
    assert listed.mimetype == "text/csv" and listed.get_data(as_text=True).startswith("\ufeff")
    assert supervisor.get("/nadzor/wskazniki/nie-ma-takiej.csv").status_code == 404
    assert Browser(app, people.user[PS]).get("/nadzor/wskazniki").status_code == 403
