"""Comparing versions in the browser: the library's link, the two selects, the marked differences."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import heading, login

PZK = "processes/kooperacja_pzk.bpmn"


def test_the_analyst_compares_the_deployed_version_with_the_working_draft(page: Page, shot, csp_violations):
    login(page, "analityk", PASSWORD)
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    content = page.request.get(f"/procesy/plik/{PZK}").text()
    draft = content.replace('name="Porozumienie o współpracy"', 'name="Umowa o współpracy"')
    assert draft != content
    saved = page.request.post(f"/procesy/plik/{PZK}", data=draft.encode(), headers={"X-CSRF-Token": token})
    assert saved.ok
    try:
        page.reload()
        page.get_by_role("link", name="Porównaj wersje").click()
        expect(heading(page)).to_have_text("Porównaj wersje")
        expect(page.get_by_label("Do wersji")).to_have_value("robocza")
        page.get_by_role("button", name="Porównaj").click()
        expect(page).to_have_url(re.compile(r"/procesy/porownaj\?od=\d+&do=robocza"))
        files = page.get_by_role("table", name="Pliki, które się różnią")
        expect(files.get_by_role("rowheader")).to_have_text([PZK])
        elements = page.get_by_role("table", name="Elementy diagramu, które się zmieniły")
        expect(elements.get_by_role("row", name=re.compile("ut_porozumienie"))).to_contain_text(
            "Porozumienie o współpracy → Umowa o współpracy"
        )
        page.get_by_text("Różnice wierszy (2)").click()  # folded: the element list says what changed
        diff = page.get_by_role("table", name=f"Różnice wierszy w {PZK}")
        expect(diff.locator("tr.diff-removed")).to_contain_text("usunięty")
        expect(diff.locator("tr.diff-added")).to_contain_text("dodany")
        expect(diff.locator("tr.diff-added")).to_contain_text('name="Umowa o współpracy"')
        diagrams = page.locator("#diagrams-1")
        expect(diagrams.locator('figure[data-ready="true"]')).to_have_count(2)
        expect(diagrams.locator('.djs-element.cmp-changed[data-element-id="ut_porozumienie"]')).to_have_count(2)
        expect(diagrams.locator(".cmp-badge--changed")).to_have_text(["~ zmieniony", "~ zmieniony"])
        expect(page.get_by_role("list", name="Legenda diagramów")).to_contain_text("usunięty (tylko przed)")
        elements.get_by_role("link", name="ut_porozumienie").click()
        expect(diagrams.locator('.djs-element.selected[data-element-id="ut_porozumienie"]')).to_have_count(2)
        diagrams.scroll_into_view_if_needed()
        shot("compared")
        assert_accessible(page)
    finally:
        page.request.post(f"/procesy/plik/{PZK}/odrzuc", headers={"X-CSRF-Token": token})
    assert csp_violations == []
