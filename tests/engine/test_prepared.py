"""Prepared statements write what ``session.execute`` writes, and fail the way it fails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import bindparam, event, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from engine.db.database import Database, pipelined
from engine.db.models import Institution, Job
from engine.db.prepared import Prepared

AT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
TABLE = Institution.__table__
INSERT = Prepared(insert(TABLE).inline())
RENAME = Prepared(
    update(TABLE)
    .where(TABLE.c.name == bindparam("b_old"), TABLE.c.created_at < bindparam("b_before"))
    .values(name=bindparam("b_new"))
)


def institution(name: str, at: datetime = AT) -> dict:
    return {"name": name, "kind": "OPS", "gmina": "Świlcza", "created_at": at}


def rows(database: Database) -> list[tuple]:
    with database.transaction(write=False) as session:
        query = select(Institution.name, Institution.gmina, Institution.created_at).order_by(Institution.name)
        return [tuple(row) for row in session.execute(query)]


def test_a_prepared_insert_stores_what_session_execute_stores(database):
    """Times go through the column's own conversion: the same instant given in Polish winter time and
    in UTC is stored alike, so both rows compare equal to it."""
    with database.transaction() as session:
        session.execute(insert(TABLE).inline(), [institution("GOPS Świlcza")])
        INSERT.execute(session, institution("MOPS Rzeszów", AT.astimezone(timezone(timedelta(hours=1)))))
    assert rows(database) == [("GOPS Świlcza", "Świlcza", AT), ("MOPS Rzeszów", "Świlcza", AT)]
    with database.transaction(write=False) as session:
        same_time = select(func.count()).select_from(TABLE).where(TABLE.c.created_at == AT)
        assert session.execute(same_time).scalar_one() == 2


def test_several_parameter_sets_one_set_and_an_insert_of_some_columns(database):
    with database.transaction() as session:
        INSERT.execute(session, [institution("GOPS Świlcza"), institution("PCPR Rzeszów")])
        INSERT.execute(session, [institution("MOPS Rzeszów")])
        INSERT.execute(session, {"name": "OIK Rzeszów", "kind": "OIK", "created_at": AT})  # no gmina given
    assert rows(database) == [
        ("GOPS Świlcza", "Świlcza", AT),
        ("MOPS Rzeszów", "Świlcza", AT),
        ("OIK Rzeszów", None, AT),
        ("PCPR Rzeszów", "Świlcza", AT),
    ]


def test_the_row_count_says_whether_the_conditions_held(database):
    """A parameter named twice and a time compared in the WHERE clause bind like any other."""
    with database.transaction() as session:
        INSERT.execute(session, institution("GOPS Świlcza"))
    with database.transaction() as session:
        too_early = {"b_old": "GOPS Świlcza", "b_new": "GOPS", "b_before": AT}
        assert RENAME.execute(session, too_early).rowcount == 0
        later = {**too_early, "b_before": AT + timedelta(seconds=1)}
        assert RENAME.execute(session, later).rowcount == 1
    assert [name for name, *_ in rows(database)] == ["GOPS"]


def test_a_returned_id_and_statement_hooks_see_prepared_statements(database):
    seen = []

    def hook(_connection, _cursor, statement, _parameters, _context, executemany):
        seen.append((statement.split(" ")[0], executemany))

    event.listen(database.engine, "before_cursor_execute", hook)
    try:
        with database.transaction() as session:
            new_id = Prepared(insert(TABLE).returning(TABLE.c.id)).execute(session, institution("GOPS")).scalar_one()
            INSERT.execute(session, [institution("MOPS"), institution("PCPR")])
            assert session.execute(select(TABLE.c.name).where(TABLE.c.id == new_id)).scalar_one() == "GOPS"
    finally:
        event.remove(database.engine, "before_cursor_execute", hook)
    assert [entry for entry in seen if entry[0] == "INSERT"] == [("INSERT", False), ("INSERT", True)]


@pytest.mark.parametrize("pipeline", [False, True], ids=["plain", "pipelined"])
def test_a_failing_prepared_write_raises_as_sqlalchemy_does_and_nothing_lands(database, pipeline):
    with database.transaction() as session:
        INSERT.execute(session, institution("GOPS Świlcza"))
    with pytest.raises(IntegrityError), database.transaction() as session:
        INSERT.execute(session, institution("MOPS Rzeszów"))
        if pipeline:
            with pipelined(session):
                INSERT.execute(session, institution("GOPS Świlcza"))  # the name is taken
        else:
            INSERT.execute(session, institution("GOPS Świlcza"))
    assert [name for name, *_ in rows(database)] == ["GOPS Świlcza"]


def test_statements_it_cannot_run_faithfully_are_refused_when_first_run(database):
    """Rows come back as the driver gives them, and an IN list changes the SQL with its length."""
    returning = Prepared(insert(TABLE).returning(TABLE.c.id))
    with database.transaction() as session:
        with pytest.raises(ValueError, match="created_at"):
            Prepared(select(TABLE.c.created_at)).execute(session)
        with pytest.raises(ValueError, match="IN"):
            Prepared(select(TABLE.c.id).where(TABLE.c.name.in_(bindparam("names", expanding=True)))).execute(
                session, {"names": ["GOPS"]}
            )
        with pytest.raises(ValueError, match="executemany"):
            returning.execute(session, [institution("GOPS"), institution("MOPS")])
        with pytest.raises(ValueError, match="attempts"):  # its default would be sent as NULL
            Prepared(insert(Job.__table__).inline()).execute(session, {"kind": "mail", "status": "pending"})
        with pytest.raises(ValueError, match="No parameter sets"):
            INSERT.execute(session, [])
    assert rows(database) == []
