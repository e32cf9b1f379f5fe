"""The audit log as a hash chain: every change, insertion or deletion is found and named."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import delete, event, func, insert, select, text, update

from cli.main import main
from engine import Engine
from engine.access.acting import Acting
from engine.access.audit import audit
from engine.access.audit_chain import entry_hash, erase_details, write
from engine.db.database import MIGRATIONS_DIR, Database
from engine.db.models import AuditEntry
from tests.factories import ADMIN

LOG = AuditEntry.__table__


@pytest.fixture
def logged(engine, people):
    """A log with some history: directory changes by the administrator and a user's own."""
    engine.directory.set_notification_preferences(people.ops, {"task_new": False})
    engine.directory.update_user(ADMIN, people.ops2.user_id, display_name="Jan Nowak-Kowalski")
    engine.sessions.end_sessions(ADMIN, people.pcpr.user_id)
    return ids(engine)


def ids(engine) -> list[int]:
    with engine.context.transaction(write=False) as session:
        return list(session.execute(select(LOG.c.id).order_by(LOG.c.id)).scalars())


def tamper(engine, statement) -> None:
    """What someone with database access (not the application) does."""
    with engine.context.db.engine.begin() as connection:
        connection.execute(statement)


def test_the_log_written_by_the_application_verifies(engine, logged):
    report = engine.audit.verify()
    assert report.intact and report.problem is None
    assert report.entries == len(logged) > 10
    assert report.head_id == logged[-1]


def test_an_altered_entry_is_named(engine, logged):
    target = logged[len(logged) // 2]
    tamper(engine, update(LOG).where(LOG.c.id == target).values(detail="{}"))
    report = engine.audit.verify()
    assert (report.kind, report.entry_id) == ("altered", target)
    assert f"Wpis {target} został zmieniony" in report.problem


def test_a_detail_erased_with_its_digest_kept_verifies_and_one_simply_removed_does_not(engine, people, logged):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    engine.runtime.suspend(people.supervisor, case.id, "Pani Nowakowska w szpitalu")
    with engine.context.transaction() as session:
        assert erase_details(session, case.id) == 1
        details = session.execute(select(LOG.c.detail, LOG.c.detail_hash).where(LOG.c.instance_id == case.id)).all()
    assert [row.detail for row in details] == [None] * len(details)
    assert engine.audit.verify().intact
    tamper(engine, update(LOG).where(LOG.c.id == logged[3]).values(detail=None))  # removed, no digest kept
    report = engine.audit.verify()
    assert (report.kind, report.entry_id) == ("altered", logged[3])


def test_an_entry_altered_with_its_hash_recomputed_is_named(engine, logged):
    target = logged[3]
    with engine.context.transaction(write=False) as session:
        row = session.execute(select(LOG).where(LOG.c.id == target)).one()
    forged = {**row._mapping, "action": "login"}
    tamper(engine, update(LOG).where(LOG.c.id == target).values(action="login", hash=entry_hash(row.prev_hash, forged)))
    report = engine.audit.verify()
    assert (report.kind, report.entry_id) == ("altered", target)


def test_a_deleted_entry_is_named(engine, logged):
    target = logged[4]
    tamper(engine, delete(LOG).where(LOG.c.id == target))
    report = engine.audit.verify()
    assert (report.kind, report.entry_id) == ("deleted", logged[5])
    assert f"brak id {target}" in report.problem


def test_deleting_the_newest_entries_shows(engine, logged):
    tamper(engine, delete(LOG).where(LOG.c.id >= logged[-2]))
    report = engine.audit.verify()
    assert (report.kind, report.entry_id) == ("deleted", logged[-2])
    assert f"id {logged[-2]}–{logged[-1]}" in report.problem


def test_an_entry_inserted_in_the_middle_is_named(engine, logged):
    """Ids are free between two entries after a deletion-free gap only if made so: move the tail up first."""
    tail = logged[6:]
    tamper(engine, update(LOG).where(LOG.c.id.in_(tail)).values(id=LOG.c.id + 1000))
    with engine.context.transaction(write=False) as session:
        previous = session.execute(select(LOG).where(LOG.c.id == logged[5])).one()
    forged = {
        "at": datetime(2026, 2, 3, 9, 0, tzinfo=UTC),
        "actor_id": None,
        "action": "case.read",
        "instance_id": None,
        "task_id": None,
        "detail": None,
    }
    row = {**forged, "id": logged[5] + 1, "prev_hash": previous.hash, "hash": entry_hash(previous.hash, forged)}
    tamper(engine, insert(LOG).values(row))
    report = engine.audit.verify()
    assert (report.kind, report.entry_id) == ("inserted", logged[5] + 1)


def test_entries_added_behind_the_applications_back_are_named(engine, logged):
    entry = {"at": datetime(2026, 2, 3, 9, 0, tzinfo=UTC), "actor_id": None, "action": "login"}
    tamper(engine, insert(LOG).values(entry))
    report = engine.audit.verify()
    assert (report.kind, report.entry_id) == ("inserted", logged[-1] + 1)


def test_entries_of_a_rolled_back_savepoint_or_transaction_are_not_written(engine, logged):
    now, system = engine.clock.now(), Acting(None, None, frozenset())
    with engine.context.transaction() as session:
        audit(session, now, system, "kept.before")
        with pytest.raises(RuntimeError), session.begin_nested():
            audit(session, now, system, "dropped.in.savepoint")
            raise RuntimeError
        with session.begin_nested():
            audit(session, now, system, "kept.in.savepoint")
    with pytest.raises(RuntimeError), engine.context.transaction() as session:
        audit(session, now, system, "dropped.with.transaction")
        raise RuntimeError
    with engine.context.transaction(write=False) as session:
        actions = session.execute(select(LOG.c.action).where(LOG.c.id > logged[-1]).order_by(LOG.c.id)).scalars()
        assert list(actions) == ["kept.before", "kept.in.savepoint"]
    assert engine.audit.verify().intact


def test_concurrent_writers_keep_one_chain(engine, database_url, people, clock):
    """Eight threads, each its own engine (own connections), audit at once; the chain stays a line."""
    engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    engines = [Engine.from_url(database_url, clock=clock) for _ in range(8)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(engines))

    def write(writer: Engine) -> None:
        try:
            start.wait()
            for _ in range(5):
                writer.sessions.end_sessions(ADMIN, people.ops.user_id)  # the same user row: writers queue
                writer.runtime.cases_of(people.supervisor)  # a read that is audited too
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(writer,)) for writer in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        report = engines[0].audit.verify()
        with engines[0].context.transaction(write=False) as session:
            total = session.execute(select(func.count()).select_from(LOG)).scalar_one()
        assert report.intact, report.problem
        assert report.entries == total >= 8 * 5
    finally:
        for writer in engines:
            writer.close()


def test_two_processes_writing_in_turn_keep_one_chain(engine, database_url, people, clock):
    """Each engine first chains an entry onto the head it left behind; the other engine moved that head in
    between, so every such try misses and the entry is chained under the lock: nothing lost, no fork."""
    other = Engine.from_url(database_url, clock=clock)
    try:
        before = len(ids(engine))
        for turn in range(6):
            writer = (engine, other)[turn % 2]
            writer.sessions.end_sessions(ADMIN, people.ops.user_id)
        report = engine.audit.verify()
        assert report.intact, report.problem
        assert report.entries == len(ids(engine)) == before + 6
    finally:
        other.close()


def test_an_entry_chained_in_a_rolled_back_transaction_leaves_no_gap(engine, people):
    """The process remembers the head it wrote even when that transaction then rolls back; the next
    entry must not be chained onto the hash that never landed."""
    engine.sessions.end_sessions(ADMIN, people.ops.user_id)
    with pytest.raises(RuntimeError), engine.context.transaction() as session:
        write(session, [{"at": engine.clock.now(), "actor_id": None, "action": "lost.with.rollback"}])
        raise RuntimeError
    engine.sessions.end_sessions(ADMIN, people.ops.user_id)
    audit_after = ids(engine)
    report = engine.audit.verify()
    assert report.intact, report.problem
    assert report.head_id == audit_after[-1]
    with engine.context.transaction(write=False) as session:
        assert "lost.with.rollback" not in session.execute(select(LOG.c.action)).scalars().all()


def test_an_entry_onto_the_remembered_head_takes_no_separate_lock(engine, people):
    """The second audited write of a process runs no ``SELECT … FOR UPDATE`` of the head: on PostgreSQL
    locking, inserting and moving the head is one statement (one round trip)."""
    engine.sessions.end_sessions(ADMIN, people.ops.user_id)
    seen: list[str] = []

    def hook(_connection, _cursor, statement, *_):
        seen.append(" ".join(statement.split()))

    event.listen(engine.context.db.engine, "before_cursor_execute", hook)
    try:
        engine.sessions.end_sessions(ADMIN, people.ops.user_id)
    finally:
        event.remove(engine.context.db.engine, "before_cursor_execute", hook)
    on_chain = [statement for statement in seen if "audit_chain" in statement]
    assert not any(statement.startswith("SELECT audit_chain.last_id") for statement in on_chain), on_chain
    assert len(on_chain) == (1 if engine.context.db.engine.dialect.name == "postgresql" else 2)
    assert engine.audit.verify().intact


def test_the_command_reports_an_intact_log_and_a_broken_one(engine, logged, database_url, monkeypatch, capsys):
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", database_url)
    assert main(["audit", "verify"]) == 0
    assert "Dziennik audytu nienaruszony." in capsys.readouterr().out
    tamper(engine, delete(LOG).where(LOG.c.id == logged[2]))
    assert main(["audit", "verify"]) == 1
    assert f"NARUSZENIE: Usunięto wpis(y) przed wpisem {logged[3]}" in capsys.readouterr().err


def test_migration_0004_chains_the_entries_written_before_it(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0003")
        with database.engine.begin() as connection:
            for number in range(3):
                connection.execute(
                    text("INSERT INTO audit_log (at, actor_id, action, detail) VALUES (:at, NULL, :action, :detail)"),
                    {"at": f"2026-01-0{number + 1} 10:00:00.000000", "action": "login", "detail": f'{{"n": {number}}}'},
                )
        database.migrate()
        engine = Engine(database)
        report = engine.audit.verify()
        assert report.intact and report.entries == 3 and report.head_id == 3
        engine.directory.add_institution(ADMIN, "OPS po migracji", "OPS")
        report = engine.audit.verify()
        assert report.intact and report.entries == 4
    finally:
        database.dispose()
