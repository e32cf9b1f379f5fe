"""The case file's pages and documents over HTTP, for every role of the partnership at the agreed plan:
200 where the visibility table gives the role the part, 403 where the role takes part in the case but
not in that part, 404 where the case is none of the role's business (it must not learn the case exists)."""

from __future__ import annotations

import json
from pathlib import Path

from engine.access.table import parse
from tests.processes.people import AN, PS, STAFF
from tests.processes.scenarios import POZYCJE_V2, do_planu_skrot, plan_przyjety
from tests.web.pages.html import text

TABLE = parse(json.loads((Path(__file__).parents[3] / "processes" / "widocznosc.json").read_text(encoding="utf-8")))
# sections of the other processes (the PZK's, a group's): a family case file never shows them
NOT_FAMILY = {"partnerstwo", "grupa_zgloszenie", "grupa_zgody", "grupa_diagnoza", "projekt_socjalny"}
NOT_FAMILY |= {"grupa_oceny", "grupa_zamkniecie"}


def test_pages_and_documents_by_role(browser, case_driver):
    case_driver.start(title="Rodzina Nowakowskich")
    case_driver.play([*do_planu_skrot(), *plan_przyjety(POZYCJE_V2)])
    case_id = case_driver.case.id
    taking_part = {PS, AN, "Zespół diagnostyczny", "PZK", "Koordynator zamówień"} | {
        i["wlasciciel"] for i in POZYCJE_V2
    }
    for role in sorted(STAFF):
        client = browser(role)
        page, plan, consent, contract, project = (
            client.get(f"/sprawy/{case_id}"),
            client.get(f"/sprawy/{case_id}/ipw.pdf"),
            client.get(f"/sprawy/{case_id}/zgody/marek.pdf"),
            client.get(f"/sprawy/{case_id}/kontrakt-socjalny.pdf"),
            client.get(f"/sprawy/{case_id}/projekt-socjalny.pdf"),
        )
        if role not in taking_part:
            assert {r.status_code for r in (page, plan, consent, contract, project)} == {404}, role
            continue
        sections = {s.id for s in TABLE.sections} if role in (PS, AN) else TABLE.access[role]
        assert page.status_code == 200, role
        shown = text(page)
        for section in TABLE.sections:
            expected = section.id in sections and section.id not in NOT_FAMILY
            assert (section.title in shown) == expected, (role, section.id)
        assert plan.status_code == (200 if "plan" in sections else 403), role
        assert contract.status_code == project.status_code == plan.status_code, role
        assert consent.status_code == (200 if "zgody" in sections else 403), role


def test_the_case_file_shows_the_decisions_in_words(browser, case_driver):
    case_driver.start(title="Rodzina Nowakowskich")
    case_driver.play([*do_planu_skrot(), *plan_przyjety(POZYCJE_V2)])
    page = text(browser(PS).get(f"/sprawy/{case_driver.case.id}"))
    assert "Teczka sprawy" in page and "Na co czeka sprawa" in page
    assert "Sprawdzenie środków na zakup" in page  # the orders the case waits for
    assert "Zatwierdzenie planu przez PZK" in page and "13350" in page.replace(" ", "").replace("\xa0", "")
    assert "Marek" in page and "Janina" in page


def test_the_case_file_names_household_members_not_their_ids(browser, case_driver):
    case_driver.start(title="Rodzina Nowakowskich")
    case_driver.play([*do_planu_skrot(), *plan_przyjety(POZYCJE_V2)])
    page = browser(PS).get(f"/sprawy/{case_driver.case.id}")
    plan = text(page).split("Plan (IPW) i jego wersje")[1]
    assert "Kacper" in plan and "Janina" in plan
    assert "kacper" not in plan and "janina" not in plan
