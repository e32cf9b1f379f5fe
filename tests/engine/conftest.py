"""Fixtures for engine tests.

Every engine test runs twice: with the in-process workflow cache, and with no cache, so that every
call restores the case from the database (the save/restore round trip).
"""

from __future__ import annotations

import pytest

from engine import Engine
from engine.db.database import Database
from tests.engine.nowakowski import setting  # noqa: F401 - the Nowakowski case at its agreed plan, per module
from tests.factories import deploy_test_process, make_directory
from tests.processes.conftest import prepared_sqlite  # noqa: F401 - what ``setting`` starts from on SQLite


@pytest.fixture(params=["cached", "restored"])
def engine(request, database_url, clock):
    capacity = 512 if request.param == "cached" else 0
    instance = Engine.from_url(database_url, clock=clock, cache_capacity=capacity)
    yield instance
    instance.close()


@pytest.fixture
def database(database_url):
    """The bare database (no engine) for tests of the connection layer."""
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def people(engine):
    """The test process deployed, and users of every role in (and outside) its partnership."""
    deploy_test_process(engine)
    return make_directory(engine)
