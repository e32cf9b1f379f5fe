"""The data-protection officer's main path in the browser: the GOPS officer logs in, lands on "Ochrona
danych", finds the Pawlak family, sees who read its data (Polish labels and dates, no codes), narrows
the log to one child and downloads that child's subject-access report, then opens the register of
processing."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import heading, login

CODES = re.compile(r"\b(casefile|task|case|document|protection)\.[a-z_]+|\but_[a-z_]+|_[a-z]+_")
POLISH_MOMENT = re.compile(r"\b\d{1,2}\.\d{2}\.\d{4}(,)? \d{1,2}:\d{2}\b")


def test_the_officer_sees_who_read_a_familys_data_and_downloads_a_childs_report(page: Page, shot, csp_violations):
    login(page, "iod.gops", PASSWORD)

    expect(page).to_have_url(re.compile(r"/iod$"))
    expect(heading(page)).to_have_text("Ochrona danych")
    page.get_by_label("Numer lub nazwa sprawy").fill("Pawlak")
    page.get_by_role("button", name="Szukaj").click()
    shot("start-page")
    page.get_by_role("link", name="Rodzina Pawlaków").click()

    expect(heading(page)).to_have_text("Kto odczytywał dane: Rodzina Pawlaków")
    log = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Cel"))
    expect(log).to_contain_text("PCPR")
    expect(log).to_contain_text("Zapis decyzji (wykonanie zadania)")
    body = page.locator("main").inner_text()
    assert CODES.search(body) is None, CODES.search(body)
    assert POLISH_MOMENT.search(body), body[:1500]
    shot("who-read-what")
    assert_accessible(page)

    page.get_by_label("Osoba", exact=True).select_option(label="Kuba")
    page.get_by_label("Czynność").select_option(label="tylko zapisy")
    page.get_by_role("button", name="Pokaż").click()
    expect(page.get_by_role("heading", level=2, name="Dostęp do danych osoby: Kuba")).to_be_visible()
    expect(log).not_to_contain_text("Odczyt")
    expect(page.get_by_label("Od dnia")).to_have_value("")
    shot("kuba-writes")

    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Kuba"))
    with page.expect_download() as download:
        row.get_by_role("link", name="PDF").click()
    content = Path(download.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(content)).pages)
    assert "Informacja o przetwarzaniu danych osobowych" in text
    assert "Kuba" in text and "PCPR" in text and "turnus" in text.lower()
    for other in ("Helena", "Krzysztof", "Natalia"):
        assert other not in text, other

    page.get_by_role("link", name="Ochrona danych").first.click()
    page.get_by_role("link", name="Rejestr czynności przetwarzania").click()
    expect(heading(page)).to_have_text("Rejestr czynności przetwarzania")
    expect(page.get_by_role("heading", level=3, name="Zgłoszenie rodziny do pracy Modelem")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Opis sytuacji rodziny")
    register_text = page.locator("main").inner_text()
    assert CODES.search(register_text) is None, CODES.search(register_text)
    shot("register")
    assert csp_violations == []
