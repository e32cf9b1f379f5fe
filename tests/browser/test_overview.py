"""The process overview (heat map) in the browser: where the demo's open cases wait, on the diagram and
in the table, each number leading to the list of exactly those cases; axe on every page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import heading, login


def test_heat_map_of_the_family_process_and_its_called_process(page: Page, shot, demo, csp_violations):
    login(page, "superwizor", PASSWORD)
    page.goto("/nadzor")
    page.get_by_role("link", name="Przebieg procesów: gdzie czekają sprawy").click()
    expect(heading(page)).to_have_text("Przebieg procesów")
    open_cases = sum(case.status == "running" for case in demo.cases)
    expect(page.get_by_role("row", name="Praca Modelem z rodziną")).to_contain_text(str(open_cases))
    assert_accessible(page)
    page.get_by_role("link", name="Praca Modelem z rodziną").click()

    expect(heading(page)).to_have_text("Gdzie czekają sprawy: Praca Modelem z rodziną")
    expect(page.locator(".case-map--ready")).to_have_count(1)
    diagram = page.locator(".case-map__canvas")
    expect(diagram.locator("[data-element-id='ut_kwalifikacja'][class*='cm-heat-']")).to_have_count(1)
    expect(diagram.locator("[data-element-id='ice_kryzys'].cm-listen")).to_have_count(1)
    row = page.get_by_role("row", name="Kwalifikacja rodziny do pracy Modelem")
    expect(row).to_contain_text("zadanie")
    # the four families past their consent (0003 to 0006) are in the work subprocess, listening for a crisis
    expect(page.get_by_role("row", name="Ostry kryzys w rodzinie")).to_contain_text("czeka na wiadomość 4 0")
    shot("heat-map")
    assert_accessible(page)

    row.get_by_role("link", name="1").click()
    expect(page.locator("main")).to_contain_text("Sprawy czekające na kroku „Kwalifikacja rodziny do pracy Modelem”.")
    listed = page.get_by_role("table").last.locator("tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("KOOP/2026/0001")
    shot("cases-at-step")
    page.go_back()

    page.get_by_role("navigation", name="Proces i procesy, które wywołuje").get_by_role(
        "link", name="Zamówienie usługi z koszyka"
    ).click()
    expect(heading(page)).to_have_text("Gdzie czekają sprawy: Zamówienie usługi z koszyka")
    expect(page.locator(".case-map--ready")).to_have_count(1)
    expect(diagram.locator("[data-element-id='ut_odpowiedz_realizatora'][class*='cm-heat-']")).to_have_count(1)
    expect(page.get_by_role("row", name="Brak odpowiedzi 7 dni")).to_contain_text("czeka na termin")
    withdrawal = "Wycofanie zgody członka (przy kroku „Odpowiedź realizatora na zamówienie”)"
    expect(page.get_by_role("row", name=withdrawal)).to_contain_text("czeka na wiadomość")
    shot("called-process")
    assert_accessible(page)
    assert csp_violations == []


def test_dashboards_with_charts_tables_and_csv(page: Page, shot, demo, csp_violations):
    login(page, "superwizor", PASSWORD)
    page.goto("/nadzor")
    page.get_by_role("link", name="Wskaźniki").click()
    expect(heading(page)).to_have_text("Wskaźniki")
    months = page.get_by_role("region", name="Sprawy otwarte i zamknięte w miesiącach")
    expect(months.locator("svg.chart rect")).to_have_count(2)
    for_somebody = [c for c in demo.cases if not c.business_key.startswith("PZK/")]  # not the PZK's set-up case
    expect(months.get_by_role("table")).to_contain_text(str(len(for_somebody)))
    outcomes = page.get_by_role("region", name="Wyniki zamkniętych spraw")
    expect(outcomes.get_by_role("table")).to_contain_text("niezakwalifikowana")  # Wróblewski, not qualified
    shot("dashboards")
    assert_accessible(page)

    with page.expect_download() as download:
        outcomes.get_by_role("link", name="Pobierz dane „Wyniki zamkniętych spraw” (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    lines = text.splitlines()  # Wróblewski, and the seniors of Bratkowice whose project succeeded
    assert lines[0] == "Wynik sprawy;Sprawy"
    assert sorted(lines[1:]) == ["niezakwalifikowana;1", "zakończona sukcesem;1"]  # not the PZK's own set-up case

    page.get_by_label("Wariant modelu").select_option(label="wiejski")  # every demo family's variant
    page.get_by_role("button", name="Pokaż").click()
    expect(page.get_by_role("region", name="Wyniki zamkniętych spraw")).to_contain_text("niezakwalifikowana")
    page.get_by_label("Od dnia").fill("2020-01-01")
    page.get_by_label("Do dnia").fill("2020-01-31")
    page.get_by_role("button", name="Pokaż").click()
    expect(page.get_by_role("region", name="Sprawy otwarte i zamknięte w miesiącach")).to_contain_text("Brak danych")
    assert_accessible(page)
    assert csp_violations == []


def test_the_supervisor_narrows_the_case_list(page: Page, shot, demo, csp_violations):
    login(page, "superwizor", PASSWORD)
    page.goto("/nadzor/sprawy")
    every = page.get_by_role("table").locator("tbody tr").count()
    assert every == len(demo.cases)
    page.get_by_label("Instytucja z otwartym zadaniem").select_option(label="Fundacja Terapii i Rehabilitacji „Krok”")
    page.get_by_role("button", name="Pokaż").click()
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(2)  # an order waiting for Krok's answer, a delivery Krok is to confirm
    expect(rows.filter(has_text="KOOP/2026/0005")).to_have_count(1)
    expect(rows.filter(has_text="KOOP/2026/0006")).to_have_count(1)
    shot("filtered")
    assert_accessible(page)
    page.get_by_label("Instytucja z otwartym zadaniem").select_option(label="Centrum Terapii „Ruch”")
    page.get_by_role("button", name="Pokaż").click()
    expect(page.get_by_text("Żadna sprawa nie spełnia wybranych warunków.")).to_be_visible()  # nothing ordered
    page.get_by_label("Instytucja z otwartym zadaniem").select_option(label="Fundacja Terapii i Rehabilitacji „Krok”")
    page.get_by_label("Rozpoczęte od dnia").fill("2099-01-01")
    page.get_by_role("button", name="Pokaż").click()
    expect(page.get_by_text("Żadna sprawa nie spełnia wybranych warunków.")).to_be_visible()
    page.get_by_role("link", name="Wyczyść filtry").click()
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(every)
    assert csp_violations == []
