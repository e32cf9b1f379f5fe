"""Orders in the browser: the coordinator picks the provider from the partnership, and only that
provider sees the order; the other provider of the partnership does not even see the case."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from engine.dto import Actor
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import QUEUE, click_button, expect_flash, fill_fields, login, logout, open_task

JABLONSKIS = "KOOP/2026/0005"
KROK, RUCH = "Fundacja Terapii i Rehabilitacji „Krok”", "Centrum Terapii „Ruch”"
ORDER, ANSWER = "Zamówienie usługi u realizatora", "Odpowiedź realizatora na zamówienie"


def _check_funds(live_server, demo, demo_user) -> None:
    """The coordinator found the money for P2 (through the engine: the funds form has its own test)."""
    coordinator = demo_user("koordynator.rops")
    actor = Actor(coordinator.user_id, coordinator.login)
    case_id = next(c.case_id for c in demo.cases if c.business_key == JABLONSKIS)
    funds = next(t for t in live_server.engine.tasks.of_case(actor, case_id) if t.bpmn_id == "ut_sprawdzenie_budzetu")
    data = {"srodki_dostepne": True, "zrodlo_finansowania": "projekt", "kwota_zarezerwowana": 900}
    live_server.engine.tasks.complete(actor, funds.id, data, claim=True)


def test_an_order_reaches_only_the_provider_it_was_placed_with(page: Page, shot, live_server, demo, demo_user):
    _check_funds(live_server, demo, demo_user)
    login(page, "koordynator.rops", PASSWORD)
    open_task(page, ORDER, case=JABLONSKIS)
    providers = page.get_by_role("radio")
    expect(providers).to_have_count(2)  # the partnership's providers, by name, and no one else
    expect(page.get_by_role("radio", name=KROK)).to_be_visible()
    page.get_by_role("radio", name=RUCH).check()
    page.get_by_role("textbox", name="Nr zamówienia / umowy").fill("ROPS/ZAM/2026/P2")
    fill_fields(
        page,
        {
            "Data zamówienia": "2026-02-10",
            "Kwota (zł)": "900",
            "Termin rozpoczęcia": "2026-02-16",
            "Termin zakończenia": "2026-06-30",
        },
    )
    shot("order")
    assert_accessible(page)
    click_button(page, "Zakończ zadanie")
    expect_flash(page, f"Zadanie „{ORDER}” zostało zakończone.")
    logout(page)

    login(page, "realizator.ruch", PASSWORD)
    open_task(page, ANSWER, case=JABLONSKIS)  # the order placed with Ruch
    about = page.get_by_role("region", name="Czego dotyczy zadanie")
    expect(about).to_contain_text("Wsparcie psychologiczne (psycholog)")
    case_tasks = page.get_by_role("table", name="Otwarte zadania w sprawie")
    expect(case_tasks).to_contain_text("P2 – Wsparcie psychologiczne")
    expect(case_tasks).not_to_contain_text("P1")  # Krok's order in the same case is not Ruch's business
    shot("ruch-answers")
    assert_accessible(page)
    page.goto(QUEUE)
    expect(page.get_by_role("link", name=ANSWER)).to_have_count(0)  # Krok's order (P5) is not here
    logout(page)

    login(page, "realizator", PASSWORD)  # Krok: its own earlier order, not Ruch's
    page.goto(QUEUE)
    rows = page.get_by_role("row").filter(has_text=JABLONSKIS)
    expect(rows.get_by_role("link", name=ANSWER)).to_have_count(1)
    expect(rows.filter(has_text=re.compile("P2"))).to_have_count(0)
    shot("krok-queue")
