"""Moving running cases to a new version in the browser: deploy a renamed task, preview the cases
(which may move, why the others may not, what changes), move them with progress, and the case's
history shows the move to the supervisor."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import expect_flash, heading, login, logout

FAMILY = "processes/kooperacja_rodzina.bpmn"
OLD, NEW = 'name="Zatwierdzenie planu przez PZK"', 'name="Zatwierdzenie planu przez zespół PZK"'
REASON = "Zadanie „Zatwierdzenie planu przez PZK” zostało już wykonane, a w wersji 2 je zmieniono"


def test_preview_move_and_the_history_shows_the_move(page: Page, shot, demo, csp_violations):
    login(page, "analityk", PASSWORD)
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    content = page.request.get(f"/procesy/plik/{FAMILY}").text()
    assert OLD in content
    saved = page.request.post(
        f"/procesy/plik/{FAMILY}", data=content.replace(OLD, NEW).encode(), headers={"X-CSRF-Token": token}
    )
    assert saved.ok
    page.reload()
    page.get_by_label("Komentarz do wdrożenia (co się zmienia i dlaczego)").fill("Plan zatwierdza zespół PZK")
    page.get_by_role("button", name="Wdróż wersje robocze jako nową wersję").click()
    expect_flash(page, "Wdrożono wersję 2.")

    page.get_by_role("link", name="Migracja spraw: przenieś trwające sprawy na inną wersję").click()
    expect(heading(page)).to_have_text("Migracja spraw")
    page.get_by_label("Proces").select_option("kooperacja_rodzina")
    page.get_by_label("Wersja docelowa").select_option("2")
    page.get_by_role("button", name="Pokaż sprawy").click()
    movable = page.locator("#migration-cases tbody tr")
    blocked = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Dlaczego nie"))
    expect(blocked.locator("tbody tr").first).to_contain_text(REASON)
    at_plan = movable.filter(has_text="zmienione w nowej wersji: „Zatwierdzenie planu przez PZK”")
    expect(at_plan).to_have_count(1)
    expect(movable.first).to_contain_text("Otwarte zadania i oczekiwane zdarzenia zostaną odtworzone")
    expect(page.get_by_text(re.compile(r"Termin „.+” zostaje: ")).first).to_be_visible()
    expect(movable.filter(has_text="Diagnoza")).to_contain_text("(liczba: 4)")  # one per institution diagnosing
    moving = movable.count()
    key = at_plan.get_by_role("rowheader").inner_text()
    shot("preview")
    assert_accessible(page)

    page.get_by_label("Zaznacz wszystkie sprawy").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Przenieś zaznaczone na wersję 2").click()
    expect(page.get_by_role("status")).to_have_text(f"Gotowe: przeniesiono {moving} z {moving} spraw.")
    results = page.locator("[data-bulk-results] tbody tr")
    expect(results).to_have_count(moving)
    expect(results.filter(has_text=key)).to_contain_text("z wersji 1 na wersję 2")
    shot("moved")
    page.get_by_role("link", name="Odśwież listę spraw").click()
    undo = page.get_by_role("table", name=re.compile("Sprawy przeniesione na wersję 2"))
    expect(undo.locator("tbody tr")).to_have_count(moving)
    back = undo.locator("tbody tr").filter(has_not_text=key).first
    back_key = back.get_by_role("rowheader").inner_text()
    back.get_by_role("checkbox").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cofnij migrację zaznaczonych spraw").click()
    expect(page.get_by_role("status")).to_have_text("Gotowe: cofnięto migrację 1 z 1 spraw.")
    undone = page.locator("#undo-form [data-bulk-results] tbody tr")
    expect(undone).to_have_count(1)
    expect(undone).to_contain_text(back_key)
    expect(undone).to_contain_text("cofnięto")
    expect(undone).to_contain_text("z wersji 2 na wersję 1")
    shot("undone")
    assert csp_violations == []

    logout(page)
    login(page, "superwizor", PASSWORD)
    case = next(c for c in demo.cases if c.business_key == key)
    page.goto(f"/nadzor/sprawy/{case.case_id}")
    history = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Zdarzenie"))
    moved = history.get_by_role("row").filter(has_text="Przeniesiono na inną wersję procesu")
    expect(moved).to_contain_text("z wersji 1 na wersję 2")
    expect(moved).to_have_count(1)
    moved.scroll_into_view_if_needed()
    shot("history")
