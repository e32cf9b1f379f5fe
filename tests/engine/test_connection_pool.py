"""Pooled PostgreSQL connections: one the server dropped is never handed out; a healthy one is handed out
without a ping (a round trip per transaction)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from engine.db.database import Database
from tests.conftest import BACKENDS, POSTGRES_URL

POSTGRES = next(backend for backend in BACKENDS if getattr(backend, "values", None) == ("postgres",))
pytestmark = pytest.mark.parametrize("database_url", [POSTGRES], indirect=True)  # a pool of server connections


@pytest.fixture
def pings(database, monkeypatch) -> list[int]:
    """The pings the pool sends (the dialect's own ping, counted)."""
    sent: list[int] = []
    dialect = database.engine.dialect
    real = dialect.do_ping

    def counted(dbapi_connection):
        sent.append(1)
        return real(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return sent


def backend_pid(database: Database) -> int:
    with database.transaction(write=False) as session:
        return session.execute(text("SELECT pg_backend_pid()")).scalar_one()


def terminate(pid: int) -> None:
    """What a server restart or an administrator's ``pg_terminate_backend`` does to a pooled connection;
    returns when the backend is gone (the server signals it and it ends a moment later)."""
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
            connection.commit()
            deadline = time.monotonic() + 10
            alive = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
            while connection.execute(alive, {"pid": pid}).scalar_one() and time.monotonic() < deadline:
                connection.commit()  # a new snapshot of the activity view
                time.sleep(0.02)
    finally:
        admin.dispose()


def test_a_connection_the_server_dropped_is_replaced_before_a_transaction_uses_it(database, pings):
    first = backend_pid(database)
    terminate(first)
    second = backend_pid(database)  # no error: the transaction got a live connection
    assert second != first
    assert pings, "the dropped connection was pinged before being handed out"
    assert backend_pid(database) == second


def test_a_healthy_pooled_connection_is_handed_out_without_a_ping(database, pings):
    first = backend_pid(database)
    for _ in range(5):
        assert backend_pid(database) == first
    assert pings == []
