"""The engine answers NotAllowed to someone who may never do a task, whatever state the task is in."""

from __future__ import annotations

import pytest

from engine.errors import Conflict, NotAllowed, NotFound
from tests.engine.helpers import Driver

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
