"""The shipped Alembic migrations produce exactly the schema the models describe."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import insert, select

from engine.db.database import Database, alembic_config
from engine.db.models import Base, Institution
from engine.db.models.indexes import SQLITE_ONLY


def test_migrated_schema_matches_the_models(database_url):
    database = Database(database_url)
    try:
        with database.engine.connect() as connection:
            differences = _differences(connection)
    finally:
        database.dispose()
    assert differences == []


def test_migrating_again_keeps_the_data_and_the_schema(database_url):
    database = Database(database_url)
    try:
        with database.engine.begin() as connection:
            connection.execute(
                insert(Institution).values(
                    name="GOPS Świlcza", kind="OPS", gmina="Świlcza", created_at=datetime(2026, 12, 3, tzinfo=UTC)
                )
            )
        database.migrate()
        database.migrate()
        with database.engine.connect() as connection:
            names = connection.execute(select(Institution.name)).scalars().all()
            differences = _differences(connection)
            revision = MigrationContext.configure(connection).get_current_revision()
    finally:
        database.dispose()
    assert names == ["GOPS Świlcza"]
    assert differences == []
    assert revision == ScriptDirectory.from_config(alembic_config()).get_current_head()


def _differences(connection) -> list:
    """What autogenerate would change; an index the models create on SQLite only is left out elsewhere."""

    def compared(item, name, type_, _reflected, _compare_to) -> bool:
        return not (type_ == "index" and name in SQLITE_ONLY and connection.dialect.name != "sqlite")

    context = MigrationContext.configure(connection, opts={"include_object": compared})
    return compare_metadata(context, Base.metadata)
