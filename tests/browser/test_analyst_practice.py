"""A practice run in the browser: a draft started from the library, its task done, time moved, a message sent."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from engine.db.models import ProcessInstance
from engine.dto import Actor
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import click_button, expect_flash, heading, login
from tests.engine import practice_sample as sample

TABLE = "processes/widocznosc.json"


def save_sample_draft(live_server, demo_user) -> None:
    """The analyst's draft: a new diagram with a form, a seven-day timer and a message (and its table entry)."""
    analyst = Actor(demo_user("analityk").user_id, "analityk")
    library = live_server.engine.library
    for source in sample.files():
        library.save(analyst, source.path, source.content)
    library.save(analyst, TABLE, sample.table_with_sample(library.open(analyst, TABLE).content))


def case_count(engine) -> int:
    with engine.context.transaction(write=False) as session:
        return session.execute(select(func.count()).select_from(ProcessInstance)).scalar()


def test_the_analyst_practises_a_draft_as_the_roles_would(page: Page, shot, csp_violations, live_server, demo_user):
    save_sample_draft(live_server, demo_user)
    cases_before = case_count(live_server.engine)
    login(page, "analityk", PASSWORD)
    page.get_by_label("Diagram do przećwiczenia").select_option(label="proba.bpmn")
    click_button(page, "Rozpocznij próbę")
    expect(heading(page)).to_have_text("Próba procesu: Proces próbny")
    tasks = page.locator("#practice-tasks")
    expect(tasks.get_by_role("row", name=re.compile("ut_dane"))).to_contain_text("Pracownik socjalny OPS")
    expect(tasks).to_contain_text("Katarzyna Mazur, GOPS w Świlczy")

    tasks.get_by_role("link", name="ut_dane").click()
    expect(heading(page)).to_have_text("ut_dane")
    expect(page.locator("dl.summary")).to_contain_text("Katarzyna Mazur, GOPS w Świlczy")
    page.locator("#f-uwagi").fill("Rodzina zgłoszona przez szkołę")
    shot("task form")
    click_button(page, "Zakończ zadanie jako ta rola")
    expect_flash(page, "zakończone jako rola Pracownik socjalny OPS")
    expect(page.locator("#practice-data")).to_contain_text('"uwagi": "Rodzina zgłoszona przez szkołę"')

    page.get_by_label("Przesuń czas o (dni)").fill("7")
    click_button(page, "Przesuń czas")
    expect_flash(page, "Upłynął 1 termin.")
    expect(page.locator("#practice-fired")).to_contain_text("czekaj")

    payload = page.get_by_label("Treść wiadomości „raport” (obiekt JSON, może być pusty)")
    expect(payload).to_have_value('{\n  "ocena": 0\n}')
    shot("timer fired, waiting for the message")
    payload.fill('{"ocena": 4}')
    click_button(page, "Doręcz wiadomość „raport”")
    expect_flash(page, "Doręczono wiadomość „raport”.")
    expect(tasks.get_by_role("link", name="ut_ocena")).to_be_visible()
    shot("after the message")
    assert_accessible(page)

    click_button(page, "Zakończ próbę i usuń jej dane")
    expect_flash(page, "Zakończono próbę. Jej dane usunięto.")
    assert case_count(live_server.engine) == cases_before
    assert csp_violations == []
