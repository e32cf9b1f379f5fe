"""A PZK meeting in the browser: the Świlcza PZK coordinator opens the demo's planned meeting, whose agenda
is the case waiting for the partnership's approval, records who came, the decision, closes the meeting and
gets the minutes. (Scheduling is walked in tests/web/pages/test_meetings.py: the demo's one waiting case is
on this planned meeting's agenda already.)"""

from __future__ import annotations

import re
from io import BytesIO

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import click_button, expect_flash, fill_fields, heading, login

CASE = "KOOP/2026/0004"  # the Krawczyks' plan, accepted by the family, waits for the PZK


def test_the_coordinator_holds_the_planned_meeting_that_decides_the_waiting_case(page: Page, shot, csp_violations):
    login(page, "pzk.gops", PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Posiedzenia PZK").click()
    expect(heading(page)).to_have_text("Posiedzenia PZK")
    rows = page.get_by_role("row")
    expect(rows.filter(has_text="zamknięte")).to_contain_text("Sala narad GOPS w Świlczy")  # the demo's held one
    shot("meetings")
    assert_accessible(page)
    rows.filter(has_text="zaplanowane").get_by_role("link").click()
    expect(heading(page)).to_contain_text("Posiedzenie PZK")
    on_agenda = page.get_by_role("row").filter(has_text=CASE)
    expect(on_agenda).to_contain_text(f"{CASE} · Rodzina K.")
    expect(on_agenda).to_contain_text("Zatwierdzenie planu przez PZK")
    expect(page.locator("#quorum")).to_contain_text(re.compile(r"kworum: 0 z \d+ instytucji — brak"))
    expect(page.locator("#quorum-base")).to_contain_text("wszystkie instytucje partnerstwa w katalogu")
    shot("planned-meeting")
    assert_accessible(page)

    boxes = page.get_by_role("group", name="Zaznacz instytucje obecne na posiedzeniu").get_by_role("checkbox")
    for index in range(9):
        boxes.nth(index).check()
    click_button(page, "Zapisz obecność")
    expect(page.locator("#quorum")).to_contain_text(re.compile(r"kworum: 9 z \d+ instytucji — jest"))

    page.get_by_role("link", name=f"Zapisz decyzję ({CASE})").click()
    expect(page.get_by_role("main")).to_contain_text(f"Sprawa {CASE} · Rodzina K.")
    context = page.get_by_role("region", name="Co trzeba wiedzieć do tej decyzji")
    expect(context).to_contain_text("Plan (IPW) i jego wersje")  # what the partnership approves
    expect(context).to_contain_text("Rodzina akceptuje plan")
    fill_fields(page, {"Decyzja": "Plan zatwierdzony", "Zatwierdzony budżet zakupów (zł)": "50000"})
    shot("decision")
    assert_accessible(page)
    click_button(page, "Zapisz decyzję")
    expect_flash(page, "Zapisano decyzję w sprawie.")
    agenda = page.get_by_role("row").filter(has_text=CASE)
    expect(agenda).to_contain_text("Decyzja: Plan zatwierdzony")
    shot("decided")
    assert_accessible(page)

    click_button(page, "Zamknij posiedzenie")
    expect_flash(page, "Posiedzenie zamknięte. Wykonano decyzje w sprawach: 1 z 1.")
    expect(agenda).to_contain_text("wykonano")
    expect(agenda).to_contain_text("Zawarcie kontraktu socjalnego")  # the case went on
    shot("closed")
    assert_accessible(page)
    assert csp_violations == []

    minutes = page.request.get(page.get_by_role("link", name="Protokół (PDF)").get_attribute("href"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(minutes.body())).pages).split())
    assert "Sala narad GOPS w Świlczy" in text and f"{CASE}, Rodzina K." in text
    assert "Krawczyk" not in text
    assert "Liczeni członkowie wszystkie instytucje partnerstwa w katalogu" in text

    page.get_by_role("navigation").get_by_role("link", name="Moje konto").click()  # mailed when one is scheduled
    expect(page.get_by_label("Zaplanowane posiedzenie PZK mojego partnerstwa")).to_be_checked()
    shot("account")
    assert_accessible(page)
