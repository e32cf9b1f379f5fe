"""The engine answers NotAllowed to someone who may never do a task, whatever state the task is in."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from engine.errors import Conflict, NotAllowed, NotFound
from tests.engine.helpers import Driver
from tests.factories import ADMIN, ANIMATOR_ROLE, OPS_ROLE

NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek"], "pilne": False}


@pytest.fixture
def nomination(engine, people):
    driver = Driver(engine, roundtrip=False)
    driver.start(people.ops, partnership_id=people.partnership_id)
    return driver.task(people.ops, "ut_zgloszenie")


def test_claim_and_completion_without_the_role_are_not_allowed_before_and_after_completion(engine, people, nomination):
    with pytest.raises(NotFound):  # a partner not in the case yet does not even learn the task exists
        engine.tasks.claim(people.pcpr, nomination.id)
    for actor in (people.supervisor, people.animator):
        with pytest.raises(NotAllowed):
            engine.tasks.claim(actor, nomination.id)
        with pytest.raises(NotAllowed):
            engine.tasks.require_permitted(actor, nomination.id)
    engine.tasks.complete(people.ops, nomination.id, NOMINATION, claim=True)
    for actor in (people.supervisor, people.animator):
        with pytest.raises(NotAllowed):
            engine.tasks.complete(actor, nomination.id, NOMINATION, claim=True)
        with pytest.raises(NotAllowed):
            engine.tasks.claim(actor, nomination.id)


def test_someone_who_may_do_it_but_came_too_late_gets_a_conflict(engine, people, nomination):
    engine.tasks.complete(people.ops, nomination.id, NOMINATION, claim=True)
    engine.tasks.require_permitted(people.ops2, nomination.id)  # the same role in the same institution
    with pytest.raises(Conflict) as raised:
        engine.tasks.complete(people.ops2, nomination.id, NOMINATION, claim=True)
    assert not isinstance(raised.value, NotAllowed)


def test_a_deactivated_person_may_neither_open_nor_complete_a_task_nor_learn_whether_one_exists(
    engine, people, nomination
):
    engine.directory.update_user(ADMIN, people.ops.user_id, active=False)
    for task_id in (nomination.id, "no-such-task"):
        with pytest.raises(NotAllowed, match="nieaktywne"):
            engine.tasks.complete(people.ops, task_id, NOMINATION, claim=True)
        with pytest.raises(NotAllowed, match="nieaktywne"):
            engine.task_page.get(people.ops, task_id)
    engine.directory.update_user(ADMIN, people.ops.user_id, active=True)
    with pytest.raises(NotFound):
        engine.tasks.complete(people.ops, "no-such-task", NOMINATION, claim=True)
    engine.tasks.complete(people.ops, nomination.id, NOMINATION, claim=True)


def test_a_role_taken_away_counts_from_the_next_step(engine, people, nomination):
    """The roles a completion checks are read in the same transaction (with the task), not remembered."""
    engine.tasks.require_permitted(people.ops, nomination.id)
    engine.directory.set_roles(ADMIN, people.ops.user_id, [ANIMATOR_ROLE])
    with pytest.raises(NotAllowed, match="wymaga roli"):
        engine.tasks.complete(people.ops, nomination.id, NOMINATION, claim=True)
    engine.directory.set_roles(ADMIN, people.ops.user_id, [OPS_ROLE])
    engine.tasks.complete(people.ops, nomination.id, NOMINATION, claim=True)


def test_a_persons_completion_reads_who_they_are_and_the_task_in_one_statement(engine, people, nomination):
    """The guards of a person's step (active account, roles, institution, the institution's roles in the
    case, the task and its case) are one read: no other statement before the writes reads the user, their
    roles or the case's participants (a case not in the workflow cache is still read on its own)."""
    seen: list[str] = []

    def hook(_connection, _cursor, statement, *_):
        seen.append(" ".join(statement.split()))

    database = engine.context.db.engine
    event.listen(database, "before_cursor_execute", hook)
    try:
        engine.tasks.complete(people.ops, nomination.id, NOMINATION, claim=True)
    finally:
        event.remove(database, "before_cursor_execute", hook)
    first_write = next(i for i, sql in enumerate(seen) if sql.split(None, 1)[0] in ("UPDATE", "INSERT", "DELETE"))
    guards = [sql for sql in seen[:first_write] if any(t in sql for t in ("app_user", "user_role", "case_participant"))]
    assert len(guards) == 1, guards
    assert "FROM human_task" in guards[0] and "user_role" in guards[0] and "case_participant" in guards[0]
