"""What a partner institution sees of a case: its header and partners by name, its open tasks and who holds
them, and the list of its cases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.errors import NotFound
from tests.engine.helpers import Driver, audit_rows
from tests.factories import ADMIN, ANIMATOR_ROLE, OPS_ROLE, PCPR_ROLE, add_person

NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek", "Anna"], "pilne": True}


def test_a_partner_sees_the_case_once_a_task_of_its_role_opens_and_then_the_team_by_name(engine, people):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    with pytest.raises(NotFound):  # in the partnership, but nothing of this case is PCPR's business yet
        engine.runtime.case(people.pcpr, case.id)
    (nomination,) = engine.tasks.inbox(people.ops)
    engine.tasks.complete(people.ops, nomination.id, NOMINATION)  # opens the PCPR's task
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


def test_the_team_of_a_new_case_is_the_starter_and_the_animator(engine, people):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    gops = people.institutions["gops"]
    assert engine.runtime.case(people.ops, case.id).participants == ((ANIMATOR_ROLE, gops), (OPS_ROLE, gops))
    assert engine.runtime.case(people.animator, case.id).id == case.id


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
    assert engine.runtime.cases_of(people.pcpr) == []  # no PCPR task in it yet
    assert [c.id for c in engine.runtime.cases_of(people.outsider)] == [elsewhere.id]
    assert engine.runtime.cases_of(ADMIN) == []
    # a supervisor of GOPS Brzozowa Wola: the cases of its partnership and of its institution, not another gmina's
    assert [c.id for c in engine.runtime.cases_of(people.supervisor)] == [second.id, first.id]
    rops = engine.directory.add_institution(ADMIN, "ROPS Rzeszów", "ROPS").id
    regional = add_person(engine, "h.grabowska", rops, "Superwizor")
    assert [c.id for c in engine.runtime.cases_of(regional)] == [elsewhere.id, second.id, first.id]
    assert listed[0].participants == ()  # a list is only the header; the case page shows the partners


def test_listing_cases_is_audited_once_per_list(engine, people):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    engine.runtime.cases_of(people.ops)
    trail = engine.history.audit_trail(people.supervisor, case.id)
    assert [(actor, action) for _at, actor, action, _task in trail] == [(people.ops.user_id, "case.start")]
    assert audit_rows(engine, "case.list") == [(people.ops.user_id, None, {"shown": 1})]
