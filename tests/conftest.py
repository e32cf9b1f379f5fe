"""Shared fixtures: a migrated database per test (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from engine import Engine
from engine.bpmn import state, walk
from engine.clock import FrozenClock
from engine.db.database import Database
from engine.db.models import Base

POSTGRES_URL = os.environ.get("KOOPERACJA_TEST_POSTGRES_URL")
PG_SCHEMA = f"kooperacja_test_{os.getpid()}"  # one per run: parallel runs must not collide
DATA = Path(__file__).parent / "data"

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=pytest.mark.skipif(
            not POSTGRES_URL, reason="KOOPERACJA_TEST_POSTGRES_URL not set: PostgreSQL tests skipped"
        ),
    ),
]


@pytest.fixture(autouse=True)
def delta_saves_checked(monkeypatch):
    """Every save of every test also serializes the whole workflow and fails if the rows the save
    leaves in the database differ from it: the delta write is checked over every scenario. Likewise
    every search for READY tasks is compared with SpiffWorkflow's own task iterator."""
    monkeypatch.setattr(state, "CHECK_AGAINST_FULL", True)
    monkeypatch.setattr(walk, "CHECK_AGAINST_ITERATOR", True)


def postgres_url() -> str:
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{PG_SCHEMA}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file, copied for every test (migrating each time would be slow)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database(f"sqlite:///{path}")
    database.migrate()
    database.dispose()
    return path


@pytest.fixture
def sqlite_engine(sqlite_template, tmp_path, clock):
    """An engine on SQLite whatever the backend under test: for what acts the same on every database (the
    sandbox's limits) or is SQLite's own (its query plans)."""
    path = tmp_path / "sqlite-only.db"
    shutil.copy(sqlite_template, path)
    instance = Engine.from_url(f"sqlite:///{path}", clock=clock)
    yield instance
    instance.close()


@pytest.fixture(scope="session")
def postgres_schema():
    """A fresh schema in the test database, migrated once for the session."""
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    admin.dispose()
    database = Database(postgres_url())
    database.migrate()
    database.dispose()
    yield postgres_url()
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "kooperacja.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_schema")
    truncate_all(url)
    return url


def truncate_all(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def engine(database_url, clock):
    instance = Engine.from_url(database_url, clock=clock)
    yield instance
    instance.close()
