"""Questions to the ROPS model team on the Nowakowski case: the health centre asks the adviser from its
sectoral diagnosis; the question waits in the adviser's queue with its deadline in working days, the answer
comes back into the case, shown to those who may see that task and to no one else; every read and write of
the question is audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine import Engine
from engine.dto.questions import ANSWERED, OPEN, OVERDUE
from engine.errors import Conflict, InvalidFormData, NotAllowed, NotFound
from engine.roles import ADVISER, LEGAL_CONSULTANT, SUPERVISOR
from tests.factories import add_person
from tests.processes.people import PS

FRIDAY = datetime(2025, 4, 4, 10, 0, tzinfo=UTC)  # noon in Poland
HEALTH, COUNSELLING, TEAM = "Ochrona zdrowia", "PPP", "Zespół diagnostyczny"
ASKED = "Matka odmawia kontaktu z poradnią. Jak zaplanować wsparcie, żeby go nie zerwać?"


def entry_of(engine, actor, case_id, section_id: str) -> str:
    """The task id of the first entry of a section of the case file, as ``actor`` reads it."""
    section = next(s for s in engine.casefile.file(actor, case_id).sections if s.id == section_id)
    return section.entries[0].task_id


@pytest.fixture(scope="module")
def team(setting):
    rops = setting.people.institution["rops"]
    return {
        ADVISER: add_person(setting.engine, "m.doradczyni", rops, ADVISER),
        LEGAL_CONSULTANT: add_person(setting.engine, "a.prawnik", rops, LEGAL_CONSULTANT),
    }


@pytest.fixture(scope="module")
def asked(setting, team):
    """The health centre asks the adviser from the diagnostic workshop, urgently, on a Friday."""
    setting.engine.clock.set(FRIDAY)
    engine, case_id, health = setting.engine, setting.case.id, setting.user(HEALTH)
    task_id = entry_of(engine, health, case_id, "warsztat")
    return engine.questions.ask(health, case_id, ADVISER, f"  {ASKED}  ", urgent=True, task_id=task_id)


def test_an_urgent_question_waits_in_the_advisers_queue_until_the_next_working_day(setting, team, asked):
    queue = setting.engine.questions.queue(team[ADVISER], OPEN)

    mine = next(q for q in queue if q.id == asked.id)
    assert mine.question == ASKED and mine.urgent and mine.to_role == ADVISER
    assert mine.due_at == datetime(2025, 4, 7, 10, 0, tzinfo=UTC)  # Monday: the weekend does not count
    assert mine.business_key == setting.case.business_key and mine.task_name == asked.task_name
    assert mine.institution == "Ośrodek Zdrowia w Lipinach" and mine.may_answer
    assert not mine.may_open_case  # an adviser has no role in the case of their own
    assert asked.id not in [q.id for q in setting.engine.questions.queue(team[LEGAL_CONSULTANT], OPEN)]


def test_a_normal_question_is_due_in_five_working_days_and_goes_to_the_chosen_role(setting, team, asked):
    engine, case_id = setting.engine, setting.case.id

    legal = engine.questions.ask(setting.user(PS), case_id, LEGAL_CONSULTANT, "Czy potrzebna jest zgoda ojca?")

    assert legal.due_at == datetime(2025, 4, 11, 10, 0, tzinfo=UTC)
    assert legal.task_id is None and not legal.urgent
    assert legal.id in [q.id for q in engine.questions.queue(team[LEGAL_CONSULTANT], OPEN)]
    assert legal.id not in [q.id for q in engine.questions.queue(team[ADVISER], OPEN)]


def test_past_its_deadline_the_question_is_overdue_until_answered(setting, team, asked):
    engine = setting.engine
    assert asked.id not in [q.id for q in engine.questions.queue(team[ADVISER], OVERDUE)]
    engine.clock.set(datetime(2025, 4, 7, 11, 0, tzinfo=UTC))
    try:
        overdue = [q for q in engine.questions.queue(team[ADVISER], OVERDUE) if q.id == asked.id]
        assert overdue and overdue[0].is_overdue(engine.clock.now())
    finally:
        engine.clock.set(FRIDAY)


@pytest.fixture(scope="module")
def answered(setting, team, asked):
    return setting.engine.questions.answer(team[ADVISER], asked.id, "Proponuję wizytę w domu z pielęgniarką.")


def test_the_answer_comes_back_into_the_case_for_those_who_may_see_the_task(setting, answered):
    engine, case_id = setting.engine, setting.case.id
    assert answered.answered and answered.answered_by == "M Doradczyni"

    readers = (HEALTH, COUNSELLING, TEAM, PS, "Animator")  # the asker, another institution reading the workshop, …
    for reader in [setting.user(role) for role in readers] + [setting.people.supervisor]:
        shown = {q.id: q for q in engine.questions.of_case(reader, case_id)}
        assert shown[answered.id].answer == "Proponuję wizytę w domu z pielęgniarką."
        assert engine.questions.question(reader, answered.id).answer == shown[answered.id].answer
    with pytest.raises(NotFound):
        engine.questions.of_case(setting.people.outsider, case_id)
    with pytest.raises(NotFound):
        engine.questions.question(setting.people.outsider, answered.id)


def test_a_question_from_a_section_an_institution_may_not_read_is_not_shown_to_it(setting, team, answered):
    engine, case_id, animator = setting.engine, setting.case.id, setting.user("Animator")
    invitation = entry_of(engine, animator, case_id, "zaproszenia")
    asked = engine.questions.ask(animator, case_id, LEGAL_CONSULTANT, "Czy zaprosić kuratora?", task_id=invitation)

    assert asked.id in [q.id for q in engine.questions.of_case(setting.user(TEAM), case_id)]
    for role in (HEALTH, COUNSELLING):  # they see the case, but not the invitations
        assert asked.id not in [q.id for q in engine.questions.of_case(setting.user(role), case_id)]
        with pytest.raises(NotFound):
            engine.questions.question(setting.user(role), asked.id)


def test_the_asker_finds_the_answer_among_their_questions(setting, answered):
    mine = setting.engine.questions.mine(setting.user(HEALTH))

    assert [q.answer for q in mine if q.id == answered.id] == ["Proponuję wizytę w domu z pielęgniarką."]
    assert mine[0].may_open_case


def test_an_answered_question_leaves_the_open_queue_and_is_answered_once(setting, team, answered):
    engine = setting.engine
    assert answered.id not in [q.id for q in engine.questions.queue(team[ADVISER], OPEN)]
    assert answered.id in [q.id for q in engine.questions.queue(team[ADVISER], ANSWERED)]
    with pytest.raises(Conflict):
        engine.questions.answer(team[ADVISER], answered.id, "Druga odpowiedź.")


def test_a_restored_engine_reads_the_same_answer(setting, answered):
    restored = Engine.from_url(setting.url, clock=setting.engine.clock, cache_capacity=0)
    try:
        shown = restored.questions.of_case(setting.user(PS), setting.case.id)
    finally:
        restored.close()
    assert [q.answer for q in shown if q.id == answered.id] == ["Proponuję wizytę w domu z pielęgniarką."]


def test_only_the_role_asked_answers_and_only_the_team_has_a_queue(setting, team, answered):
    engine, case_id = setting.engine, setting.case.id
    question = engine.questions.ask(setting.user(PS), case_id, SUPERVISOR, "Czy możemy przedłużyć diagnozę?")
    for someone in (team[ADVISER], setting.user(PS)):
        with pytest.raises(NotAllowed):
            engine.questions.answer(someone, question.id, "Tak.")
    with pytest.raises(NotAllowed):
        engine.questions.queue(setting.user(PS))
    supervisor = setting.people.supervisor
    assert question.id in [q.id for q in engine.questions.queue(supervisor, OPEN)]
    done = engine.questions.answer(supervisor, question.id, "Tak, o dwa tygodnie.")
    assert done.may_open_case  # a ROPS supervisor sees every case


def test_a_question_needs_a_team_role_and_words_and_a_task_of_this_case(setting, team, asked):
    engine, case_id, worker = setting.engine, setting.case.id, setting.user(PS)
    with pytest.raises(InvalidFormData) as refused:
        engine.questions.ask(worker, case_id, "Animator", "   ")
    assert {e.path for e in refused.value.errors} == {"adresat", "tresc"}
    with pytest.raises(NotFound):
        engine.questions.ask(worker, case_id, ADVISER, "Pytanie?", task_id="no-such-task")
    with pytest.raises(NotFound):
        engine.questions.ask(setting.people.outsider, case_id, ADVISER, "Pytanie?")


def test_asking_answering_and_reading_are_audited(setting, team, answered):
    trail = setting.engine.history.audit_trail(setting.people.supervisor, setting.case.id)
    actions = {(row[1], row[2]) for row in trail}
    assert (setting.user(HEALTH).user_id, "question.ask") in actions
    assert (team[ADVISER].user_id, "question.answer") in actions
    assert (team[ADVISER].user_id, "question.read") in actions
    assert (setting.user(PS).user_id, "question.read") in actions
    assert (setting.people.outsider.user_id, "question.read.refused") in actions


def test_an_institution_taken_off_the_case_no_longer_reads_its_questions(setting, team, answered):
    """Last in the module: the counselling centre leaves the case."""
    engine, case_id, counselling = setting.engine, setting.case.id, setting.user(COUNSELLING)
    workshop = entry_of(engine, counselling, case_id, "warsztat")
    asked = engine.questions.ask(counselling, case_id, ADVISER, "Czy Kuba potrzebuje orzeczenia?", task_id=workshop)
    assert asked.id in [q.id for q in engine.questions.mine(counselling)]

    engine.runtime.remove_participant(
        setting.people.supervisor, case_id, COUNSELLING, setting.people.institution_of(COUNSELLING)
    )

    assert asked.id not in [q.id for q in engine.questions.mine(counselling)]
    with pytest.raises(NotFound):
        engine.questions.question(counselling, asked.id)
    assert asked.id in [q.id for q in engine.questions.queue(team[ADVISER], OPEN)]  # still to be answered
