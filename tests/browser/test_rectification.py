"""The social worker corrects a recorded fact in the browser (art. 16 GDPR): from the case file to the
correction page and back; the case file shows the new value with the old one struck through, and the
message names the institutions to notify."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import expect_flash, heading, login


def test_the_social_worker_corrects_the_date_of_a_nomination(page: Page, shot, csp_violations):
    login(page, "ps.gops", PASSWORD)
    page.goto("/sprawy")
    page.get_by_role("link", name="Rodzina Pawlaków").click()
    nomination = page.locator("details.casefile-entry").first
    nomination.evaluate("e => e.open = true")
    nomination.get_by_role("link", name=re.compile("^Popraw zapisany fakt")).click()

    expect(heading(page)).to_have_text("Poprawienie zapisanego faktu")
    page.get_by_label("Pole do poprawienia").select_option(value="data_zgloszenia")
    page.get_by_role("button", name="Dalej").click()
    page.get_by_label("Nowa wartość").fill("5.11.2026")
    page.get_by_role("button", name="Zapisz poprawkę").click()
    expect(page.get_by_role("alert")).to_contain_text("Podaj powód poprawienia.")  # the reason is required
    page.get_by_label("Powód poprawienia").fill("Data wpływu zgłoszenia z dziennika podawczego.")
    shot("correction-form")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz poprawkę").click()

    expect_flash(
        page, "Poprawiono: Data zgłoszenia. Instytucje, które otrzymały dane, do powiadomienia: GOPS w Świlczy"
    )
    corrected = page.locator("details.casefile-entry").first
    expect(corrected).to_contain_text("5 listopada 2026")
    expect(corrected.locator("del")).to_have_text("03.11.2026")
    expect(corrected.locator("ins")).to_have_text("05.11.2026")
    expect(corrected).to_contain_text("Data wpływu zgłoszenia z dziennika podawczego.")
    shot("case-file")
    assert csp_violations == []
