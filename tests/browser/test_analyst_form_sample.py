"""The form editor's sample data in the browser: the preview filled with it, its problems listed."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import heading, login


def test_the_preview_shows_the_sample_data_and_every_problem_it_has(page: Page, shot, csp_violations):
    login(page, "analityk", PASSWORD)
    page.goto("/procesy/formularz/inicjowanie_pzk")
    expect(heading(page)).to_have_text("Formularz inicjowanie_pzk")
    sample = page.get_by_label("Przykładowe dane (JSON, pokazane w podglądzie; nie są zapisywane)")
    first = json.loads(sample.input_value())
    assert first["wariant"] == "wiejski"  # the first choice of a required field
    preview = page.get_by_role("form", name="Podgląd formularza")
    expect(page.get_by_role("status")).to_have_text("Przykładowe dane spełniają schemat.")

    sample.fill(json.dumps({**first, "gmina": "Świlcza", "wariant": "duży", "nieznane": 1}, ensure_ascii=False))
    page.get_by_role("button", name="Odśwież podgląd").click()
    expect(preview.get_by_label("Gmina", exact=False).first).to_have_value("Świlcza")
    problems = page.get_by_role("list", name="Problemy przykładowych danych")
    expect(problems.get_by_role("listitem")).to_have_count(2)
    expect(problems).to_contain_text("Wariant modelu:")
    expect(problems).to_contain_text("Formularz nie przewiduje tego pola.")
    shot("sample-problems")
    assert_accessible(page)

    page.get_by_role("button", name="Utwórz przykładowe dane od nowa").click()
    assert json.loads(sample.input_value()) == first
    expect(page.get_by_role("status")).to_have_text("Przykładowe dane spełniają schemat.")
    assert csp_violations == []
