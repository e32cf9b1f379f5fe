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
GROUP_CASE = "KOOP/2026/0008"  # the seniors of Bratkowice, whose project a held meeting approved


def test_the_coordinator_holds_the_planned_meeting_that_decides_the_waiting_case(page: Page, shot, csp_violations):
    login(page, "pzk.gops", PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Posiedzenia PZK").click()
    expect(heading(page)).to_have_text("Posiedzenia PZK")
    rows = page.get_by_role("row")
    expect(rows.filter(has_text="zamknięte")).to_have_count(2)  # held: a family's plan, a group's project
    expect(rows.filter(has_text="zamknięte").first).to_contain_text("Sala narad GOPS w Świlczy")
    shot("meetings")
    assert_accessible(page)
    rows.filter(has_text="zaplanowane").get_by_role("link").click()
    expect(heading(page)).to_contain_text("Posiedzenie PZK")
    on_agenda = page.get_by_role("row").filter(has_text=CASE)
    expect(on_agenda).to_contain_text(f"{CASE} · Rodzina K.")
    expect(on_agenda).to_contain_text("Zatwierdzenie planu przez PZK")
    expect(page.locator("#quorum")).to_contain_text("kworum: 0 z 9 instytucji — brak")
    expect(page.locator("#quorum-base")).to_contain_text("członkowie PZK według porozumienia i deklaracji: 9")
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
    assert "Liczeni członkowie członkowie PZK według porozumienia i deklaracji: 9" in text
    assert "wymagane 5 (porozumienie)" in text  # the demo PZK's agreement sets the quorum

    page.get_by_role("navigation").get_by_role("link", name="Moje konto").click()  # mailed when one is scheduled
    expect(page.get_by_label("Zaplanowane posiedzenie PZK mojego partnerstwa")).to_be_checked()
    shot("account")
    assert_accessible(page)


def test_a_group_case_on_a_held_meetings_agenda_is_named_by_its_group(page: Page, shot, csp_violations):
    """The demo's seniors of Bratkowice had their projekt socjalny approved at a PZK meeting: the coordinator
    reads it as "Sprawa grupowa: Seniorzy z Bratkowic"; the minutes say only the number and "Sprawa grupowa";
    a member institution not in the case sees neither."""
    login(page, "pzk.gops", PASSWORD)
    page.goto("/posiedzenia")
    page.get_by_role("row").filter(has_text="zamknięte").last.get_by_role("link").click()  # the oldest
    on_agenda = page.get_by_role("row").filter(has_text=GROUP_CASE)
    expect(on_agenda).to_contain_text(f"{GROUP_CASE} · Sprawa grupowa: Seniorzy z Bratkowic")
    expect(on_agenda).to_contain_text("Zatwierdzenie projektu socjalnego przez PZK")
    expect(on_agenda).to_contain_text("wykonano")
    expect(page.locator("#quorum")).to_contain_text("kworum: 9 z 9 instytucji — jest")
    shot("group-on-agenda")
    assert_accessible(page)
    meeting_url = page.url
    minutes = page.request.get(page.get_by_role("link", name="Protokół (PDF)").get_attribute("href"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(minutes.body())).pages).split())
    assert f"{GROUP_CASE}, Sprawa grupowa" in text and "Bratkowic" not in text
    assert csp_violations == []

    page.context.clear_cookies()
    login(page, "oik", PASSWORD)  # OIK is a member of the PZK, not in the seniors' case
    page.goto(meeting_url)
    expect(page.get_by_role("main")).to_contain_text("sprawa, w której Twoja instytucja nie uczestniczy")
    expect(page.get_by_role("main")).not_to_contain_text("Bratkowic")
    expect(page.get_by_role("main")).not_to_contain_text(GROUP_CASE)
    shot("group-hidden-from-member-outside")
