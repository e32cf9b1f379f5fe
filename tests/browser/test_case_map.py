"""The supervisor's case map: an in-flight demo case on its diagram with state markers, a drill into a
called process and back by the breadcrumbs, the accessible list of the same state, and axe."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import heading, login

ORDERING = "KOOP/2026/0005"  # the Jabłońskis: two orders (P1, P2) running in the called ordering process


def open_map(page: Page, demo) -> None:
    case = next(case for case in demo.cases if case.business_key == ORDERING)
    page.goto(f"/nadzor/sprawy/{case.case_id}")
    page.get_by_role("link", name="Mapa sprawy: gdzie sprawa jest na diagramie procesu").click()
    expect(heading(page)).to_have_text(re.compile("^Mapa sprawy: Rodzina Jabłońskich"))
    expect(page.locator(".case-map--ready")).to_have_count(1)


def test_case_on_its_diagram_with_drill_down_and_back(page: Page, shot, demo, csp_violations):
    login(page, "superwizor", PASSWORD)
    open_map(page, demo)

    diagram = page.locator(".case-map__canvas")
    # finished steps, the running subprocess and the messages it listens for are marked on the diagram
    expect(diagram.locator("[data-element-id='ut_kwalifikacja'].cm-completed")).to_have_count(1)
    expect(diagram.locator("[data-element-id='ca_zamowienie'].cm-active")).to_have_count(1)
    expect(diagram.locator("[data-element-id='ice_kryzys'].cm-waiting")).to_have_count(1)
    # four sectoral diagnoses ran, all four done; the ordering ran for two plan items
    expect(page.locator(".cm-badge", has_text="4 z 4").first).to_be_visible()
    expect(page.locator(".cm-badge", has_text="0 z 2")).to_have_count(1)
    # the same state as a list, and what the case waits for, with a Polish date
    expect(page.locator("#el-ca_zamowienie summary")).to_contain_text("Zamówienie usługi z koszyka — w toku")
    waits = page.get_by_role("table").first
    expect(waits).to_contain_text("Ostry kryzys w rodzinie")
    expect(waits).to_contain_text("Brak odpowiedzi 7 dni")
    months = "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia"
    expect(waits).to_contain_text(re.compile(rf"\d{{1,2}} ({months}) \d{{4}}, \d\d:\d\d"))
    shot("case-map")
    assert_accessible(page)

    # a finished step's entry in the list: its task with assignee and institution, and its history
    page.locator("#el-ut_kwalifikacja summary").click()
    expect(page.locator("#el-ut_kwalifikacja")).to_contain_text("GOPS w Świlczy")
    expect(page.locator("#el-ut_kwalifikacja")).to_contain_text("Zakończono")

    # drill into the called ordering process for item P1 and come back by the breadcrumbs
    page.locator(".cm-drill", has_text="P1").click()
    expect(page.get_by_role("navigation", name="Ścieżka: proces i wywołane procesy")).to_contain_text(
        "Zamówienie usługi z koszyka – P1"
    )
    expect(page.locator(".case-map--ready")).to_have_count(1)
    expect(diagram.locator("[data-element-id='ut_odpowiedz_realizatora'].cm-active")).to_have_count(1)
    expect(diagram.locator("[data-element-id='be_brak_odpowiedzi'].cm-waiting")).to_have_count(1)
    # clicking an element on the diagram opens its entry in the list: the open task, its role and deadline
    diagram.locator("[data-element-id='ut_odpowiedz_realizatora']").click()
    entry = page.locator("#el-ut_odpowiedz_realizatora")
    expect(entry).to_have_attribute("open", "")
    expect(entry).to_contain_text("Realizator usługi")
    expect(entry).to_contain_text("otwarte")
    shot("called-process")
    assert_accessible(page)

    page.get_by_role("navigation", name="Ścieżka: proces i wywołane procesy").get_by_role(
        "link", name="Praca Modelem z rodziną"
    ).click()
    expect(page.locator(".case-map--ready")).to_have_count(1)
    expect(diagram.locator("[data-element-id='ca_zamowienie'].cm-active")).to_have_count(1)
    assert csp_violations == []


def test_a_step_data_is_shown_to_the_supervisor(page: Page, shot, demo):
    login(page, "superwizor", PASSWORD)
    open_map(page, demo)
    page.locator("#el-ut_nominacja summary").click()
    page.get_by_role("link", name=re.compile("^Dane kroku „Zgłoszenie rodziny do pracy Modelem”")).click()
    expect(heading(page)).to_have_text("Dane kroku „Zgłoszenie rodziny do pracy Modelem”")
    expect(page.locator("main")).to_contain_text("Jabłońscy")
    shot("step-data")
    assert_accessible(page)
