"""Every supported construct: its diagram validates clean, deploys, and a case on it runs to its end.

Each case runs through the engine's API with a save/restore check after every step (the driver's
round trip), and once more with no workflow cache at all (the ``restored`` engine), on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.bpmn.definitions import SourceFile
from engine.db.models import MessageSubscription, Timer
from engine.services.repository import validate_files
from tests.engine.bpmn_samples import FORM_NAME, deployment, form_json
from tests.engine.conformance.constructs import ALL, FORM
from tests.engine.helpers import Driver
from tests.factories import ADMIN, make_directory


class Run(Driver):
    def waiting(self) -> tuple[list[str], int]:
        """The case's message subscriptions and number of timer rows, as the database holds them."""
        with self.engine.context.transaction(write=False) as session:
            names = session.execute(
                select(MessageSubscription.message_name).where(MessageSubscription.instance_id == self.case.id)
            ).scalars()
            timers = session.execute(select(Timer.id).where(Timer.instance_id == self.case.id)).scalars()
            return sorted(names), len(timers.all())


def files_of(construct) -> list[SourceFile]:
    return deployment(construct.bpmn, {FORM_NAME: form_json(FORM)}) + [
        SourceFile(path, content) for path, content in construct.extra
    ]


@pytest.mark.parametrize("name", sorted(ALL))
def test_the_construct_validates_clean(name):
    assert validate_files(files_of(ALL[name]())) == []


@pytest.mark.parametrize("name", sorted(ALL))
def test_a_case_on_the_construct_runs_to_its_end(engine, clock, name):
    construct = ALL[name]()
    people = make_directory(engine)
    engine.repository.deploy(files_of(construct), ADMIN)
    run = Run(engine, roundtrip=True)
    run.admin = ADMIN
    run.start(people.ops, "proba", data=construct.start_data)
    expected = construct.play(run, people, clock)
    assert run.status(ADMIN).status == "completed", run.status(ADMIN).error
    data = engine.runtime.case_data(ADMIN, run.case.id)
    assert {key: data.get(key) for key in expected} == expected
