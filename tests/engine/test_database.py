"""Pipelined writes: everything written in the block lands in order; a failure loses the whole transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from engine.db.database import Database, pipelined
from engine.db.models import Institution

AT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
TABLE = Institution.__table__  # Core statements: an ORM bulk insert reads the new ids back, and so does
# a one-row insert on PostgreSQL unless it is inline


def institution(name: str) -> dict:
    return {"name": name, "kind": "OPS", "gmina": "Świlcza", "created_at": AT}


def names(database: Database) -> list[tuple[str, str]]:
    with database.transaction(write=False) as session:
        return [
            tuple(row) for row in session.execute(select(Institution.name, Institution.kind).order_by(Institution.name))
        ]


def test_writes_in_the_block_land_in_the_order_they_were_made(database):
    with database.transaction() as session:
        session.execute(insert(TABLE).inline(), [institution("GOPS Świlcza")])
        with pipelined(session):
            session.execute(insert(TABLE).inline(), [institution("MOPS Rzeszów"), institution("PCPR Rzeszów")])
            session.execute(update(TABLE).where(Institution.name == "MOPS Rzeszów").values(kind="MOPS"))
            session.execute(delete(TABLE).where(Institution.name == "PCPR Rzeszów"))
            session.execute(insert(TABLE).inline(), [institution("PCPR Rzeszów")])
        assert session.execute(select(Institution.kind).where(Institution.name == "MOPS Rzeszów")).scalar() == "MOPS"
    assert names(database) == [("GOPS Świlcza", "OPS"), ("MOPS Rzeszów", "MOPS"), ("PCPR Rzeszów", "OPS")]


@pytest.mark.parametrize("failing_last", [False, True], ids=["then-more", "last"])
def test_a_failing_write_raises_as_sqlalchemy_does_and_nothing_of_the_transaction_lands(database, failing_last):
    """The failure shows at the next statement or, when it was the last, as the block ends."""
    with database.transaction() as session:
        session.execute(insert(TABLE).inline(), [institution("GOPS Świlcza")])
    with pytest.raises(IntegrityError), database.transaction() as session:
        session.execute(insert(TABLE).inline(), [institution("MOPS Rzeszów")])
        with pipelined(session):
            session.execute(update(TABLE).values(gmina="Rzeszów"))
            session.execute(insert(TABLE).inline(), [institution("GOPS Świlcza")])  # the name is taken
            if not failing_last:
                session.execute(insert(TABLE).inline(), [institution("PCPR Rzeszów")])
    assert names(database) == [("GOPS Świlcza", "OPS")]
    with database.transaction() as session:  # the connection went back to the pool usable
        session.execute(insert(TABLE).inline(), [institution("PCPR Rzeszów")])
    assert names(database) == [("GOPS Świlcza", "OPS"), ("PCPR Rzeszów", "OPS")]


def test_without_pipeline_support_the_block_writes_statement_by_statement(database, monkeypatch):
    """A libpq older than PostgreSQL 14's has no pipeline mode: the same block still writes."""
    psycopg = pytest.importorskip("psycopg")
    monkeypatch.setattr(psycopg.Pipeline, "is_supported", classmethod(lambda cls: False))
    with database.transaction() as session, pipelined(session):
        session.execute(insert(TABLE).inline(), [institution("GOPS Świlcza")])
        session.execute(update(TABLE).values(kind="GOPS"))
        assert session.execute(select(Institution.kind)).scalar() == "GOPS"  # a pipeline could not answer
    assert names(database) == [("GOPS Świlcza", "GOPS")]
