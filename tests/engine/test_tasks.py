"""Worker task lists and the guards around claiming and completing."""

from __future__ import annotations

import pytest

from engine.errors import Conflict, InvalidFormData, InvalidState, NotAllowed, NotFound
from tests.engine.helpers import Driver
from tests.factories import add_person

NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek", "Anna"], "pilne": True}


@pytest.fixture
def pcpr_task(engine, people):
    """A case waiting for the PCPR assessment, not yet claimed."""
    driver = Driver(engine, roundtrip=False)
    driver.start(people.ops, partnership_id=people.partnership_id)
    driver.do(people.ops, "ut_zgloszenie", NOMINATION)
    return driver.task(people.pcpr, "ut_pcpr")


def test_starter_finds_the_first_task_in_the_inbox(engine, people):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    inbox = engine.tasks.inbox(people.ops)
    assert [(t.case_id, t.bpmn_id, t.assignee_id) for t in inbox] == [(case.id, "ut_zgloszenie", people.ops.user_id)]
    assert engine.tasks.queue(people.ops2) == []


def test_queue_shows_the_task_to_every_holder_of_the_role_in_a_partner_institution(engine, people, pcpr_task):
    assert [t.id for t in engine.tasks.queue(people.pcpr)] == [pcpr_task.id]
    assert engine.tasks.queue(people.ops) == []
    assert engine.tasks.queue(people.outsider) == []


def test_outsider_cannot_see_the_task_at_all(engine, people, pcpr_task):
    with pytest.raises(NotFound):
        engine.tasks.get(people.outsider, pcpr_task.id)
    with pytest.raises(NotFound):
        engine.tasks.claim(people.outsider, pcpr_task.id)
    with pytest.raises(NotFound):
        engine.runtime.case(people.outsider, pcpr_task.case_id)


def test_partner_without_the_role_may_not_claim(engine, people, pcpr_task):
    with pytest.raises(NotAllowed, match="wymaga roli „PCPR”"):
        engine.tasks.claim(people.ops, pcpr_task.id)


def test_role_holder_whose_institution_does_not_play_the_role_may_not_claim(engine, people, pcpr_task):
    actor = add_person(engine, "p.gops", people.institutions["gops"], "PCPR", "Pracownik socjalny OPS")
    with pytest.raises(NotAllowed, match="nie pełni w tej sprawie roli"):
        engine.tasks.claim(actor, pcpr_task.id)


def test_completion_needs_a_claim_first(engine, people, pcpr_task):
    with pytest.raises(NotAllowed, match="Najpierw podejmij"):
        engine.tasks.complete(people.pcpr, pcpr_task.id, {"ocena_pcpr": "ok"})


def test_second_claim_conflicts_and_unclaim_returns_the_task_to_the_queue(engine, people, pcpr_task):
    colleague = add_person(engine, "m.pcpr", people.institutions["pcpr"], "PCPR")
    engine.tasks.claim(people.pcpr, pcpr_task.id)
    with pytest.raises(Conflict):
        engine.tasks.claim(colleague, pcpr_task.id)
    assert engine.tasks.queue(colleague) == []
    assert [t.id for t in engine.tasks.inbox(people.pcpr)] == [pcpr_task.id]

    engine.tasks.unclaim(people.pcpr, pcpr_task.id)
    assert [t.id for t in engine.tasks.queue(colleague)] == [pcpr_task.id]
    with pytest.raises(Conflict):
        engine.tasks.unclaim(colleague, pcpr_task.id)


def test_invalid_form_data_is_refused_per_field_and_changes_nothing(engine, people, pcpr_task):
    engine.tasks.claim(people.pcpr, pcpr_task.id)
    with pytest.raises(InvalidFormData) as raised:
        engine.tasks.complete(people.pcpr, pcpr_task.id, {"ocena_pcpr": ""})
    assert raised.value.by_field() == {"ocena_pcpr": ["To pole nie może być puste."]}
    with pytest.raises(InvalidFormData) as raised:
        engine.tasks.complete(people.pcpr, pcpr_task.id, {})
    assert raised.value.by_field() == {"ocena_pcpr": ["To pole jest wymagane."]}

    assert [t.id for t in engine.tasks.inbox(people.pcpr)] == [pcpr_task.id]
    engine.tasks.complete(people.pcpr, pcpr_task.id, {"ocena_pcpr": "kwalifikuje się"})
    assert [t.id for t in engine.tasks.archive(people.pcpr)] == [pcpr_task.id]


def test_a_task_completes_once(engine, people, pcpr_task):
    engine.tasks.claim(people.pcpr, pcpr_task.id)
    done = engine.tasks.complete(people.pcpr, pcpr_task.id, {"ocena_pcpr": "ok"}).task
    assert done.status == "completed" and done.completed_by == people.pcpr.user_id
    with pytest.raises(Conflict, match="już wykonane"):
        engine.tasks.complete(people.pcpr, pcpr_task.id, {"ocena_pcpr": "inna"})


def test_claim_and_complete_in_one_step_reports_the_tasks_it_opened(engine, people, pcpr_task):
    completion = engine.tasks.complete(people.pcpr, pcpr_task.id, {"ocena_pcpr": "ok"}, claim=True)
    assert completion.task.assignee_id == people.pcpr.user_id
    assert [(t.bpmn_id, t.role) for t in completion.opened] == [("ut_wywiad", "Pracownik socjalny OPS")] * 2
    assert {t.id for t in completion.opened} == {t.id for t in engine.tasks.queue(people.ops)}
    assert {t.id for t in engine.tasks.of_case(people.ops, pcpr_task.case_id)} == {t.id for t in completion.opened}


def test_claim_on_complete_does_not_take_a_colleagues_task(engine, people, pcpr_task):
    colleague = add_person(engine, "c.pcpr", people.institutions["pcpr"], "PCPR")
    engine.tasks.claim(colleague, pcpr_task.id)
    with pytest.raises(Conflict, match="inna osoba"):
        engine.tasks.complete(people.pcpr, pcpr_task.id, {"ocena_pcpr": "ok"}, claim=True)


def test_draft_is_kept_for_the_assignee_only(engine, people, pcpr_task):
    engine.tasks.claim(people.pcpr, pcpr_task.id)
    engine.tasks.save_draft(people.pcpr, pcpr_task.id, {"ocena_pcpr": "w trakcie"})
    assert engine.tasks.get(people.pcpr, pcpr_task.id).draft == {"ocena_pcpr": "w trakcie"}
    colleague = add_person(engine, "x.pcpr", people.institutions["pcpr"], "PCPR")
    with pytest.raises(Conflict):
        engine.tasks.save_draft(colleague, pcpr_task.id, {"ocena_pcpr": "cudze"})


def test_task_detail_shows_the_form_and_only_its_own_fields(engine, people, pcpr_task):
    detail = engine.tasks.get(people.pcpr, pcpr_task.id)
    assert detail.schema["required"] == ["ocena_pcpr"]
    assert detail.data == {}  # the nomination data (family, members) is not the PCPR form's business


def test_no_completion_while_the_case_is_suspended(engine, people, pcpr_task):
    engine.tasks.claim(people.pcpr, pcpr_task.id)
    engine.runtime.suspend(people.supervisor, pcpr_task.case_id, "wyjaśnienie zgody")
    with pytest.raises(InvalidState):
        engine.tasks.complete(people.pcpr, pcpr_task.id, {"ocena_pcpr": "ok"})
    assert engine.tasks.queue(people.pcpr) == []
    engine.runtime.resume(people.supervisor, pcpr_task.case_id)
    engine.tasks.complete(people.pcpr, pcpr_task.id, {"ocena_pcpr": "ok"})


def test_reads_and_writes_of_case_data_are_audited(engine, people, pcpr_task):
    engine.tasks.get(people.pcpr, pcpr_task.id)
    engine.tasks.claim(people.pcpr, pcpr_task.id)
    engine.tasks.complete(people.pcpr, pcpr_task.id, {"ocena_pcpr": "ok"})
    trail = engine.history.audit_trail(people.supervisor, pcpr_task.case_id)
    mine = [action for _at, actor, action, _task in trail if actor == people.pcpr.user_id]
    assert mine == ["task.read", "task.claimed", "task.complete"]
    with pytest.raises(NotAllowed):
        engine.history.audit_trail(people.pcpr, pcpr_task.case_id)
