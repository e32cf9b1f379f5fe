"""A task form in the browser: taking the task, a refused completion, a draft that outlives the session."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import QUEUE, click_button, expect_flash, field, fill_fields, group, login, logout, open_task

TASK, CASE = "Kwalifikacja rodziny do pracy Modelem", "KOOP/2026/0001"  # the Kowalczyks wait for the animator


def test_animator_takes_the_qualification_and_keeps_a_draft(page: Page, shot):
    login(page, "animator.gops", PASSWORD)
    page.goto(QUEUE)
    expect(page.get_by_role("row").filter(has_text=CASE).get_by_role("link", name=TASK)).to_be_visible()
    assert_accessible(page)

    open_task(page, TASK, case=CASE)  # from the queue: claims it
    expect_flash(page, "Podjęto zadanie.")
    shot("claimed")
    assert_accessible(page)

    click_button(page, "Zakończ zadanie")  # nothing answered yet
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Popraw błędy w formularzu")
    expect(field(page, "Uzasadnienie")).to_have_attribute("aria-invalid", "true")
    shot("refused")
    assert_accessible(page)

    fill_fields(page, {"Decyzja": "Rodzina zakwalifikowana", "Uzasadnienie": "Rodzina spełnia kryteria Modelu."})
    click_button(page, "Zapisz wersję roboczą")
    expect_flash(page, "Zapisano wersję roboczą.")
    logout(page)

    login(page, "animator.gops", PASSWORD)
    open_task(page, TASK, case=CASE)  # now in "Moje zadania"
    expect(group(page, "Decyzja").get_by_role("radio", name="Rodzina zakwalifikowana")).to_be_checked()
    expect(field(page, "Uzasadnienie")).to_have_value("Rodzina spełnia kryteria Modelu.")
    shot("draft-kept")
