"""Core statements of the completion path, compiled once and sent as driver SQL.

``session.execute(statement, parameters)`` builds the statement's cache key, looks its compiled
form up and sets up an execution context on every call: about 60–90 µs here, where the SQLite
cursor takes 4–7 µs. A completion runs a dozen such writes, the same ones every time, so
``Prepared`` keeps each statement's SQL string and bind processors per dialect and the set of
parameter names it was called with, and hands the bound values to ``exec_driver_sql``. What
SQLAlchemy does around the cursor stays: connection events (statement hooks), its exception
types (``IntegrityError`` …) and psycopg's pipeline mode.

Only for statements whose result is a row count or plain values (integers, strings): driver SQL
gets the rows as the driver returns them, so a column the dialect would convert on the way out
(dates on SQLite, JSON) is refused when the statement is first compiled, and so is a column left
out whose default SQLAlchemy would compute in Python. An ``IN`` with an expanding parameter takes a
different SQL string for every list length: it stays on ``session.execute``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import CursorResult, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement


class Prepared:
    """One Core statement, executed without SQLAlchemy's per-call compilation."""

    def __init__(self, statement: ClauseElement):
        self.statement = statement
        self._forms: dict[tuple, _Form] = {}

    def execute(self, session: Session, parameters: Mapping | Sequence[Mapping] | None = None) -> CursorResult:
        """Run the statement in the session's transaction: one parameter set, or several
        (``executemany``, which must all name the same parameters)."""
        connection = session.connection()
        if isinstance(parameters, Sequence):
            if not parameters:
                raise ValueError("No parameter sets to execute the statement with")
            if len(parameters) > 1:
                form = self._form(connection.dialect, tuple(parameters[0]), many=True)
                return connection.exec_driver_sql(form.sql, [form.bind(one) for one in parameters])
            parameters = parameters[0]
        parameters = parameters or {}
        form = self._form(connection.dialect, tuple(parameters), many=False)
        return connection.exec_driver_sql(form.sql, form.bind(parameters))

    def _form(self, dialect: Dialect, names: tuple[str, ...], many: bool) -> _Form:
        # the driver too: its paramstyle shapes the SQL (``?`` for sqlite3, ``%(name)s`` for psycopg)
        key = (dialect.name, dialect.driver, names, many)
        form = self._forms.get(key)
        if form is None:
            form = self._forms[key] = _compile(self.statement, dialect, names, many)
        return form


@dataclass(frozen=True)
class _Form:
    """The statement for one dialect and one set of parameter names."""

    sql: str
    construct: Callable[[Mapping], dict]
    processors: tuple[tuple[str, Callable[[Any], Any]], ...]
    positions: tuple[str, ...] | None  # the order of a positional paramstyle; None for named ones

    def bind(self, parameters: Mapping) -> dict | tuple:
        values = self.construct(parameters)
        for name, process in self.processors:
            values[name] = process(values[name])
        if self.positions is None:
            return values
        return tuple(values[name] for name in self.positions)


def _compile(statement: ClauseElement, dialect: Dialect, names: tuple[str, ...], many: bool) -> _Form:
    # the same column keys and executemany flag SQLAlchemy compiles with for these parameters: an
    # INSERT without .values() lists exactly the columns it is given
    compiled = statement.compile(dialect=dialect, column_keys=sorted(names), for_executemany=many)
    binds = compiled.bind_names
    if any(bind.expanding for bind in binds):
        raise ValueError("Prepared statements cannot expand a parameter list (IN): use session.execute")
    prefetched = [*getattr(compiled, "insert_prefetch", ()), *getattr(compiled, "update_prefetch", ())]
    if prefetched:  # SQLAlchemy computes these defaults per call; the driver would be sent NULL
        raise ValueError(f"Column {prefetched[0].name} needs its default computed: give it or use session.execute")
    returned = getattr(statement, "exported_columns", ())
    if many and returned:
        raise ValueError("The driver returns no rows of an executemany: use session.execute")
    for column in returned:
        if column.type.dialect_impl(dialect).result_processor(dialect, None) is not None:
            raise ValueError(f"Column {column.name} is converted when read: use session.execute")
    processors = {}  # by name: one parameter may be bound twice (``WHERE … AND completed_by = :user``)
    for bind, name in binds.items():
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors[name] = process
    positions = tuple(compiled.positiontup) if dialect.positional else None
    return _Form(compiled.string, compiled.construct_params, tuple(processors.items()), positions)
