"""Correlated probes that a list's count makes once per entry it walks, written so that SQLite reads an
index alone: ``EXISTS (SELECT 1 …)`` rather than ``SELECT *`` (with ``*`` SQLite reads the row behind
every matching index entry), and a case's status and partnership from ``ix_process_instance_probe``.

At 100,000 cases these rows and the case table's primary-key index are spread over a large file; a
count walks up to 1,001 entries, and each entry's row read was most of its cost.
"""

from __future__ import annotations

from sqlalchemy import literal_column, select

from engine.db.models import ProcessInstance

_INSTANCE = ProcessInstance.__table__
#: ``id, status, partnership_id`` of every case (migration 0020)
PROBE_INDEX = "ix_process_instance_probe"


def exists_row(*conditions):
    """``EXISTS (SELECT 1 WHERE conditions)``: true when a row of the tables the conditions name matches
    (correlated with the enclosing query like ``sqlalchemy.exists()``)."""
    return select(literal_column("1")).where(*conditions).exists()


def case_probe(query):
    """``query``, which looks a case up by its id, reading the case from ``PROBE_INDEX`` on SQLite.

    SQLite takes the primary key's index for ``id = ?`` (both indexes are unique on ``id``) and then
    reads the case row for ``status`` or ``partnership_id``; the probe index holds both. PostgreSQL
    picks the index-only scan itself and gets no hint. A condition on another column of the case
    still works (SQLite reads that row after the index).
    """
    return query.with_hint(_INSTANCE, f"INDEXED BY {PROBE_INDEX}", "sqlite")
