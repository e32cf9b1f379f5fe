"""Bulk actions in the browser: filter the cases, select them, suspend them with progress shown and a
result per case; a case that cannot be suspended is reported, not skipped."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import heading, login


def test_bulk_suspend_with_progress_and_a_result_per_case(page: Page, shot, demo, csp_violations):
    login(page, "superwizor", PASSWORD)
    page.goto("/nadzor")
    page.get_by_role("link", name="Działania na wielu sprawach").click()
    expect(heading(page)).to_have_text("Działania na wielu sprawach")
    page.get_by_label("Nazwa lub numer sprawy").fill("KOOP/2026/000")
    page.get_by_role("button", name="Pokaż").click()
    shown = [case for case in demo.cases if case.business_key.startswith("KOOP/2026/000")]  # not the PZK's own
    running = [case for case in shown if case.status == "running"]
    finished = [case for case in shown if case.status != "running"]
    page.get_by_label("Zaznacz wszystkie widoczne sprawy").check()
    page.get_by_label("Wstrzymaj").check()
    page.get_by_label("Powód (wymagany przy przerwaniu; zapisze się w historii każdej sprawy)").fill("kontrola")
    shot("selected")
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Wykonaj na zaznaczonych").click()

    status = page.get_by_role("status")
    expect(status).to_have_text(f"Gotowe: zmieniono {len(running)} z {len(shown)} spraw.")
    results = page.locator("[data-bulk-results] tbody tr")
    expect(results).to_have_count(len(shown))
    for case in running:
        expect(results.filter(has_text=case.business_key)).to_contain_text("zmieniono")
        expect(results.filter(has_text=case.business_key)).to_contain_text("wstrzymana")
    for case in finished:
        expect(results.filter(has_text=case.business_key)).to_contain_text("Można wstrzymać tylko sprawę w toku.")
    expect(page.locator("progress")).to_have_attribute("value", str(len(shown)))
    shot("results")
    assert_accessible(page)
    assert csp_violations == []

    # the cases are suspended for real, and resumed the same way
    page.goto("/nadzor/zbiorczo?status=suspended")
    expect(page.get_by_role("table").last.locator("tbody tr")).to_have_count(len(running))
    page.get_by_label("Zaznacz wszystkie widoczne sprawy").check()
    page.get_by_label("Wznów").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Wykonaj na zaznaczonych").click()
    expect(page.get_by_role("status")).to_have_text(f"Gotowe: zmieniono {len(running)} z {len(running)} spraw.")
