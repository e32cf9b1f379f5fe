"""Connections, transactions and schema migration.

One ``Database`` per process and URL. ``transaction()`` is the unit of work every engine call runs
in: it commits when the block ends and rolls back when it raises.
"""

from __future__ import annotations

import select
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from engine.errors import Conflict

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
WAL_CHECKPOINT_PAGES = 10_000  # SQLite copies its write-ahead log into the database after this many pages


class Database:
    """An SQLAlchemy engine plus the session factory bound to it."""

    def __init__(self, url: str, echo: bool = False):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.engine: Engine = _create_engine(url, echo)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Session]:
        """Run a block in one transaction; SQLite write blocks take the write lock up front."""
        with self._sessions() as session:
            if self.is_sqlite:
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE" if write else ""})
            try:
                yield session
                session.commit()
            except OperationalError as error:
                session.rollback()
                if self.is_sqlite and "locked" in str(error):
                    raise Conflict("Baza danych jest zajęta, spróbuj ponownie.") from error
                raise
            except BaseException:
                session.rollback()
                raise

    def read(self, statement, parameters: dict | None = None) -> list:
        """The rows of one read-only statement, outside a transaction on a server.

        A single statement sees one consistent snapshot by itself; on PostgreSQL autocommit spares
        the BEGIN and COMMIT round trips a transaction costs (SQLite has none, and keeps its own).
        """
        if self.is_sqlite:
            with self.transaction(write=False) as session:
                return session.execute(statement, parameters).all()
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            return connection.execute(statement, parameters).all()

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision."""
        config = alembic_config()
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def pipelined(session: Session) -> Iterator[None]:
    """Send the block's statements to PostgreSQL without waiting for each one's answer (psycopg's
    pipeline mode): the server runs them in order and the block ends after one round trip.

    Only for writes whose results nobody reads inside the block: SQLAlchemy sees no rows and no
    ``rowcount`` until the block ends (``rows_changed`` reads one after it; a SELECT in it raises
    ``ResourceClosedError``, and so do an ORM insert of an entity and a one-row Core insert that is
    not ``inline()``: both read the new ids back). A statement that fails raises at the latest when
    the block ends, as the same SQLAlchemy error a statement run on its own would raise
    (``IntegrityError``, …), and the transaction rolls back as usual. On SQLite, where a statement is
    no round trip, and with a libpq too old for pipelines (before PostgreSQL 14's), the block runs
    statement by statement.
    """
    connection = session.connection()
    if connection.dialect.driver != "psycopg":
        yield
        return
    import psycopg  # only on PostgreSQL: SQLite deployments need not have it

    if not psycopg.Pipeline.is_supported():
        yield
        return
    driver = connection.connection.driver_connection
    try:
        with driver.pipeline():
            yield
    except psycopg.Error as error:
        raise DBAPIError.instance(None, None, error, psycopg.Error, dialect=connection.dialect) from error


def rows_changed(result) -> int:
    """The rows an ``UPDATE`` or ``DELETE`` changed, also one sent in a ``pipelined`` block (read it after the
    block: SQLAlchemy takes the row count when the statement is sent, before the pipeline has the answer,
    and the driver's cursor has it once the block has ended)."""
    count = result.rowcount
    return count if count >= 0 else result.context.cursor.rowcount


def alembic_config() -> Config:
    """Alembic's configuration for the shipped migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _create_engine(url: str, echo: bool) -> Engine:
    if not url.startswith("sqlite"):
        engine = create_engine(url, echo=echo)
        _ping_when_the_server_spoke(engine)
        return engine
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": 30})
    engine.dialect.statement_compiler = _SQLiteCompiler
    _sqlite_transactions(engine)
    return engine


def _ping_when_the_server_spoke(engine: Engine) -> None:
    """Hand out no pooled connection the server has dropped (a restart, an idle timeout, a terminated
    backend), without a round trip per checkout.

    ``pool_pre_ping`` pings every connection it hands out: a round trip per transaction, about a tenth of
    a completion's. A server that drops a connection tells the client (an error message, then the socket
    closes), so an idle connection's socket with something to read is the sign: only then it is pinged,
    and a connection that fails the ping is replaced (the pool retries the checkout). A connection the
    network lost without a word is not caught here, nor would a ping catch it before its timeout.
    """

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, _record, _proxy):
        if getattr(dbapi_connection, "closed", False):
            raise DisconnectionError("the connection is closed")
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
        if not readable:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 - whatever the driver raises, the connection is gone
            raise DisconnectionError(f"the server dropped the connection: {error}") from error
        if not alive:
            raise DisconnectionError("the server dropped the connection")


class _SQLiteCompiler(SQLiteCompiler):
    """SQLAlchemy's SQLite compiler, rendering a table hint after the table's name: SQLite's
    ``INDEXED BY`` (``store.probes.case_probe``), which the stock compiler drops."""

    def get_from_hint_text(self, table, text):
        return text


def _sqlite_transactions(engine: Engine) -> None:
    """Let us emit BEGIN ourselves (pysqlite's implicit BEGIN cannot take the lock up front)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        # reads through the OS page cache without a copy per page: the default 2 MB page cache holds
        # little of a database of 100,000 cases, and every miss was a read() call (address space only)
        cursor.execute("PRAGMA mmap_size=1073741824")
        # a case writes ~480 WAL pages (every index a step touches), so the default checkpoint every
        # 1,000 pages ran every second case, each with two fsyncs; at 10,000 (a WAL of up to ~40 MB) the
        # hot pages are copied once for twenty cases: ~10 % off a completion (bench/README.md)
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())
