"""The social worker corrects a recorded fact in the browser (art. 16 GDPR): from the case file to the
correction page and back; the case file shows the new value with the old one struck through, and the
message names the institutions to notify."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import expect_flash, heading, login

NOMINATED_DAYS_AGO = 30  # engine/demo/families.py: the Pawlaks' nomination is dated day(-30) from the seed's day
POLISH_MONTHS_GENITIVE = (
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
)


def test_the_social_worker_corrects_the_date_of_a_nomination(page: Page, shot, csp_violations):
    recorded = datetime.now(UTC).date() - timedelta(days=NOMINATED_DAYS_AGO)
    corrected_to = recorded + timedelta(days=2)
    login(page, "ps.gops", PASSWORD)
    page.goto("/sprawy")
    page.get_by_role("link", name="Rodzina Pawlaków").click()
    nomination = page.locator("details.casefile-entry").first
    nomination.evaluate("e => e.open = true")
    nomination.get_by_role("link", name=re.compile("^Popraw zapisany fakt")).click()

    expect(heading(page)).to_have_text("Poprawienie zapisanego faktu")
    page.get_by_label("Pole do poprawienia").select_option(value="data_zgloszenia")
    page.get_by_role("button", name="Dalej").click()
    page.get_by_label("Nowa wartość").fill(f"{corrected_to.day}.{corrected_to.month:02d}.{corrected_to.year}")
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
    month = POLISH_MONTHS_GENITIVE[corrected_to.month - 1]
    expect(corrected).to_contain_text(f"{corrected_to.day} {month} {corrected_to.year}")
    expect(corrected.locator("del")).to_have_text(recorded.strftime("%d.%m.%Y"))
    expect(corrected.locator("ins")).to_have_text(corrected_to.strftime("%d.%m.%Y"))
    expect(corrected).to_contain_text("Data wpływu zgłoszenia z dziennika podawczego.")
    shot("case-file")
    assert csp_violations == []
