"""The analyst's workspace in the browser: the library, the BPMN/DMN editors, validation, deployment."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Page, expect

from engine.services.repository import collect
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import heading, login
from tests.browser.semantics import engine_specs, semantics

REPO = Path(__file__).parents[2]
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
MODEL = {source.path: source.content for source in collect([REPO / "processes"])}
MODEL_FILES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "processes").glob("*.[bd][pm]*n"))


def open_editor(page: Page, path: str) -> None:
    page.goto(f"/procesy/edytor/{path}")
    expect(page.locator("#model-editor")).to_have_attribute("data-ready", "true")


def save(page: Page) -> dict:
    """Click save; the server's answer (every problem of the working model)."""
    with page.expect_response(re.compile(r"/procesy/plik/")) as answer:
        page.get_by_role("button", name="Zapisz wersję roboczą").click()
    return answer.value.json()


def test_the_analyst_starts_in_the_process_library(page: Page, shot, csp_violations):
    login(page, "analityk", PASSWORD)
    expect(page).to_have_url(re.compile(r"/procesy$"))
    expect(heading(page)).to_have_text("Biblioteka procesów")
    expect(page.get_by_role("link", name="kooperacja_rodzina.bpmn")).to_be_visible()
    expect(page.get_by_role("link", name="Procesy")).to_have_attribute("aria-current", "page")
    shot("library")
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.parametrize("path", MODEL_FILES)
def test_every_model_file_survives_the_editors_save_unchanged(page: Page, shot, csp_violations, path):
    login(page, "analityk", PASSWORD)
    open_editor(page, path)
    answer = save(page)
    shot("saved")
    assert answer["problems"] == []
    saved = page.request.get(f"/procesy/plik/{path}").body()
    assert saved != (REPO / path).read_bytes()  # really written by the editor, not the file sent back
    assert semantics(saved) == semantics((REPO / path).read_bytes())
    assert engine_specs({**MODEL, path: saved}) == engine_specs(MODEL)
    page.request.post(f"/procesy/plik/{path}/odrzuc", headers={"X-CSRF-Token": csrf(page)})
    assert csp_violations == []


def csrf(page: Page) -> str:
    return page.locator("#model-editor").get_attribute("data-csrf")


ADD_USER_TASK = """() => {
  const modeler = window.kooperacjaEditor.editor;
  const registry = modeler.get("elementRegistry");
  const lane = registry.filter((e) => e.type === "bpmn:Lane")[0];
  const participant = registry.filter((e) => e.type === "bpmn:Participant")[0];
  const shape = modeler.get("elementFactory").createShape({ type: "bpmn:UserTask" });
  const created = modeler.get("modeling").createShape(shape, { x: lane.x + 300, y: lane.y + 60 }, participant);
  modeler.get("modeling").updateLabel(created, "Nowe zadanie bez formularza");
  return created.id;
}"""
REMOVE = """(id) => {
  const modeler = window.kooperacjaEditor.editor;
  modeler.get("modeling").removeElements([modeler.get("elementRegistry").get(id)]);
}"""


def test_a_problem_is_marked_on_its_element_and_listed_until_fixed(page: Page, shot, csp_violations):
    path = "processes/kooperacja_rodzina.bpmn"
    login(page, "analityk", PASSWORD)
    open_editor(page, path)
    task_id = page.evaluate(ADD_USER_TASK)
    answer = save(page)
    mine = [p for p in answer["problems"] if p["element_id"] == task_id]
    assert mine, answer["problems"]
    assert {p["message"] for p in mine if p["file"] == path} >= {
        "Zadanie użytkownika nie ma formularza.",
        "Element jest nieosiągalny: nie prowadzi do niego żaden przepływ.",
    }
    assert all(re.match(rf"^{re.escape(p['file'])}:\d+: {task_id}: .+", p["text"]) for p in mine), mine
    expect(page.locator(f'.djs-element[data-element-id="{task_id}"]')).to_have_class(re.compile("model-problem"))
    problems = page.get_by_role("region", name="Problemy w modelu").or_(page.locator("#model-problems-section"))
    expect(problems.get_by_role("button", name=re.compile(f": {task_id}: "))).to_have_count(len(mine))
    expect(page.locator("#model-status")).to_contain_text(f"Problemy w modelu: {answer['count']}")
    shot("problem-marked")
    assert_accessible(page)
    problems.get_by_role("button", name=re.compile(f": {task_id}: ")).first.click()
    expect(page.locator(f'.djs-element.selected[data-element-id="{task_id}"]')).to_have_count(1)

    page.evaluate(REMOVE, task_id)
    assert save(page)["problems"] == []
    expect(page.locator(".model-problem")).to_have_count(0)
    expect(page.locator("#model-problems-section")).to_be_hidden()
    shot("fixed")
    page.request.post(f"/procesy/plik/{path}/odrzuc", headers={"X-CSRF-Token": csrf(page)})
    assert csp_violations == []


def test_the_properties_panel_edits_a_user_tasks_form_due_time_and_instructions(page: Page, shot, csp_violations):
    path = "processes/kooperacja_pzk.bpmn"
    login(page, "analityk", PASSWORD)
    open_editor(page, path)
    page.locator('.djs-element[data-element-id="ut_porozumienie"]').click()
    panel = page.get_by_role("complementary", name="Właściwości")
    expect(panel.get_by_label("Formularz")).to_have_value("porozumienie_pzk.schema.json")
    expect(panel.get_by_label("Rola (tor)")).to_be_hidden()  # a lane's field
    expect(panel.get_by_label("Termin (dueIn, wyrażenie, np. 'P30D')")).to_have_value("'P30D'")
    panel.get_by_label("Formularz").select_option("inicjowanie_pzk.schema.json")
    panel.get_by_label("Termin (dueIn, wyrażenie, np. 'P30D')").fill("'P14D'")
    panel.get_by_label("Instrukcja dla wykonującego").fill("Podpisz porozumienie w ciągu 14 dni.")
    panel.get_by_role("button", name="Zastosuj").click()
    shot("applied")
    assert_accessible(page)
    assert save(page)["problems"] == []
    task = ElementTree.fromstring(page.request.get(f"/procesy/plik/{path}").body()).find(
        f".//{BPMN}userTask[@id='ut_porozumienie']"
    )
    properties = {p.get("name"): p.get("value") for p in task.iter(f"{SPIFF}property")}
    assert properties == {
        "formJsonSchemaFilename": "inicjowanie_pzk.schema.json",
        "formUiSchemaFilename": "inicjowanie_pzk.uischema.json",
        "dueIn": "'P14D'",
        "stage": "Porozumienie",
    }
    assert task.find(f".//{SPIFF}instructionsForEndUser").text == "Podpisz porozumienie w ciągu 14 dni."
    page.request.post(f"/procesy/plik/{path}/odrzuc", headers={"X-CSRF-Token": csrf(page)})
    assert csp_violations == []


SELECT = """(id) => {
  const modeler = window.kooperacjaEditor.editor;
  modeler.get("selection").select(modeler.get("elementRegistry").get(id));
}"""


def check_code(panel, label: str, text: str | None = None):
    """Fill the code field ``label`` (if ``text``), press its "Sprawdź"; the result line."""
    code = panel.get_by_label(label, exact=True)
    if text is not None:
        code.fill(text)
    code.locator("xpath=following-sibling::button[1]").click()
    result = code.locator("xpath=following-sibling::p[1]")
    expect(result).not_to_have_text(re.compile(r"^(Sprawdzanie…)?$"))
    return result


def test_the_properties_panel_shows_and_edits_scripts_conditions_timers_messages_calls_and_loops(
    page: Page, shot, csp_violations
):
    path = "processes/kooperacja_rodzina.bpmn"
    login(page, "analityk", PASSWORD)
    open_editor(page, path)
    panel = page.get_by_role("complementary", name="Właściwości")

    page.evaluate(SELECT, "st_zgody")
    script = panel.get_by_label("Skrypt (Python w piaskownicy)", exact=True)
    expect(script).to_have_value(re.compile(r"^zgody_czlonkow = dict"))
    expect(check_code(panel, "Skrypt (Python w piaskownicy)")).to_have_text("Kod jest poprawny.")
    refused = check_code(panel, "Skrypt (Python w piaskownicy)", "import os")
    expect(refused).to_contain_text("Instrukcja import jest niedozwolona (linia 1)")

    page.evaluate(SELECT, "be_przypomnienie")
    expect(panel.get_by_label("Rodzaj timera")).to_have_value("duration")
    timer = "Wyrażenie timera (ISO 8601 w cudzysłowie, np. 'P14D')"
    expect(panel.get_by_label(timer)).to_have_value("'P10D'")
    expect(check_code(panel, timer, "'P14D'")).to_have_text(
        re.compile(r"^Kod jest poprawny\. 14 dni — \d+ \w+ 20\d\d$")
    )
    shot("timer-in-words")
    panel.get_by_role("button", name="Zastosuj").click()

    page.evaluate(SELECT, "f_gw_czy_pozycje__ca_realizacja_pozycji")
    condition = panel.get_by_label("Warunek przepływu (wyrażenie)")
    expect(condition).to_have_value("len(pozycje_aktywne) > 0")
    expect(check_code(panel, "Warunek przepływu (wyrażenie)", "len(pozycje_aktywne) >")).to_contain_text("błąd składni")
    condition.fill("len(pozycje_aktywne) >= 1")
    panel.get_by_role("button", name="Zastosuj").click()

    page.evaluate(SELECT, "ca_zamowienie")
    expect(panel.get_by_label("Wywoływany proces")).to_have_value("kooperacja_zamowienie")
    expect(panel.get_by_label("Kolekcja (zmienna z listą)")).to_have_value("pozycje_do_zamowienia")
    expect(panel.get_by_label("Zmienna elementu")).to_have_value("pozycja_do_zamowienia")
    panel.get_by_label("po kolei (nie równolegle)").check()
    panel.get_by_label("Skrypt przed zadaniem (preScript)").fill("liczba_zamowien = len(pozycje_do_zamowienia)")
    panel.get_by_role("button", name="Zastosuj").click()

    page.evaluate(SELECT, "brt_zaproszenia")
    expect(panel.get_by_label("Decyzja (tabela DMN)")).to_have_value("kooperacja_zaproszenia")

    page.evaluate(SELECT, "ice_wycofanie_czlonka")
    expect(panel.get_by_label("Wiadomość", exact=True)).to_have_value("zgoda_wycofana_czlonek")
    expect(panel.get_by_label("Zmienna na treść odebranej wiadomości")).to_have_value("wycofanie_czlonka")
    keys = panel.get_by_label("Klucze treści wiadomości (po jednym w wierszu: klucz: typ, np. data: date)")
    expect(keys).to_have_value("czlonek: string\ndata: date\npowod: string?")
    page.evaluate(SELECT, "ice_przemoc")  # its message is described in this file only
    expect(panel.get_by_label("Wiadomość", exact=True)).to_have_value("podejrzenie_przemocy")
    expect(keys).to_have_value("zglaszajacy_rola: string\ndata: date")
    keys.fill("zglaszajacy_rola: string\ndata: date\nopis: string?")
    panel.get_by_role("button", name="Zastosuj").click()

    page.evaluate(SELECT, "ut_zgoda")
    panel.get_by_label("Instytucja z danych sprawy (candidateInstitution)").fill("instytucja_prowadzaca")
    panel.get_by_role("button", name="Zastosuj").click()
    shot("applied")
    assert_accessible(page)
    problems = save(page)["problems"]
    assert [p["text"] for p in problems] == []

    saved = page.request.get(f"/procesy/plik/{path}").body()
    root = ElementTree.fromstring(saved)
    by_id = {node.get("id"): node for node in root.iter() if node.get("id")}
    assert by_id["be_przypomnienie"].find(f".//{BPMN}timeDuration").text == "'P14D'"
    flow = by_id["f_gw_czy_pozycje__ca_realizacja_pozycji"].find(f"{BPMN}conditionExpression")
    assert flow.text == "len(pozycje_aktywne) >= 1"
    loop = by_id["ca_zamowienie"].find(f"{BPMN}multiInstanceLoopCharacteristics")
    assert loop.get("isSequential") == "true"
    assert loop.find(f"{BPMN}loopDataInputRef").text == "pozycje_do_zamowienia"
    assert by_id["ca_zamowienie"].find(f".//{SPIFF}preScript").text == "liczba_zamowien = len(pozycje_do_zamowienia)"
    keys = [p.get("name") for p in by_id["Message_podejrzenie_przemocy"].iter(f"{SPIFF}property")]
    assert keys == ["zglaszajacy_rola", "data", "opis"]
    properties = {p.get("name"): p.get("value") for p in by_id["ut_zgoda"].iter(f"{SPIFF}property")}
    assert properties["candidateInstitution"] == "instytucja_prowadzaca"
    untouched = (REPO / path).read_bytes()
    assert (
        by_id["st_zgody"].find(f"{BPMN}script").text
        == ElementTree.fromstring(untouched).find(f".//{BPMN}scriptTask[@id='st_zgody']/{BPMN}script").text
    )
    page.request.post(f"/procesy/plik/{path}/odrzuc", headers={"X-CSRF-Token": csrf(page)})
    assert csp_violations == []


def test_the_form_editor_previews_with_the_workers_renderer_and_saves_a_draft(page: Page, shot, csp_violations):
    login(page, "analityk", PASSWORD)
    page.get_by_role("link", name="inicjowanie_pzk.schema.json").click()
    expect(heading(page)).to_have_text("Formularz inicjowanie_pzk")
    preview = page.get_by_role("form", name="Podgląd formularza")
    title = json.loads((REPO / "forms/inicjowanie_pzk.schema.json").read_text(encoding="utf-8"))["title"]
    expect(preview).to_contain_text(title)
    schema = page.get_by_label("Schemat JSON (forms/inicjowanie_pzk.schema.json)")
    schema.fill(schema.input_value().replace(title, "Nowy tytuł formularza", 1))
    page.get_by_role("button", name="Odśwież podgląd").click()
    expect(preview).to_contain_text("Nowy tytuł formularza")
    shot("preview")
    assert_accessible(page)
    schema.fill("{ nie json")
    page.get_by_role("button", name="Odśwież podgląd").click()
    expect(page.get_by_role("alert")).to_contain_text("błąd JSON w wierszu 1")
    schema.fill((REPO / "forms/inicjowanie_pzk.schema.json").read_text(encoding="utf-8").replace(title, "Nowy tytuł"))
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.get_by_text("Zapisano wersję roboczą formularza.")).to_be_visible()
    assert b"Nowy tytu" in page.request.get("/procesy/plik/forms/inicjowanie_pzk.schema.json").body()
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    for suffix in ("schema", "uischema"):
        page.request.post(f"/procesy/plik/forms/inicjowanie_pzk.{suffix}.json/odrzuc", headers={"X-CSRF-Token": token})
    assert csp_violations == []
