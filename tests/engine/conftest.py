"""Fixtures for engine tests: the test process deployed and the people of its partnership."""

from __future__ import annotations

import pytest

from tests.factories import deploy_test_process, make_directory


@pytest.fixture
def people(engine):
    """The test process deployed, and users of every role in (and outside) its partnership."""
    deploy_test_process(engine)
    return make_directory(engine)
