"""The PZK meeting pages: schedule with the proposed agenda, attendance and quorum, a decision per case
through its task's form, closing (refused without quorum), the minutes as PDF; outsiders see nothing."""

from __future__ import annotations

import re
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from tests.processes.driver import CaseDriver
from tests.processes.groups import SENIORZY_Z_WOLI
from tests.processes.paths import PZK_INICJOWANIE, PZK_POROZUMIENIE, deklaracja
from tests.processes.people import AN, PZK
from tests.processes.scenarios import PLAN_ZAAKCEPTOWANY, do_planu_skrot

TO_PZK = do_planu_skrot() + PLAN_ZAAKCEPTOWANY[:4]
MONTHS = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
]


@pytest.fixture
def two_cases(engine, people):
    drivers = []
    for title in ("Rodzina Nowakowskich", "Rodzina Kowalskich"):
        driver = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
        driver.start(title=title)
        driver.play(TO_PZK)
        drivers.append(driver)
    return drivers


def schedule(browser, two_cases) -> tuple[object, str]:
    pzk = browser(PZK)
    form = pzk.get("/posiedzenia/nowe")
    assert form.status_code == 200
    page = form.get_data(as_text=True)
    for case in two_cases:  # proposed, ticked
        assert f"{case.case.business_key} · Rodzina " in page
    tasks = re.findall(r'name="tasks" value="([^"]+)" checked', page)
    assert len(tasks) == 2
    data = [("day", "2025-03-27"), ("time", "10:00"), ("place", "Sala narad GOPS"), *[("tasks", t) for t in tasks]]
    made = pzk.post("/posiedzenia/nowe", data)
    assert made.status_code == 302
    return pzk, made.headers["Location"]


def test_the_coordinator_schedules_records_decides_and_closes_a_meeting(browser, people, two_cases):
    pzk, url = schedule(browser, two_cases)
    page = pzk.get(url).get_data(as_text=True)
    assert "kworum: 0 z 14 instytucji — <strong>jest" not in page
    assert "kworum: 0 z 14 instytucji" in page and "<strong>brak</strong>" in page
    assert "wszystkie instytucje partnerstwa w katalogu: 14" in page  # no declarations of accession yet

    items = re.findall(r'href="(/posiedzenia/\d+/punkty/\d+)"', page)
    assert len(items) == 2
    form = pzk.get(items[0]).get_data(as_text=True)
    assert 'name="decyzja_pzk"' in form and 'value="2025-03-27"' in form  # the meeting's day is the decision's
    decided = pzk.post(
        items[0],
        {"decyzja_pzk": "zatwierdzony", "data_decyzji_pzk": "2025-03-27", "budzet_zakupow": "13350", "_action": "save"},
    )
    assert decided.status_code == 302
    too_little = {"decyzja_pzk": "zatwierdzony", "data_decyzji_pzk": "2025-03-27", "budzet_zakupow": "100"}
    refused = pzk.post(items[1], {**too_little, "_action": "save"})
    assert refused.status_code == 422
    assert "Zatwierdzony budżet nie pokrywa kosztów zakupów w planie." in refused.get_data(as_text=True)

    no_quorum = pzk.post(url + "/zamknij")
    assert no_quorum.status_code == 409
    assert "Brak kworum: obecnych jest 0 z 14 instytucji" in no_quorum.get_data(as_text=True)

    present = sorted(set(people.institution.values()))[:8]
    pzk.post(url + "/obecnosc", [("present", str(i)) for i in present])
    assert "kworum: 8 z 14 instytucji — <strong>jest</strong>" in pzk.get(url).get_data(as_text=True)
    closed = pzk.post(url + "/zamknij")
    assert closed.status_code == 302
    page = pzk.get(url).get_data(as_text=True)
    assert page.count("<td>wykonano") == 1 and "bez decyzji — sprawa czeka dalej" in page
    assert sorted(d.open_ids()[0] for d in two_cases) == ["ut_kontrakt", "ut_zatwierdzenie_pzk"]

    pdf = pzk.get(url + "/protokol.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.data)).pages).split())
    assert "Protokół z posiedzenia Partnerskiego Zespołu Kooperacji" in text
    assert "Data i godzina 27 marca 2025 r., godz. 10:00" in text  # as typed, Polish time, the month in words
    assert "Sala narad GOPS" in text
    assert "obecnych 8 z 14 instytucji" in text
    assert "Liczeni członkowie wszystkie instytucje partnerstwa w katalogu: 14" in text
    assert "Decyzja: Plan zatwierdzony" in text
    assert "Rodzina N." in text and "Rodzina K." in text
    assert "Nowakowskich" not in text and "Kowalskich" not in text
    assert all(case.case.business_key in text for case in two_cases)
    listed = pzk.get("/posiedzenia").get_data(as_text=True)
    assert "Sala narad GOPS" in listed and "27 marca 2025, 10:00" in listed and "zamknięte" in listed


def test_an_institution_outside_the_partnership_cannot_reach_its_meeting(browser, people, two_cases):
    _pzk, url = schedule(browser, two_cases)
    outsider = browser(actor=people.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.get(url + "/protokol.pdf").status_code == 404
    assert outsider.post(url + "/zamknij").status_code == 404
    assert "Sala narad GOPS" not in outsider.get("/posiedzenia").get_data(as_text=True)


def test_a_member_not_in_the_case_sees_the_meeting_without_the_case(browser, two_cases):
    _pzk, url = schedule(browser, two_cases)
    page = browser("OIK").get(url).get_data(as_text=True)
    assert "sprawa, w której Twoja instytucja nie uczestniczy" in page
    assert two_cases[0].case.business_key not in page and "Rodzina N." not in page
    assert browser("OIK").post(url + "/obecnosc", []).status_code == 403
    assert 'action="' + url + '/zamknij"' not in browser(AN).get(url).get_data(
        as_text=True
    )  # the animator records, the coordinator closes


def test_the_decision_page_shows_what_the_partnership_decides_on(browser, two_cases):
    pzk, url = schedule(browser, two_cases)
    item = re.findall(r'href="(/posiedzenia/\d+/punkty/\d+)"', pzk.get(url).get_data(as_text=True))[0]
    page = pzk.get(item).get_data(as_text=True)
    assert "Co trzeba wiedzieć do tej decyzji" in page
    assert "Plan (IPW)" in page  # the plan the family accepted, as on the PZK task's own page


def test_the_page_says_the_quorum_counts_the_pzk_members_by_agreement_and_declarations(browser, engine, people):
    pzk_case = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
    pzk_case.start("kooperacja_pzk", starter=AN, title="PZK Brzozowa Wola")
    pzk_case.do(AN, "ut_inicjowanie_pzk", PZK_INICJOWANIE)
    pzk_case.do("ROPS", "ut_porozumienie", PZK_POROZUMIENIE)
    pzk_case.play([deklaracja(role) for role in ("PCPR", "PUP", "Policja")] + [deklaracja("NGO", przystepuje=False)])
    pzk = browser(PZK)
    made = pzk.post("/posiedzenia/nowe", {"day": "2025-03-27", "time": "10:00", "place": "Sala narad GOPS"})
    assert made.status_code == 302

    page = pzk.get(made.headers["Location"]).get_data(as_text=True)

    assert "członkowie PZK według porozumienia i deklaracji: 4" in page
    assert "kworum: 0 z 4 instytucji" in page
    assert "ROPS Rzeszów" not in page and "Stowarzyszenie „Razem dla Lipin”" not in page
    assert "PCPR w Brzozowej Woli" in page and "GOPS Brzozowa Wola" in page


def test_a_group_case_is_named_by_its_group_on_the_pages_and_by_its_kind_in_the_minutes(browser, engine, people):
    group = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
    group.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    group.play(SENIORZY_Z_WOLI[:6])  # the project waits for the PZK
    pzk = browser(PZK)
    proposed = pzk.get("/posiedzenia/nowe").get_data(as_text=True)
    assert f"{group.case.business_key} · Sprawa grupowa: Seniorzy z Woli Rafałowskiej" in proposed
    (waiting,) = engine.meetings.waiting(people.user[PZK], people.partnership_id)
    due = waiting.due_at.astimezone(ZoneInfo("Europe/Warsaw"))
    assert f"(termin {due.day} {MONTHS[due.month - 1]} {due.year})" in proposed  # the month in words
    task = re.findall(r'name="tasks" value="([^"]+)" checked', proposed)
    data = [("day", "2025-03-27"), ("time", "10:00"), ("place", "Świetlica"), *[("tasks", t) for t in task]]
    made = pzk.post("/posiedzenia/nowe", data)
    assert made.status_code == 302, made.get_data(as_text=True)
    url = made.headers["Location"]

    page = pzk.get(url).get_data(as_text=True)
    assert "Sprawa grupowa: Seniorzy z Woli Rafałowskiej" in page
    assert " · S.</td>" not in page
    item = re.findall(r'href="(/posiedzenia/\d+/punkty/\d+)"', page)[0]
    assert "Sprawa grupowa: Seniorzy z Woli Rafałowskiej" in pzk.get(item).get_data(as_text=True)
    outside = browser("OIK").get(url).get_data(as_text=True)  # a member not in the case
    assert "Seniorzy" not in outside and group.case.business_key not in outside

    pdf = pzk.get(url + "/protokol.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.data)).pages).split())
    assert f"{group.case.business_key}, Sprawa grupowa" in text
    assert "Seniorzy" not in text  # the minutes keep no more than the number and the kind
