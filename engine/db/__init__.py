"""Database: tables (``models``), the connection (``database``), column types, migrations."""
