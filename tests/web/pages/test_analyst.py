"""The analyst's pages over HTTP: who may open them, the editors' security headers, the vendor files."""

from __future__ import annotations

import io
import re
import zipfile
from uuid import uuid4

import pytest

from engine.roles import ANALYST
from tests.factories import add_person
from tests.web.pages.conftest import Browser
from web.security import CONTENT_SECURITY_POLICY

PZK = "processes/kooperacja_pzk.bpmn"
MODELER = "/vendor/bpmn-js/dist/bpmn-modeler.production.min.js"


@pytest.fixture
def analyst(app, engine, people):
    """An analyst (a new account each time: on PostgreSQL the partnership's accounts are kept between tests)."""
    actor = add_person(engine, f"a.analityk.{uuid4().hex[:8]}", people.institution_of("Animator"), ANALYST)
    yield Browser(app, actor)
    for file in engine.library.overview(actor).files:  # the drafts would outlive the test on PostgreSQL
        if file.draft is not None:
            engine.library.discard(actor, file.path)


def test_the_library_and_the_editors_open_for_the_analyst(analyst):
    page = analyst.get("/procesy")
    assert page.status_code == 200
    assert "kooperacja_rodzina.bpmn" in page.get_data(as_text=True)
    bpmn = analyst.get(f"/procesy/edytor/{PZK}")
    assert bpmn.status_code == 200
    assert bpmn.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert MODELER in bpmn.get_data(as_text=True)
    dmn = analyst.get("/procesy/edytor/processes/kooperacja_zaproszenia.dmn")
    assert "style-src 'self' 'unsafe-inline'" in dmn.headers["Content-Security-Policy"]
    assert "script-src 'self';" in dmn.headers["Content-Security-Policy"]
    assert analyst.get("/procesy/edytor/forms/inicjowanie_pzk.schema.json").status_code == 404
    assert analyst.get("/procesy/formularz/inicjowanie_pzk").status_code == 200
    assert analyst.get("/procesy/formularz/nie_ma_takiego").status_code == 404


@pytest.mark.parametrize("role", ["Pracownik socjalny OPS", "Animator"])
def test_workers_may_not_touch_the_model(browser, role):
    worker = browser(role)
    assert worker.get("/procesy").status_code == 403
    assert worker.get(f"/procesy/plik/{PZK}").status_code == 403
    assert worker.get("/procesy/formularz/inicjowanie_pzk").status_code == 403
    answer = worker.client.post(f"/procesy/plik/{PZK}", data=b"<x/>", headers={"X-CSRF-Token": worker.csrf_token()})
    assert answer.status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(browser):
    assert browser().get("/procesy").status_code == 302


def test_saving_needs_the_csrf_token_and_answers_with_the_problems(analyst):
    content = analyst.get(f"/procesy/plik/{PZK}").data
    assert analyst.client.post(f"/procesy/plik/{PZK}", data=content).status_code == 400
    broken = content.replace(b'value="inicjowanie_pzk.schema.json"', b'value="brak.schema.json"')
    answer = analyst.client.post(f"/procesy/plik/{PZK}", data=broken, headers={"X-CSRF-Token": analyst.csrf_token()})
    assert answer.status_code == 200
    lines = [p["text"] for p in answer.json["problems"] if p["element_id"] == "ut_inicjowanie_pzk"]
    assert lines and all(line.startswith(f"{PZK}:") for line in lines)
    assert analyst.get(f"/procesy/plik/{PZK}").data == broken


def test_a_zip_imports_as_drafts(analyst, engine):
    newest = engine.repository.versions()[0].number  # on PostgreSQL earlier tests' versions stay
    exported = analyst.get(f"/procesy/wersje/{newest}.zip")
    assert exported.headers["Content-Type"] == "application/zip"
    edited = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(exported.data)) as source, zipfile.ZipFile(edited, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b"Zorganizuj", b"Przygotuj") if name.endswith(PZK) else data)
    answer = analyst.post("/procesy/import", {"archive": (io.BytesIO(edited.getvalue()), "model.zip")})
    assert answer.status_code == 302
    assert b"Przygotuj spotkanie" in analyst.get(f"/procesy/plik/{PZK}").data


def status_of(client: Browser, path: str) -> tuple[int, str | None]:
    """The status and Cache-Control of ``path``, the response closed (it streams a file)."""
    response = client.get(path)
    response.close()
    return response.status_code, response.headers.get("Cache-Control")


def test_only_the_browser_builds_are_served_from_node_modules(browser):
    anyone = browser()
    assert status_of(anyone, MODELER) == (200, "public, max-age=86400")
    for path in (
        "/vendor/bpmn-js/dist/bpmn-navigated-viewer.production.min.js",
        "/vendor/dmn-js/dist/assets/dmn-js-drd.css",
        "/vendor/bpmn-js/dist/assets/bpmn-font/font/bpmn.woff2",
    ):
        assert status_of(anyone, path)[0] == 200, path
    for path in (
        "/vendor/bpmn-js/package.json",
        "/vendor/bpmn-js/dist/bpmn-modeler.development.js",
        "/vendor/axe-core/axe.min.js",
        "/vendor/bpmn-js/dist/../package.json",
    ):
        assert status_of(anyone, path)[0] == 404, path


def test_the_form_editor_fills_the_preview_with_sample_data_and_lists_its_problems(analyst):
    page = analyst.get("/procesy/formularz/inicjowanie_pzk").get_data(as_text=True)
    assert 'name="sample"' in page and "Przykładowe dane spełniają schemat." in page
    schema = analyst.get("/procesy/plik/forms/inicjowanie_pzk.schema.json").get_data(as_text=True)
    uischema = analyst.get("/procesy/plik/forms/inicjowanie_pzk.uischema.json").get_data(as_text=True)
    sample = '{"gmina": "", "wariant": "duzy", "nieznane": 1}'
    answer = analyst.post(
        "/procesy/formularz/inicjowanie_pzk",
        {"schema": schema, "uischema": uischema, "sample": sample, "action": "preview"},
    ).get_data(as_text=True)
    assert "Przykładowe dane nie spełniają schematu" in answer
    assert "<strong>Gmina</strong>:" in answer and "<strong>Wariant modelu</strong>:" in answer
    assert "Formularz nie przewiduje tego pola." in answer
    assert "{&#34;gmina&#34;: &#34;&#34;, &#34;wariant&#34;: &#34;duzy&#34;" in answer  # kept as written
    broken = analyst.post(
        "/procesy/formularz/inicjowanie_pzk",
        {"schema": schema, "uischema": uischema, "sample": "[1]", "action": "preview"},
    ).get_data(as_text=True)
    assert "Przykładowe dane muszą być obiektem JSON." in broken


def test_code_is_checked_in_the_sandbox_and_a_timer_said_in_words(analyst, browser):
    def check(client, kind, source):
        headers = {"X-CSRF-Token": client.csrf_token()}
        return client.client.post("/procesy/kod/sprawdz", json={"kind": kind, "source": source}, headers=headers)

    refused = check(analyst, "script", "import os").json
    assert refused["ok"] is False and "Instrukcja import jest niedozwolona" in refused["message"]
    timer = check(analyst, "duration", "'P14D'").json
    assert timer["ok"] is True and re.fullmatch(r"14 dni — \d{1,2} \w+ \d{4}", timer["words"])
    cycle = check(analyst, "cycle", "'R2/P1M'").json
    assert cycle["words"].startswith("2 razy co 1 miesiąc, pierwszy raz ")
    assert check(browser("Pracownik socjalny OPS"), "script", "x = 1").status_code == 403
