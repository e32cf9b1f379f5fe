"""The shipped Alembic migrations produce exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from engine.db.database import Database
from engine.db.models import Base


def test_migrated_schema_matches_the_models(database_url):
    database = Database(database_url)
    try:
        with database.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        database.dispose()
    assert differences == []


def test_migrating_twice_is_harmless(database_url):
    database = Database(database_url)
    try:
        database.migrate()
        database.migrate()
    finally:
        database.dispose()
