"""Page tests: the Flask app over the deployed Model Kooperacji and the Brzozowa Wola partnership.

The fixtures of tests/processes (deployed processes, one user per role) are reused, so a page test
sees the same partnership as the scenario tests. Users are logged in through the session (the login
form itself is tested in test_auth.py with a real password).
"""

from __future__ import annotations

import re
import time

import pytest
from werkzeug.datastructures import MultiDict

from tests.processes.conftest import database_url, people, prepared_sqlite  # noqa: F401 - fixtures
from tests.processes.driver import CaseDriver
from web import create_app

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app(engine, people):  # noqa: F811 - the imported fixture
    return create_app({"TESTING": True, "ENGINE": engine, "SECRET_KEY": "test-secret"})


class Browser:
    """A test client that logs in as a user and sends the CSRF token with every form, as a browser would."""

    def __init__(self, app, actor=None):
        self.client = app.test_client()
        if actor is not None:
            key = app.extensions["kooperacja.engine"].sessions.start(actor.user_id)
            now = int(time.time())
            with self.client.session_transaction() as session:
                session.update(user_id=actor.user_id, key=key, since=now, seen=now)

    def get(self, path: str, **options):
        return self.client.get(path, **options)

    def post(self, path: str, data: dict | list | None = None, **options):
        token = self.csrf_token()
        fields = list(data.items()) if isinstance(data, dict) else list(data or [])
        return self.client.post(path, data=MultiDict([*fields, ("csrf_token", token)]), **options)

    def csrf_token(self) -> str:
        with self.client.session_transaction() as session:
            if "csrf" not in session:
                session["csrf"] = "test-csrf-token"
            return session["csrf"]


@pytest.fixture
def browser(app, people):  # noqa: F811
    """``browser(role)``: a client logged in as the partnership's user holding ``role`` (None: anonymous)."""

    def as_role(role: str | None = None, actor=None) -> Browser:
        return Browser(app, actor if actor is not None else (people.user[role] if role else None))

    return as_role


@pytest.fixture
def case_driver(engine, people):  # noqa: F811
    """Drives a case through the engine API (live), for pages that need one at some stage."""
    return CaseDriver(engine, people, roundtrip=False, check_visibility=False)
