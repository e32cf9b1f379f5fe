"""Practice runs over HTTP: started from the library, walked task by task, the clock moved, a message delivered."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from sqlalchemy import func, select

from engine.db.models import AuditEntry, HumanTask, Job, ProcessInstance
from engine.roles import ANALYST
from tests.engine import practice_sample as sample
from tests.factories import add_person
from tests.web.pages.conftest import Browser
from tests.web.pages.html import text
from web import create_app

RUN = re.compile(r"/procesy/proby/([0-9a-f]{16})$")


@pytest.fixture
def app(engine, people, tmp_path):
    return create_app({"TESTING": True, "ENGINE": engine, "SECRET_KEY": "test-secret", "PRACTICE_DIR": tmp_path})


@pytest.fixture
def analyst(app, engine, people):
    actor = add_person(engine, f"a.analityk.{uuid4().hex[:8]}", people.institution_of("Animator"), ANALYST)
    for source in sample.files():
        engine.library.save(actor, source.path, source.content)
    table = "processes/widocznosc.json"
    engine.library.save(actor, table, sample.table_with_sample(engine.library.open(actor, table).content))
    yield Browser(app, actor)
    for file in engine.library.overview(actor).files:  # the drafts would outlive the test on PostgreSQL
        if file.draft is not None:
            engine.library.discard(actor, file.path)


def real_rows(engine) -> tuple[int, ...]:
    with engine.context.transaction(write=False) as session:
        return tuple(
            session.execute(select(func.count()).select_from(model)).scalar()
            for model in (ProcessInstance, HumanTask, AuditEntry, Job)
        )


def started(analyst: Browser) -> str:
    answer = analyst.post("/procesy/proby", {"path": sample.PATH})
    assert answer.status_code == 302
    return RUN.search(answer.headers["Location"]).group(1)


def test_the_analyst_walks_a_draft_through_a_practice_run(analyst, engine):
    assert 'value="processes/proba.bpmn"' in analyst.get("/procesy").get_data(as_text=True)
    before = real_rows(engine)
    run_id = started(analyst)
    page = analyst.get(f"/procesy/proby/{run_id}")
    assert "Katarzyna Mazur, GOPS w Świlczy" in text(page)
    [task_id] = re.findall(rf"/procesy/proby/{run_id}/zadania/([\w-]+)", page.get_data(as_text=True))

    form = analyst.get(f"/procesy/proby/{run_id}/zadania/{task_id}")
    assert 'id="f-uwagi"' in form.get_data(as_text=True)
    done = analyst.post(f"/procesy/proby/{run_id}/zadania/{task_id}", {"uwagi": "wizyta", "_action": "complete"})
    assert done.status_code == 302

    analyst.post(f"/procesy/proby/{run_id}/czas", {"next": "1"})
    page = text(analyst.get(f"/procesy/proby/{run_id}"))
    assert "Upłynął 1 termin." in page and "upłynęły terminy: czekaj — wyznaczony na" in page
    assert '"uwagi": "wizyta"' in page

    assert "Klucze treści: ocena: liczba całkowita, wymagany" in page and '"ocena": 0' in page
    analyst.post(f"/procesy/proby/{run_id}/wiadomosc", {"message": "raport", "payload": '{"ocena": "dobra"}'})
    assert "oczekiwano: liczba całkowita" in text(analyst.get(f"/procesy/proby/{run_id}"))
    analyst.post(f"/procesy/proby/{run_id}/wiadomosc", {"message": "raport", "payload": '{"ocena": 4}'})
    page = text(analyst.get(f"/procesy/proby/{run_id}"))
    assert "Doręczono wiadomość „raport”." in page and "ut_ocena" in page

    assert real_rows(engine) == before
    ended = analyst.post(f"/procesy/proby/{run_id}/zakoncz")
    assert ended.status_code == 302
    assert analyst.get(f"/procesy/proby/{run_id}").status_code == 404


def test_restarting_begins_a_new_run_and_drops_the_old_one(analyst):
    run_id = started(analyst)
    answer = analyst.post(f"/procesy/proby/{run_id}/od-nowa")
    new_id = RUN.search(answer.headers["Location"]).group(1)
    assert new_id != run_id
    assert analyst.get(f"/procesy/proby/{run_id}").status_code == 404
    assert "ut_dane" in text(analyst.get(f"/procesy/proby/{new_id}"))
    assert f"/procesy/proby/{new_id}" in analyst.get("/procesy").get_data(as_text=True)


def test_only_the_analyst_who_started_a_run_reaches_it(analyst, browser, engine, people, app):
    run_id = started(analyst)
    assert browser("Pracownik socjalny OPS").get(f"/procesy/proby/{run_id}").status_code == 403
    assert browser("Pracownik socjalny OPS").post("/procesy/proby", {"path": sample.PATH}).status_code == 403
    other = add_person(engine, f"b.analityk.{uuid4().hex[:8]}", people.institution_of("Animator"), ANALYST)
    assert Browser(app, other).get(f"/procesy/proby/{run_id}").status_code == 404
    assert Browser(app, other).post(f"/procesy/proby/{run_id}/zakoncz").status_code == 404


def test_a_draft_that_does_not_deploy_sends_the_analyst_back_with_its_problems(analyst):
    broken = sample.diagram().replace(b'value="proba.schema.json"', b'value="brak.schema.json"')
    saved = analyst.client.post(
        f"/procesy/plik/{sample.PATH}", data=broken, headers={"X-CSRF-Token": analyst.csrf_token()}
    )
    assert saved.status_code == 200
    answer = analyst.post("/procesy/proby", {"path": sample.PATH})
    assert answer.headers["Location"].endswith("/procesy#practice")
    page = text(analyst.get("/procesy"))
    assert "Nie można rozpocząć próby: model ma 2 problemów." in page and "brak.schema.json" in page
    missing = analyst.post("/procesy/proby", {"path": "processes/nie_ma.bpmn"})
    assert missing.headers["Location"].endswith("/procesy#practice")
    assert "W modelu nie ma diagramu processes/nie_ma.bpmn." in text(analyst.get("/procesy"))


def test_the_diagram_editor_offers_to_practise_the_saved_draft(analyst):
    editor = analyst.get(f"/procesy/edytor/{sample.PATH}").get_data(as_text=True)
    assert 'action="/procesy/proby"' in editor and f'name="path" value="{sample.PATH}"' in editor
    decisions = analyst.get("/procesy/edytor/processes/kooperacja_zaproszenia.dmn").get_data(as_text=True)
    assert 'action="/procesy/proby"' not in decisions
