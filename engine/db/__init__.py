"""Database: tables, migrations, types. ``facts`` is imported here so its table is on ``Base.metadata``
whenever any table is."""

from engine.db import facts  # noqa: F401
