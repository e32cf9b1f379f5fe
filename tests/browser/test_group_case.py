"""A group case in the browser: the social worker starts a case for the seniors of a village, fills the
group's nomination with three participants and finds the case named "Sprawa grupowa: ..."."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import click_button, fill_fields, heading, login, logout
from tests.browser.test_nowakowski import complete, fill_rows
from tests.processes.groups import SENIORZY

TITLE = SENIORZY["nazwa_grupy"]
TASK = "Zgłoszenie grupy do projektu socjalnego"


def test_social_worker_starts_a_group_case(page: Page, shot, csp_violations):
    login(page, "ps.gops", PASSWORD)
    page.get_by_role("link", name="Nowa sprawa").first.click()
    expect(heading(page)).to_have_text("Nowa sprawa")
    kinds = page.get_by_role("group", name=re.compile("^Dla kogo jest sprawa"))
    expect(kinds.get_by_role("radio")).to_have_count(3)
    kinds.get_by_role("radio", name="Grupa", exact=True).check()
    page.get_by_label("Nazwa sprawy").fill(TITLE)
    shot("start-group")
    assert_accessible(page)
    click_button(page, "Rozpocznij sprawę")

    expect(heading(page)).to_have_text(TASK)
    case_url = page.get_by_role("link", name=re.compile(rf"^{TITLE} \(")).get_attribute("href")
    fill_fields(
        page,
        {
            "Nazwa grupy": TITLE,
            "Gmina": "Świlcza",
            "Rodzaj grupy": "Seniorzy",
            "Data zgłoszenia": SENIORZY["data_zgloszenia"],
            "Opis grupy i jej sytuacji": SENIORZY["opis_grupy"],
        },
    )
    participants = [
        {"Identyfikator": m["id"], "Imię": m["imie"], "Wiek (lata)": str(m["wiek"])} for m in SENIORZY["czlonkowie"]
    ]
    fill_rows(page, "Uczestnicy grupy", participants)
    assert_accessible(page)
    complete(page, shot, TASK, "group-nomination")

    page.goto(case_url)
    expect(heading(page)).to_have_text(f"Sprawa grupowa: {TITLE}")
    expect(page.get_by_role("main")).to_contain_text("Zgoda uczestnika grupy (oświadczenie)")
    expect(page.get_by_role("main")).to_contain_text("Halina")
    shot("group-case")
    assert_accessible(page)

    page.goto("/sprawy")
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_contain_text(f"Sprawa grupowa: {TITLE}")
    families = page.get_by_role("row").filter(has_text="Sprawa rodziny:")
    expect(families.first).to_be_visible()  # the demo's family cases are named as such
    shot("case-list")

    logout(page)  # the animator places the case on the group's diagram
    login(page, "animator.gops", PASSWORD)
    page.goto(case_url)
    page.get_by_role("link", name="Mapa sprawy: gdzie sprawa jest na diagramie procesu").click()
    expect(page.locator(".case-map--ready")).to_have_count(1)
    diagram = page.locator(".case-map__canvas")
    expect(diagram.locator("[data-element-id='ut_grupa_zgloszenie'].cm-completed")).to_have_count(1)
    expect(diagram.locator("[data-element-id='ut_zgoda_uczestnika'].cm-active")).to_have_count(1)
    shot("group-case-map")
    assert csp_violations == []
