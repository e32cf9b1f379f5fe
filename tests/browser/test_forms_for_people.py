"""Forms for people, in the browser: members chosen by name, every error at once with the empty row
kept and a draft saved by itself, and what a task is about shown with titles, dates and amounts."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import click_button, field, fill_fields, group, login, logout, open_task

DIAGNOSIS, PAWLAKS = "Diagnoza sektorowa instytucji", "KOOP/2026/0003"


def add_row(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Dodaj pozycję")).click()


FUNDS, JABLONSKIS = "Sprawdzenie środków na zakup", "KOOP/2026/0005"


def test_the_school_names_family_members_and_sees_every_error_at_once(page: Page, shot):
    login(page, "szkola", PASSWORD)
    open_task(page, DIAGNOSIS, case=PAWLAKS)
    add_row(page)  # a recommendation, then a second one left empty
    row = group(page, "Pozycja 1")
    member = row.get_by_label("Członek rodziny")
    names = [text.strip() for text in member.locator("option:not([value=''])").all_inner_texts()]
    assert names[-1] == "Cała rodzina" and all(name[0].isupper() and "_" not in name for name in names), names
    member.select_option(label=names[1])
    chosen = member.input_value()
    assert chosen and chosen != names[1]  # an id is sent, a name is shown
    add_row(page)
    fill_fields(page, {"Ocena sytuacji z perspektywy instytucji": "Uczeń opuszcza lekcje."})
    click_button(page, "Zakończ zadanie")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Popraw błędy w formularzu")
    assert summary.get_by_role("link").count() >= 4  # the offer, the date, the rows' missing fields
    expect(group(page, "Pozycja 2")).to_be_visible()  # the empty row is still there
    expect(page.get_by_role("status")).to_contain_text("zapisano jako wersję roboczą")
    shot("all-errors")
    assert_accessible(page)

    logout(page)
    login(page, "szkola", PASSWORD)
    open_task(page, DIAGNOSIS, case=PAWLAKS)  # nothing typed was lost
    expect(field(page, "Ocena sytuacji z perspektywy instytucji")).to_have_value("Uczeń opuszcza lekcje.")
    expect(group(page, "Pozycja 1").get_by_label("Członek rodziny")).to_have_value(chosen)
    shot("draft-after-refusal")


def test_the_coordinator_sees_the_plan_item_in_words(page: Page, shot):
    login(page, "koordynator.rops", PASSWORD)
    open_task(page, FUNDS, case=JABLONSKIS)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{FUNDS}: P2 – Wsparcie psychologiczne (psycholog)")
    about = page.get_by_role("region", name="Czego dotyczy zadanie")
    expect(about).to_contain_text("Wsparcie psychologiczne (psycholog)")
    expect(about).to_contain_text("900,00\u00a0zł")
    expect(about).not_to_contain_text("wsparcie_psychologiczne")
    expect(about).not_to_contain_text("ewelina")
    text = about.inner_text()
    assert " 20" in text and not any(f"-{m:02d}-" in text for m in range(1, 13)), text  # dates in words
    shot("item-in-words")
    assert_accessible(page)
