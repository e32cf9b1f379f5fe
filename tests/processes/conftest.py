"""Fixtures for the Model Kooperacji process tests: processes deployed, the partnership, a case driver.

Deploying the four processes validates and parses them (almost a second) and the partnership has
thirty-odd rows, so both are made once per backend, through the engine's services: SQLite tests
copy a migrated file that already holds them; on PostgreSQL only the case tables are emptied
between tests, and deployment and partnership are made again when they are gone (the engine tests
empty everything). No test changes the directory.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from engine import Engine
from engine.db.models import Base
from engine.errors import NotFound
from engine.services.repository import collect, content_hash
from tests.conftest import BACKENDS
from tests.factories import ADMIN
from tests.processes.driver import CaseDriver
from tests.processes.people import STAFF, Partnership, make_partnership

PROCESSES = Path(__file__).parents[2] / "processes"
START = datetime(2025, 2, 3, 9, 0, tzinfo=UTC)  # D0 of the Nowakowski case
KEPT = {"deployment", "deployment_file", "process_definition"}
DIRECTORY = {"institution", "app_user", "user_role", "partnership", "partnership_member"}
POSTGRES_PARTNERSHIPS: dict[str, Partnership] = {}  # the partnership in the PostgreSQL test schema, while it lasts


def deploy_processes(engine: Engine) -> None:
    """Deploy processes/ and forms/ unless exactly this content is the newest version already."""
    files = collect([PROCESSES])
    versions = engine.repository.versions()
    if not versions or versions[0].content_hash != content_hash(files):
        engine.repository.deploy(files, ADMIN)


def empty_database(url: str, keep: set[str]) -> None:
    connection_engine = create_engine(url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables if t.name not in keep)
    with connection_engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    connection_engine.dispose()


def _still_there(engine: Engine, people: Partnership) -> bool:
    try:
        partnership = engine.directory.partnership(people.partnership_id)
        actors = [*people.user.values(), people.supervisor, people.outsider]
        logins = [engine.directory.user(actor.user_id).login for actor in actors]
    except NotFound:
        return False
    return len(partnership.members) == len(STAFF) and logins == [actor.label for actor in actors]


@pytest.fixture(scope="session")
def prepared_sqlite(sqlite_template, tmp_path_factory) -> tuple[Path, Partnership]:
    path = tmp_path_factory.mktemp("processes") / "prepared.db"
    shutil.copy(sqlite_template, path)
    engine = Engine.from_url(f"sqlite:///{path}")
    deploy_processes(engine)
    people = make_partnership(engine)
    engine.close()
    return path, people


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    """Overrides the shared fixture: the processes and the partnership stay from test to test."""
    if request.param == "sqlite":
        path = tmp_path / "kooperacja.db"
        shutil.copy(request.getfixturevalue("prepared_sqlite")[0], path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_schema")
    empty_database(url, keep=KEPT | DIRECTORY)
    return url


@pytest.fixture
def people(request, engine, clock, database_url) -> Partnership:
    """The processes deployed, and the partnership of Brzozowa Wola with one user per role."""
    clock.set(START)
    if database_url.startswith("sqlite"):
        return request.getfixturevalue("prepared_sqlite")[1]
    people = POSTGRES_PARTNERSHIPS.get(database_url)
    if people is None or not _still_there(engine, people):
        empty_database(database_url, keep=KEPT)
        people = POSTGRES_PARTNERSHIPS[database_url] = make_partnership(engine)
    deploy_processes(engine)
    return people


@pytest.fixture(params=["live", "roundtrip"])
def driver(request, engine, people, database_url) -> CaseDriver:
    """A scenario played live and again with save/restore after every step.

    Who sees each task is checked once: live on SQLite (the long scenarios check it on both backends).
    """
    live = request.param == "live"
    return CaseDriver(engine, people, roundtrip=not live, check_visibility=live and database_url.startswith("sqlite"))


@pytest.fixture
def long_driver(engine, people, database_url) -> CaseDriver:
    """For the long scenarios, run once per backend: with save/restore after every step on SQLite
    (always available), live on PostgreSQL (the engine as deployed: cached cases, PostgreSQL rows)."""
    return CaseDriver(engine, people, roundtrip=database_url.startswith("sqlite"))
