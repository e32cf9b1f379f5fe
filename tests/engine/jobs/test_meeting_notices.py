"""E-mail when a PZK meeting is scheduled, through a real SMTP server: the people of the PZK's member
institutions (in a role their institution plays in the partnership) get the date, place and the number of
cases on the agenda, never a case's number or family; members only, by the agreement and declarations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import ADMIN, email_of
from tests.processes.conftest import deploy_processes
from tests.processes.driver import CaseDriver
from tests.processes.paths import PZK_INICJOWANIE, PZK_POROZUMIENIE, deklaracja
from tests.processes.people import AN, PZK, STAFF, make_partnership
from tests.processes.scenarios import PLAN_ZAAKCEPTOWANY, do_planu_skrot

AT = datetime(2025, 3, 27, 9, 0, tzinfo=UTC)  # 10:00 in Warsaw


@pytest.fixture
def pzk(engine):
    """The Brzozowa Wola partnership on the Model's processes, every person with an e-mail address."""
    deploy_processes(engine)
    people = make_partnership(engine)
    for person in [*people.user.values(), people.supervisor, people.outsider]:
        engine.directory.update_user(ADMIN, person.user_id, email=email_of(person))
    return people


def test_the_members_are_told_the_date_place_and_number_of_cases_never_which(engine, pzk, smtp):
    case = CaseDriver(engine, pzk, roundtrip=False, check_visibility=False)
    case.start(title="Rodzina Nowakowskich")
    case.play(do_planu_skrot() + PLAN_ZAAKCEPTOWANY[:4])
    engine.directory.set_notification_preferences(pzk.user["OIK"], {"meeting_scheduled": False})
    engine.worker.run_once("w1")
    smtp.messages.clear()
    task_id = case.find(PZK, "ut_zatwierdzenie_pzk").id

    meeting = engine.meetings.schedule(pzk.user[PZK], pzk.partnership_id, AT, "Sala narad GOPS", [task_id])
    engine.worker.run_once("w1")

    told = {person for person, actor in pzk.user.items() if actor.label != pzk.user["OIK"].label}
    mails = smtp.wait_for(len(told))
    assert sorted(address for mail in mails for address in mail.to) == sorted(email_of(pzk.user[r]) for r in told)
    assert smtp.to(email_of(pzk.outsider)) == [] and smtp.to(email_of(pzk.supervisor)) == []
    [mail] = smtp.to(email_of(pzk.user["PCPR"]))
    assert mail.subject == "[Kooperacja] Posiedzenie PZK 27.03.2025, godz. 10:00"
    assert "Zaplanowano posiedzenie Partnerskiego Zespołu Kooperacji: PZK Brzozowa Wola." in mail.body
    assert "Miejsce: Sala narad GOPS" in mail.body and "Spraw w porządku obrad: 1" in mail.body
    assert f"https://kooperacja.test/posiedzenia/{meeting.summary.id}" in mail.body
    assert case.case.business_key not in mail.body and "Nowak" not in mail.body
    assert "Zatwierdzenie planu" not in mail.body

    engine.worker.run_once("w1")
    assert len(smtp.messages) == len(told)  # once


def test_only_the_institutions_that_joined_the_pzk_are_told_once_it_has_declarations(engine, pzk, smtp):
    driver = CaseDriver(engine, pzk, roundtrip=False, check_visibility=False)
    driver.start("kooperacja_pzk", starter=AN, title="PZK Brzozowa Wola")
    driver.do(AN, "ut_inicjowanie_pzk", PZK_INICJOWANIE)
    driver.do("ROPS", "ut_porozumienie", PZK_POROZUMIENIE)
    driver.play([deklaracja("PCPR"), deklaracja("PUP"), deklaracja("Policja"), deklaracja("NGO", przystepuje=False)])
    engine.worker.run_once("w1")
    smtp.messages.clear()

    engine.meetings.schedule(pzk.user[PZK], pzk.partnership_id, AT, "Sala narad GOPS", [])
    engine.worker.run_once("w1")

    gops = [role for role, (key, _login) in STAFF.items() if key == "gops"]  # every GOPS person plays its role
    told = {address for mail in smtp.wait_for(len(gops) + 3) for address in mail.to}
    assert told == {email_of(pzk.user[role]) for role in [*gops, "PCPR", "PUP", "Policja"]}
    assert "Spraw w porządku obrad: 0" in smtp.to(email_of(pzk.user["PUP"]))[0].body
