"""Fixtures for background work: a real SMTP server, and an engine whose worker mails to it.

Like every engine test, each runs with the workflow cache and restoring every case from the database.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine import Engine
from engine.config import JobSettings
from tests.engine.jobs.smtp_sink import SmtpSink
from tests.factories import deploy_test_process, make_directory

JOBS = JobSettings(
    reminder_before=timedelta(days=2),
    max_attempts=3,
    backoff=timedelta(seconds=30),
    lease=timedelta(minutes=5),
    base_url="https://kooperacja.test",
)


@pytest.fixture
def smtp():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture(params=["cached", "restored"])
def engine(request, database_url, clock, smtp):
    capacity = 512 if request.param == "cached" else 0
    instance = Engine.from_url(database_url, clock=clock, cache_capacity=capacity, jobs=JOBS, mailer=smtp.mailer())
    yield instance
    instance.close()


@pytest.fixture
def people(engine):
    """The test process deployed; its people have e-mail addresses (``tests.factories.email_of``)."""
    deploy_test_process(engine)
    return make_directory(engine, emails=True)
