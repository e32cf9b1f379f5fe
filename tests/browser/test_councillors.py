"""The councillor's main path in the browser: the Świlcza councillor logs in, lands on "Dla radnych" and
sees the demo's figures as captioned tables, small counts as "<5", no case title or number; axe passes."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import heading, login


def test_the_councillor_sees_the_gminas_figures_and_no_case(page: Page, shot, demo, csp_violations):
    login(page, "radny", PASSWORD)

    expect(page).to_have_url(re.compile(r"/rada$"))
    expect(heading(page)).to_have_text("Dla radnych")
    main = page.locator("main")
    expect(main).to_contain_text("Partnerski Zespół Kooperacji Gminy Świlcza")
    expect(main).to_contain_text(f"Wszystkich spraw: {len(demo.cases)}")
    statuses = page.get_by_role("table", name="Sprawy według stanu")
    # six running, one closed: the closed one is "<5", so the running count is hidden too ("x")
    assert sum(case.status == "running" for case in demo.cases) == 6
    expect(statuses.get_by_role("row", name="w toku")).to_contain_text("x")
    expect(statuses.get_by_role("row", name="zakończona")).to_contain_text("<5")
    expect(statuses.get_by_role("row", name="przerwana")).to_contain_text("0")
    expect(
        page.get_by_role("table", name="Sprawy według wariantu modelu").get_by_role("row", name="wiejski")
    ).to_have_count(1)
    text = main.inner_text()
    for case in demo.cases:
        assert case.title not in text and case.business_key not in text
    expect(page.get_by_role("navigation").get_by_role("link", name="Moje zadania")).to_have_count(0)
    shot("councillor-figures")
    assert_accessible(page)
    assert csp_violations == []
