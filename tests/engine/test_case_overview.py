"""What a partner institution sees of a case: its header and partners by name, its open tasks and who holds
them, and the list of its cases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.errors import NotFound
from tests.engine.helpers import Driver
from tests.factories import ADMIN, ANIMATOR_ROLE, OPS_ROLE, PCPR_ROLE

NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek", "Anna"], "pilne": True}


def test_the_case_names_its_partner_institutions(engine, people):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    seen = engine.runtime.case(people.pcpr, case.id)
    assert seen.participant_names == (
        (ANIMATOR_ROLE, "GOPS Brzozowa Wola"),
        (PCPR_ROLE, "PCPR w Brzozowej Woli"),
        (OPS_ROLE, "GOPS Brzozowa Wola"),
    )
    gops, pcpr = people.institutions["gops"], people.institutions["pcpr"]
    assert seen.participants == ((ANIMATOR_ROLE, gops), (PCPR_ROLE, pcpr), (OPS_ROLE, gops))
    with pytest.raises(NotFound):
        engine.runtime.case(people.outsider, case.id)


def test_lists_name_the_person_holding_each_task(engine, people):
    engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    [started] = engine.tasks.inbox(people.ops)
    assert (started.assignee_id, started.assignee_name) == (people.ops.user_id, "K Mazur")

    completion = engine.tasks.complete(people.ops, started.id, NOMINATION)
    assert completion.task.assignee_name == "K Mazur"
    [opened] = completion.opened
    assert (opened.bpmn_id, opened.assignee_name) == ("ut_pcpr", None)
    assert engine.tasks.claim(people.pcpr, opened.id).assignee_name == "D Kwiatkowska"
    assert [t.assignee_name for t in engine.tasks.of_case(people.ops, opened.case_id)] == ["D Kwiatkowska"]
    assert engine.tasks.unclaim(people.pcpr, opened.id).assignee_name is None
    assigned = engine.tasks.assign(people.supervisor, opened.id, people.pcpr.user_id)
    assert assigned.assignee_name == "D Kwiatkowska"
    assert [t.assignee_name for t in engine.tasks.inbox(people.pcpr)] == ["D Kwiatkowska"]
    assert [t.assignee_name for t in engine.tasks.archive(people.ops)] == ["K Mazur"]


def test_the_open_tasks_of_a_case_are_for_its_partners_and_supervisors_only(engine, people):
    driver = Driver(engine, roundtrip=False)
    driver.start(people.ops, partnership_id=people.partnership_id)
    driver.do(people.ops, "ut_zgloszenie", NOMINATION)
    for actor in (people.ops, people.pcpr, people.animator, people.supervisor):
        assert [(t.bpmn_id, t.role) for t in engine.tasks.of_case(actor, driver.case.id)] == [("ut_pcpr", PCPR_ROLE)]
    with pytest.raises(NotFound):
        engine.tasks.of_case(people.outsider, driver.case.id)


def test_an_institution_lists_its_cases_newest_first(engine, people, clock):
    first = engine.runtime.start(
        people.ops, "test_sprawa", title="Rodzina Nowakowskich", partnership_id=people.partnership_id
    )
    clock.advance(timedelta(hours=1))
    second = engine.runtime.start(people.ops2, "test_sprawa", title="Rodzina Kowalskich")  # GOPS only, no PZK
    clock.advance(timedelta(hours=1))
    elsewhere = engine.runtime.start(people.outsider, "test_sprawa", title="Rodzina Obcych")

    listed = engine.runtime.cases_of(people.ops)
    assert [(c.id, c.title, c.status, c.stage) for c in listed] == [
        (second.id, "Rodzina Kowalskich", "running", "Zgłoszenie"),
        (first.id, "Rodzina Nowakowskich", "running", "Zgłoszenie"),
    ]
    assert [c.id for c in engine.runtime.cases_of(people.pcpr)] == [first.id]
    assert [c.id for c in engine.runtime.cases_of(people.outsider)] == [elsewhere.id]
    assert engine.runtime.cases_of(ADMIN) == []
    assert [c.id for c in engine.runtime.cases_of(people.supervisor)] == [elsewhere.id, second.id, first.id]
    assert listed[0].participants == ()  # a list is only the header; the case page shows the partners


def test_listing_cases_is_audited_for_each_case_listed(engine, people):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    engine.runtime.cases_of(people.pcpr)
    trail = engine.history.audit_trail(people.supervisor, case.id)
    assert [(actor, action) for _at, actor, action, _task in trail] == [
        (people.ops.user_id, "case.start"),
        (people.pcpr.user_id, "case.list"),
    ]
