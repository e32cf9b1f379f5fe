"""Asking the ROPS model team in the browser: the social worker asks the adviser from the case file, urgently;
the adviser finds the question in "Pytania do zespołu ROPS" with its deadline and answers it; the social
worker reads the answer in the case and in "Moje pytania"."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import expect_flash, heading, login, logout

ASKED = "Matka boi się wizyt w domu. Jak zaplanować pierwsze spotkanie zespołu z rodziną?"
ANSWER = "Proponuję spotkanie w szkole, z pedagogiem, bez policji; potem wizytę w domu."


def test_an_adviser_question_is_answered_within_the_case(page: Page, shot, csp_violations):
    login(page, "ps.gops", PASSWORD)
    page.goto("/sprawy")
    page.get_by_role("link", name="Rodzina Pawlaków").click()
    page.get_by_role("link", name="Zapytaj doradcę").click()

    expect(heading(page)).to_have_text("Zapytaj doradcę")
    page.get_by_role("button", name="Wyślij pytanie").click()
    expect(page.get_by_role("alert")).to_contain_text("Wpisz pytanie.")
    page.get_by_label("doradca", exact=True).check()
    page.get_by_label("Pilne (sytuacja kryzysowa)").check()
    page.get_by_label("Pytanie").fill(ASKED)
    shot("ask")
    assert_accessible(page)
    page.get_by_role("button", name="Wyślij pytanie").click()
    expect_flash(page, "Wysłano pytanie (doradca). Termin odpowiedzi:")
    asked = page.locator("section:has(#pytania) article.question").filter(has_text=ASKED)
    expect(asked).to_contain_text("czeka na odpowiedź")
    logout(page)

    login(page, "doradca", PASSWORD)
    page.get_by_role("link", name="Pytania do zespołu ROPS").first.click()
    row = page.get_by_role("row").filter(has_text="Matka boi się")
    expect(row).to_contain_text("pilne")
    expect(row).to_contain_text("GOPS w Świlczy")
    shot("queue")
    assert_accessible(page)
    row.get_by_role("link").click()
    page.get_by_label("Odpowiedź").fill(ANSWER)
    shot("answer")
    assert_accessible(page)
    page.get_by_role("button", name="Wyślij odpowiedź").click()
    expect_flash(page, "Zapisano odpowiedź.")
    logout(page)

    login(page, "ps.gops", PASSWORD)
    page.get_by_role("link", name="Moje pytania").click()
    expect(page.locator("article.question").first).to_contain_text(ANSWER)
    page.get_by_role("main").get_by_role("link", name=re.compile(r"^Sprawa ")).first.click()
    answered = page.locator("section:has(#pytania) article.question").filter(has_text=ASKED)
    expect(answered).to_contain_text(ANSWER)
    expect(answered).to_contain_text("odpowiedziano")
    answered.scroll_into_view_if_needed()
    shot("case")
    assert_accessible(page)
    assert csp_violations == []
