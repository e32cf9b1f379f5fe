"""The analyst's walk of issue 12: change the family process in the browser, deploy it, and see that a new
case runs the new version while a case started before stays on its own."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import click_button, expect_flash, heading, login, logout
from tests.browser.test_analyst import open_editor, save

RODZINA = "processes/kooperacja_rodzina.bpmn"
OLD_NAME = "Zgłoszenie rodziny do pracy Modelem"
NEW_NAME = "Zgłoszenie rodziny do Modelu Kooperacji"
FORM = "notatka_monitoringu.schema.json"
VISIBILITY = "processes/widocznosc.json"

RENAME = """([id, name]) => {
  const modeler = window.kooperacjaEditor.editor;
  modeler.get("modeling").updateLabel(modeler.get("elementRegistry").get(id), name);
}"""
# Dragging a task across a lane border: bpmn-js moves it into the lane whose bounds it lands in.
MOVE_TO_LANE = """([id, laneId]) => {
  const modeler = window.kooperacjaEditor.editor;
  const registry = modeler.get("elementRegistry");
  const task = registry.get(id);
  const lane = registry.get(laneId);
  modeler.get("modeling").moveElements([task], { x: 0, y: lane.y + lane.height - 200 - task.y });
  return registry.filter((e) => e.type === "bpmn:Lane" && (e.businessObject.flowNodeRef || []).some((n) => n.id === id))
    .map((e) => e.id);
}"""
ADD_USER_TASK = """([laneId, name]) => {
  const modeler = window.kooperacjaEditor.editor;
  const registry = modeler.get("elementRegistry");
  const lane = registry.get(laneId);
  const participant = registry.filter((e) => e.type === "bpmn:Participant")[0];
  const shape = modeler.get("elementFactory").createShape({ type: "bpmn:UserTask" });
  const where = { x: lane.x + 250, y: lane.y + lane.height - 100 };
  const created = modeler.get("modeling").createShape(shape, where, participant);
  modeler.get("modeling").updateProperties(created, { id: "ut_rozmowa_wstepna" });
  modeler.get("modeling").updateLabel(created, name);
  return created.id;
}"""
# Put the new task on the flow from the nomination to what follows it.
INSERT_AFTER = """([id, flowId]) => {
  const modeler = window.kooperacjaEditor.editor;
  const registry = modeler.get("elementRegistry");
  const task = registry.get(id);
  const flow = registry.get(flowId);
  const next = flow.target;
  modeler.get("modeling").reconnectEnd(flow, task, { x: task.x, y: task.y + task.height / 2 });
  modeler.get("modeling").connect(task, next);
}"""


def add_to_section(page: Page, task_id: str, section: str) -> None:
    """Show the new task in a section of the case file: the visibility table saved as a draft the way the
    editors save (the library has no editor of its own for this table yet)."""
    table = page.request.get(f"/procesy/plik/{VISIBILITY}").text()
    [entry] = [s for s in json.loads(table)["sekcje"] if s["id"] == section]
    listed = json.dumps(entry["zadania"], ensure_ascii=False)
    line = f'"id": "{section}", "tytul": "{entry["tytul"]}", "zadania": '
    assert line + listed in table
    body = table.replace(line + listed, line + json.dumps([*entry["zadania"], task_id], ensure_ascii=False)).encode()
    token = page.locator("#model-editor").get_attribute("data-csrf")
    assert page.request.post(f"/procesy/plik/{VISIBILITY}", data=body, headers={"X-CSRF-Token": token}).ok


def test_the_analyst_changes_the_family_process_and_new_cases_run_the_new_version(
    page: Page, shot, csp_violations, demo
):
    login(page, "analityk", PASSWORD)
    open_editor(page, RODZINA)
    page.evaluate(RENAME, ["ut_nominacja", NEW_NAME])
    assert page.evaluate(MOVE_TO_LANE, ["ut_kwalifikacja", "Lane_PS"]) == ["Lane_PS"]
    task_id = page.evaluate(ADD_USER_TASK, ["Lane_PS", "Rozmowa wstępna z rodziną"])
    answer = save(page)
    messages = {p["message"] for p in answer["problems"] if p["element_id"] == task_id}
    assert task_id == "ut_rozmowa_wstepna"
    assert messages == {
        "Zadanie użytkownika nie ma formularza.",
        "Element jest nieosiągalny: nie prowadzi do niego żaden przepływ.",
        "Zadanie „ut_rozmowa_wstepna” nie należy do żadnej sekcji teczki sprawy.",
    }, answer["problems"]
    expect(page.locator(f'.djs-element[data-element-id="{task_id}"]')).to_have_class(re.compile("model-problem"))
    expect(page.locator("#model-status")).to_contain_text(f"Problemy w modelu: {answer['count']}")
    shot("problem-marked")

    page.locator(f'.djs-element[data-element-id="{task_id}"]').click()
    panel = page.get_by_role("complementary", name="Właściwości")
    panel.get_by_label("Formularz").select_option(FORM)
    panel.get_by_role("button", name="Zastosuj").click()
    page.evaluate(INSERT_AFTER, [task_id, "f_ut_nominacja__st_przygotowanie"])
    add_to_section(page, task_id, "zgloszenie")
    assert save(page)["problems"] == []
    expect(page.locator(".model-problem")).to_have_count(0)
    shot("fixed")

    page.get_by_role("link", name="← Biblioteka procesów").click()
    page.get_by_label("Komentarz do wdrożenia (co się zmienia i dlaczego)").fill(
        "Nowa nazwa zgłoszenia, kwalifikacja u pracownika socjalnego, rozmowa wstępna z rodziną"
    )
    page.get_by_role("button", name="Wdróż wersje robocze jako nową wersję").click()
    expect_flash(page, "Wdrożono wersję 2.")
    shot("deployed")
    assert_accessible(page)

    page.get_by_role("link", name="Porównaj wersje").click()
    page.get_by_label("Od wersji").select_option("1")
    page.get_by_label("Do wersji").select_option("2")
    page.get_by_role("button", name="Porównaj").click()
    elements = page.get_by_role("table", name="Elementy diagramu, które się zmieniły")
    expect(elements.get_by_role("row", name=re.compile("^ut_kwalifikacja "))).to_contain_text(
        "przeniesiony z toru „Animator” do „Pracownik socjalny OPS”"
    )
    expect(elements.get_by_role("row", name=re.compile("^ut_nominacja "))).to_contain_text(f"{OLD_NAME} → {NEW_NAME}")
    diagrams = page.locator("[data-compare-diagrams]").first
    expect(diagrams.locator('figure[data-ready="true"]')).to_have_count(2)
    after = diagrams.locator('figure[data-side="new"]')
    expect(after.locator('.djs-element.cmp-added[data-element-id="ut_rozmowa_wstepna"]')).to_have_count(1)
    expect(diagrams.locator('figure[data-side="old"] [data-element-id="ut_rozmowa_wstepna"]')).to_have_count(0)
    elements.get_by_role("link", name="ut_kwalifikacja").click()
    expect(diagrams.locator('.djs-element.selected[data-element-id="ut_kwalifikacja"]')).to_have_count(2)
    diagrams.scroll_into_view_if_needed()
    shot("compared")
    logout(page)

    login(page, "ps.gops", PASSWORD)
    page.get_by_role("link", name="Nowa sprawa").first.click()
    page.get_by_label("Nazwa sprawy").fill("Rodzina Testowa (nowa wersja)")
    click_button(page, "Rozpocznij sprawę")
    expect(heading(page)).to_have_text(NEW_NAME)  # the new case's first task, renamed in version 2
    page.get_by_role("link", name=re.compile(r"^Rodzina Testowa \(nowa wersja\) \(")).click()
    expect(page.get_by_text(re.compile(r"\(wersja 2\)"))).to_be_visible()
    shot("new-case-on-version-2")

    before = demo.cases[0]
    page.goto(f"/sprawy/{before.case_id}")
    expect(heading(page)).to_contain_text(before.title)
    expect(page.get_by_text(re.compile(r"\(wersja 1\)"))).to_be_visible()
    shot("earlier-case-on-version-1")
    assert csp_violations == []
