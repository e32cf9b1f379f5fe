"""The analyst changes who sees what in a case file on the grid, in the browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import expect_flash, heading, login


def test_the_analyst_takes_a_section_from_a_role_and_saves_a_draft(page: Page, shot, demo, csp_violations):
    login(page, "analityk", PASSWORD)
    page.get_by_role("link", name="widocznosc.json").click()
    expect(heading(page)).to_have_text("Kto widzi co w teczce sprawy")
    police_sees_plan = page.get_by_label("Policja widzi „Plan (IPW) i jego wersje”")
    expect(police_sees_plan).to_be_checked()
    expect(page.get_by_label("Pracownik socjalny OPS widzi całą teczkę")).to_be_checked()
    shot("grid")
    assert_accessible(page)
    police_sees_plan.uncheck()
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect_flash(page, "Zapisano wersję roboczą tabeli widoczności. Zacznie obowiązywać po wdrożeniu.")
    expect(page.get_by_label("Policja widzi „Plan (IPW) i jego wersje”")).not_to_be_checked()
    expect(page.get_by_text("Edytujesz wersję roboczą (niewdrożoną).")).to_be_visible()
    shot("saved")
    assert csp_violations == []
