"""Page tests that change what the process tests keep from test to test on PostgreSQL.

The partnership and the deployed processes stay in the PostgreSQL schema between tests (see
tests/processes/conftest.py); a test that adds users or deploys must let the next test build them
again. SQLite tests copy a fresh file each, so there is nothing to undo.
"""

from __future__ import annotations

from tests.processes.conftest import POSTGRES_PARTNERSHIPS, empty_database


def directory_changed(database_url: str) -> None:
    """The next PostgreSQL test starts from an empty directory and makes the partnership again."""
    POSTGRES_PARTNERSHIPS.pop(database_url, None)


def deployments_changed(database_url: str) -> None:
    """The next PostgreSQL test also deploys processes/ again (the newest version must be theirs)."""
    if not database_url.startswith("sqlite"):
        directory_changed(database_url)
        empty_database(database_url, keep=set())
