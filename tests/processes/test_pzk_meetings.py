"""A PZK meeting decides several cases at once: the agenda is the partnership's waiting PZK tasks, the
quorum is checked, and closing completes each task as its own page would (the cases go on)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.errors import InvalidFormData, InvalidInput, InvalidState, NotAllowed, NotFound
from engine.services.meetings.agenda import kind_of, minutes_name
from tests.engine.helpers import audit_rows
from tests.processes.driver import CaseDriver
from tests.processes.groups import SENIORZY_Z_WOLI, ZATWIERDZENIE_PROJEKTU
from tests.processes.paths import PZK_INICJOWANIE, PZK_POROZUMIENIE, deklaracja
from tests.processes.people import AN, PS, PZK
from tests.processes.scenarios import KONTRAKT_MARKA, PLAN_ZAAKCEPTOWANY, ZATWIERDZENIE, do_planu_skrot

AT = datetime(2025, 3, 27, 10, 0, tzinfo=UTC)
TO_PZK = do_planu_skrot() + PLAN_ZAAKCEPTOWANY[:4]  # the family accepted the plan: ut_zatwierdzenie_pzk waits
DO_POPRAWY = {"decyzja_pzk": "do_poprawy", "data_decyzji_pzk": "2025-03-27", "uwagi_pzk": "Doprecyzować cele."}


def cases_waiting(driver: CaseDriver, count: int) -> list[CaseDriver]:
    drivers = []
    for _ in range(count):
        one = CaseDriver(driver.engine, driver.people, roundtrip=driver.roundtrip, check_visibility=False)
        one.start(title="Rodzina Nowakowskich")
        one.play(TO_PZK)
        assert one.open_ids() == ["ut_zatwierdzenie_pzk"]
        drivers.append(one)
    return drivers


def institutions(people, count: int) -> list[int]:
    return sorted(set(people.institution.values()))[:count]


def test_a_pzk_meeting_decides_three_cases_at_once(driver):
    engine, people = driver.engine, driver.people
    pzk, partnership = people.user[PZK], people.partnership_id
    cases = cases_waiting(driver, 3)
    waiting = engine.meetings.waiting(pzk, partnership)
    assert sorted(c.case_id for c in waiting) == sorted(d.case.id for d in cases)
    assert {c.family for c in waiting} == {"Rodzina N."}

    meeting = engine.meetings.schedule(pzk, partnership, AT, "Sala narad GOPS", [c.task_id for c in waiting])
    meeting_id = meeting.summary.id
    assert [item.case.task_name for item in meeting.items] == ["Zatwierdzenie planu przez PZK"] * 3
    assert engine.meetings.waiting(pzk, partnership) == []  # on an open meeting's agenda now
    with pytest.raises(InvalidInput):  # and on no second one
        engine.meetings.schedule(pzk, partnership, AT, "Sala narad GOPS", [waiting[0].task_id])

    info = engine.meetings.record_attendance(pzk, meeting_id, institutions(people, 8))
    assert (info.quorum.present, info.quorum.members, info.quorum.required, info.quorum.met) == (8, 14, 8, True)
    first, second, third = info.items
    form = engine.meetings.item_form(pzk, meeting_id, first.id)
    assert form.values == {"data_decyzji_pzk": "2025-03-27"}  # the meeting's day
    assert "decyzja_pzk" in form.schema["properties"]
    with pytest.raises(InvalidFormData):
        engine.meetings.record_decision(pzk, meeting_id, first.id, {"decyzja_pzk": "zatwierdzony"})
    engine.meetings.record_decision(pzk, meeting_id, first.id, ZATWIERDZENIE)
    engine.meetings.record_decision(pzk, meeting_id, second.id, ZATWIERDZENIE)
    engine.meetings.record_decision(pzk, meeting_id, third.id, DO_POPRAWY)

    closed = engine.meetings.close(pzk, meeting_id)

    assert closed.summary.status == "closed"
    assert [item.outcome for item in closed.items] == ["done"] * 3
    assert [item.decision_summary for item in closed.items] == [
        "Decyzja: Plan zatwierdzony",
        "Decyzja: Plan zatwierdzony",
        "Decyzja: Plan do poprawy",
    ]
    by_case = {d.case.id: d for d in cases}
    approved, _also, returned = (by_case[item.case.case_id] for item in closed.items)
    for one in cases:
        one.check()  # the database copy is the live one
    assert approved.open_ids() == ["ut_kontrakt"]
    assert returned.open_ids() == ["ut_plan"]
    assert approved.data()["decyzja_pzk"] == "zatwierdzony"
    approved.do(PS, "ut_kontrakt", {"kontrakty": [KONTRAKT_MARKA]})  # the case goes on
    assert "ut_kontrakt" not in approved.open_ids()
    assert len(audit_rows(engine, "task.complete")) >= 3
    assert [row[2]["meeting_id"] for row in audit_rows(engine, "meeting.close")] == [meeting_id]


def test_without_quorum_the_meeting_is_not_closed_and_no_task_is_done(driver):
    engine, people = driver.engine, driver.people
    pzk, partnership = people.user[PZK], people.partnership_id
    (case,) = cases_waiting(driver, 1)
    meeting = engine.meetings.schedule(
        pzk, partnership, AT, "Sala narad GOPS", [case.find(PZK, "ut_zatwierdzenie_pzk").id]
    )
    meeting_id = meeting.summary.id
    engine.meetings.record_attendance(pzk, meeting_id, institutions(people, 7))
    engine.meetings.record_decision(pzk, meeting_id, meeting.items[0].id, ZATWIERDZENIE)

    with pytest.raises(InvalidState, match="Brak kworum: obecnych jest 7 z 14 instytucji"):
        engine.meetings.close(pzk, meeting_id)

    assert case.open_ids() == ["ut_zatwierdzenie_pzk"]
    assert engine.meetings.meeting(pzk, meeting_id).summary.status == "held"
    with pytest.raises(NotAllowed, match="koordynator PZK"):  # the animator leads it but cannot decide
        engine.meetings.close(people.user[AN], meeting_id)


def test_the_meeting_is_its_partnerships_and_the_agenda_shows_each_institution_its_own_cases(driver):
    engine, people = driver.engine, driver.people
    pzk, partnership = people.user[PZK], people.partnership_id
    (case,) = cases_waiting(driver, 1)
    task_id = case.find(PZK, "ut_zatwierdzenie_pzk").id
    meeting_id = engine.meetings.schedule(pzk, partnership, AT, "Sala narad GOPS", [task_id]).summary.id

    with pytest.raises(NotFound):
        engine.meetings.meeting(people.outsider, meeting_id)
    assert engine.meetings.meetings(people.outsider) == []
    with pytest.raises(NotAllowed):
        engine.meetings.schedule(people.outsider, partnership, AT, "Gdzie indziej", [])

    seen_by_oik = engine.meetings.meeting(people.user["OIK"], meeting_id).items[0].case  # a member, not in the case
    assert (seen_by_oik.visible, seen_by_oik.business_key, seen_by_oik.family) == (False, None, None)
    assert seen_by_oik.task_name == "Zatwierdzenie planu przez PZK"
    with pytest.raises(NotAllowed):
        engine.meetings.record_attendance(people.user["OIK"], meeting_id, [])
    seen_by_animator = engine.meetings.meeting(people.user[AN], meeting_id).items[0].case
    assert seen_by_animator.business_key == case.case.business_key
    reads = audit_rows(engine, "meeting.read")
    assert (reads[-1][0], reads[-1][1]) == (people.user[AN].user_id, case.case.id)  # by case, for "who read what"
    assert reads[-2][:2] == (people.user["OIK"].user_id, None)  # shown no case


def test_the_quorum_is_the_one_the_partnerships_agreement_sets(driver):
    engine, people = driver.engine, driver.people
    pzk, partnership = people.user[PZK], people.partnership_id
    meeting_id = engine.meetings.schedule(pzk, partnership, AT, "Sala narad GOPS", []).summary.id
    assert engine.meetings.meeting(pzk, meeting_id).quorum.required == 8  # no agreement yet: more than half

    driver.start("kooperacja_pzk", starter=AN, title="PZK Brzozowa Wola")
    driver.do(AN, "ut_inicjowanie_pzk", PZK_INICJOWANIE)
    driver.do("ROPS", "ut_porozumienie", {**PZK_POROZUMIENIE, "kworum_posiedzen": 5})

    quorum = engine.meetings.record_attendance(pzk, meeting_id, institutions(people, 5)).quorum
    assert (quorum.required, quorum.from_agreement, quorum.met) == (5, True, True)


def test_the_quorum_counts_the_pzk_members_by_agreement_and_declarations_not_the_whole_directory(driver):
    engine, people = driver.engine, driver.people
    pzk, partnership = people.user[PZK], people.partnership_id
    meeting_id = engine.meetings.schedule(pzk, partnership, AT, "Sala narad GOPS", []).summary.id
    before = engine.meetings.meeting(pzk, meeting_id).quorum
    assert (before.members, before.members_from_process) == (14, False)  # no declarations: the directory

    driver.start("kooperacja_pzk", starter=AN, title="PZK Brzozowa Wola")
    driver.do(AN, "ut_inicjowanie_pzk", PZK_INICJOWANIE)
    driver.do("ROPS", "ut_porozumienie", PZK_POROZUMIENIE)
    assert engine.meetings.meeting(pzk, meeting_id).quorum.members_from_process is False  # declarations open
    driver.play([deklaracja("PCPR"), deklaracja("PUP"), deklaracja("Policja"), deklaracja("NGO", przystepuje=False)])

    info = engine.meetings.meeting(pzk, meeting_id)
    joined = {people.institution_of(role) for role in (PZK, "PCPR", "PUP", "Policja")}  # GOPS leads, three joined
    assert {a.institution_id for a in info.attendance} == joined
    assert (info.quorum.members, info.quorum.required, info.quorum.members_from_process) == (4, 3, True)
    with pytest.raises(InvalidInput, match="członkowskich PZK"):  # the ROPS and the NGO that declined are not
        engine.meetings.record_attendance(pzk, meeting_id, [people.institution_of("ROPS")])
    with pytest.raises(InvalidInput):
        engine.meetings.record_attendance(pzk, meeting_id, [people.institution_of("NGO")])
    quorum = engine.meetings.record_attendance(pzk, meeting_id, sorted(joined)[:3]).quorum
    assert (quorum.present, quorum.met) == (3, True)


def test_a_case_decided_outside_the_meeting_is_reported_and_the_others_are_carried_out(driver):
    engine, people = driver.engine, driver.people
    pzk, partnership = people.user[PZK], people.partnership_id
    outside, inside = cases_waiting(driver, 2)
    task_ids = [outside.find(PZK, "ut_zatwierdzenie_pzk").id, inside.find(PZK, "ut_zatwierdzenie_pzk").id]
    meeting = engine.meetings.schedule(pzk, partnership, AT, "Sala narad GOPS", task_ids)
    meeting_id = meeting.summary.id
    engine.meetings.record_attendance(pzk, meeting_id, institutions(people, 8))
    for item in meeting.items:
        engine.meetings.record_decision(pzk, meeting_id, item.id, ZATWIERDZENIE)
    outside.do(PZK, "ut_zatwierdzenie_pzk", DO_POPRAWY)  # on the task's own page, before the meeting closes

    closed = engine.meetings.close(pzk, meeting_id)

    outcomes = {item.case.case_id: (item.outcome, item.outcome_message) for item in closed.items}
    assert outcomes[outside.case.id] == ("refused", "To zadanie zostało już wykonane.")
    assert outcomes[inside.case.id] == ("done", "Sprawa poszła dalej: Zawarcie kontraktu socjalnego.")
    assert outside.open_ids() == ["ut_plan"]  # the decision taken outside stands
    assert inside.open_ids() == ["ut_kontrakt"]


def test_a_meeting_decides_a_family_case_and_a_group_case(driver):
    """The agenda is every open task of the PZK lane, whatever the process: the group's project approval too."""
    engine, people = driver.engine, driver.people
    pzk, partnership = people.user[PZK], people.partnership_id
    (family,) = cases_waiting(driver, 1)
    group = CaseDriver(engine, people, roundtrip=driver.roundtrip, check_visibility=False)
    group.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    group.play(SENIORZY_Z_WOLI[:6])  # nomination, consents, diagnosis, the project: the PZK approves it
    assert group.open_ids() == ["ut_grupa_zatwierdzenie_pzk"]

    waiting = engine.meetings.waiting(pzk, partnership)
    assert sorted(c.bpmn_id for c in waiting) == ["ut_grupa_zatwierdzenie_pzk", "ut_zatwierdzenie_pzk"]
    meeting = engine.meetings.schedule(pzk, partnership, AT, "Sala narad GOPS", [c.task_id for c in waiting])
    info = engine.meetings.record_attendance(pzk, meeting.summary.id, institutions(people, 8))
    by_case = {item.case.case_id: item for item in info.items}
    group_item, family_item = by_case[group.case.id], by_case[family.case.id]
    assert "decyzja_pzk" in engine.meetings.item_form(pzk, meeting.summary.id, group_item.id).schema["properties"]
    engine.meetings.record_decision(pzk, meeting.summary.id, family_item.id, ZATWIERDZENIE)
    engine.meetings.record_decision(pzk, meeting.summary.id, group_item.id, ZATWIERDZENIE_PROJEKTU)

    closed = engine.meetings.close(pzk, meeting.summary.id)

    assert [item.outcome for item in closed.items] == ["done", "done"]
    for one in (family, group):
        one.check()
    assert family.open_ids() == ["ut_kontrakt"]
    assert group.data()["decyzja_pzk"] == "zatwierdzony"
    assert "ut_grupa_zatwierdzenie_pzk" not in group.open_ids()


def test_the_agenda_names_a_group_case_as_its_pages_do_and_the_minutes_by_its_kind(driver):
    """To those in the case a group is "Sprawa grupowa: <name>" (not a bare initial "S."); the minutes, kept by
    every member institution, say only "Sprawa grupowa" beside the number; outsiders see neither."""
    engine, people = driver.engine, driver.people
    pzk, partnership = people.user[PZK], people.partnership_id
    group = CaseDriver(engine, people, roundtrip=driver.roundtrip, check_visibility=False)
    group.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    group.play(SENIORZY_Z_WOLI[:6])

    (waiting,) = engine.meetings.waiting(pzk, partnership)
    assert (waiting.kind, waiting.group, waiting.family) == ("grupa", "Seniorzy z Woli Rafałowskiej", "Sprawa grupowa")
    meeting_id = engine.meetings.schedule(pzk, partnership, AT, "Sala narad GOPS", [waiting.task_id]).summary.id
    (item,) = engine.meetings.meeting(pzk, meeting_id).items
    assert (item.case.kind, item.case.group, item.case.family) == (waiting.kind, waiting.group, waiting.family)
    form = engine.meetings.item_form(pzk, meeting_id, item.id)
    assert (form.kind, form.group, form.family) == ("grupa", "Seniorzy z Woli Rafałowskiej", "Sprawa grupowa")
    (minutes_item,) = engine.meetings.minutes(pzk, meeting_id).items
    assert minutes_item.case.family == "Sprawa grupowa"

    (hidden,) = engine.meetings.meeting(people.user["OIK"], meeting_id).items
    assert (hidden.case.visible, hidden.case.kind, hidden.case.group, hidden.case.family) == (False, None, None, None)


def test_the_minutes_name_a_person_by_initials_and_a_family_by_its_initial():
    assert minutes_name("osoba", "Maria Wilk") == "Osoba M. W."
    assert minutes_name("rodzina", "Rodzina Nowakowskich") == "Rodzina N."
    assert minutes_name(kind_of(None, "kooperacja_rodzina"), "Rodzina Nowakowskich") == "Rodzina N."
    assert minutes_name(kind_of(None, "kooperacja_grupa"), "Seniorzy z Woli Rafałowskiej") == "Sprawa grupowa"
