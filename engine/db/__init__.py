"""Persistence: models, their list indexes, the database, migrations."""

from engine.db import list_indexes  # noqa: F401 - the lists' indexes join the model tables
